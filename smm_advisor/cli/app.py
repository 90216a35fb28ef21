"""The typer application, its global options and the helpers every command shares."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Annotated, Any

import typer

from smm_advisor.cli import completion as complete
from smm_advisor.errors import MAX_PROBLEMS, AdvisorError, InputError, Problem
from smm_advisor.i18n import SOURCE_LANGUAGE, language, t, tn

EXIT_CODES_HELP = (
    "Exit codes: 0 success (also when the reader of a pipe stops early); 1 an opt-in gate failed; "
    "2 usage or input error; 70 internal error (rerun with --debug) or a batch worker died; "
    "74 the output could not be written (no space left, output closed, an encoding that cannot carry it); "
    "130 interrupted (SIGINT); 143 terminated (SIGTERM; 129 for SIGHUP)."
)

EXAMPLES_HELP = (
    "Examples:\n"
    "  smm-advisor recommend --market b2b --goal leads --region DE --age 30-60\n"
    "  smm-advisor platforms show linkedin\n"
    '  smm-advisor check --platform x --text "Does this fit?"'
)


class _Group(typer.core.TyperGroup):
    """The root command: its epilog (the examples) printed line by line as written, not re-wrapped."""

    def format_epilog(self, ctx: Any, formatter: Any) -> None:
        if self.epilog:
            formatter.write_paragraph()
            with formatter.indentation():
                for line in self.epilog.splitlines():
                    formatter.write(" " * formatter.current_indent + line + "\n")


app = typer.Typer(
    name="smm-advisor",
    cls=_Group,
    help="Which social networks should this business use, and why?\n\n" + EXIT_CODES_HELP,
    epilog=EXAMPLES_HELP,
    invoke_without_command=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

_state: dict[str, Any] = {"debug": False, "lang": None}
MACHINE_FORMATS = ("json", "jsonl", "csv")


def _version(value: bool) -> None:
    if value:
        from smm_advisor.cli.entry import version_lines

        sys.stdout.write(version_lines())
        raise typer.Exit(0)


@app.callback()
def _root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            help="Print the version and the knowledge base's (--kb PATH: that one's), and exit.",
        ),
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar="de|en",
            autocompletion=complete.languages,
            help="Language of tables, reasons and messages; may stand anywhere on the command line "
            "(default: $SMM_ADVISOR_LANG, else the locale).",
        ),
    ] = None,
) -> None:
    _state["debug"] = debug
    if ctx.invoked_subcommand is None:  # a bare `smm-advisor`: the help with its examples, not a usage error
        write(ctx.get_help() + "\n")
        raise typer.Exit(0)


def bad_format(name: str, allowed: Iterable[str]) -> Problem:
    """The problem of an --format value that is not one of `allowed`."""
    message = t("{value} is not a format (allowed: {allowed})", value=repr(name), allowed=", ".join(allowed))
    return Problem(t("command line"), message, field="--format")


def choose_format(name: str, allowed: Iterable[str]) -> str:
    """The normalised --format value, or InputError naming the allowed ones."""
    key = name.strip().lower()
    if key not in allowed:
        raise InputError([bad_format(name, allowed)])
    return key


def renderer(name: str) -> Any:
    from smm_advisor.render.formats import RENDERERS, recommend_formats

    key = choose_format(name, recommend_formats())
    # html: the command renders it itself, for it needs the knowledge base for the sources
    return None if key == "html" else RENDERERS[key]


def output_language(output_format: str, config: Any = None) -> str:
    """The language to write `output_format` in.

    Machine formats (JSON, JSON Lines, CSV) are English unless --lang (or the project
    configuration's `lang`) names another language: the locale and $SMM_ADVISOR_LANG belong to a
    machine, and a laptop and a CI runner must write the same documents. The formats for people
    (table, Markdown, HTML) are in the reader's language.
    """
    if output_format not in MACHINE_FORMATS:
        return language()
    if config is None:
        return str(_state.get("lang") or SOURCE_LANGUAGE)
    from smm_advisor.cli.settings import machine_language

    return str(machine_language(_state.get("lang"), config).value)


def write(text: str) -> None:
    """One write of the whole output, so that an error never leaves half a document.

    A signal that arrives meanwhile takes effect once the document is out (cli/streams.py).
    """
    from smm_advisor.cli.streams import complete_writes

    if not text:
        return
    with complete_writes():
        sys.stdout.write(text)
        sys.stdout.flush()


def error_lines(exc: AdvisorError) -> list[str]:
    """The lines of an error, at most MAX_PROBLEMS of them; the rest are counted on one more line."""
    lines = exc.lines()
    rest = max(0, len(lines) - MAX_PROBLEMS) + getattr(exc, "more", 0)
    if not rest:
        return lines
    more = tn(
        "... and {n} more problem (only the first {limit} are shown)",
        "... and {n} more problems (only the first {limit} are shown)",
        rest,
        limit=MAX_PROBLEMS,
    )
    return [*lines[:MAX_PROBLEMS], more]
