"""The command line: parse, build the inputs, call the core, pick a renderer, map errors to exits."""

from __future__ import annotations

import os
import sys
from typing import Annotated, Any

import typer

from . import __version__
from .errors import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_USAGE, AdvisorError, InputError, Problem

EXIT_CODES_HELP = (
    "Exit codes: 0 success; 1 an opt-in gate failed; 2 usage or input error; "
    "70 internal error (rerun with --debug); 130 interrupted."
)

app = typer.Typer(
    name="smm-advisor",
    help="Which social networks should this business use, and why?\n\n" + EXIT_CODES_HELP,
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

_state: dict[str, Any] = {"debug": False}


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"smm-advisor {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")] = False,
) -> None:
    _state["debug"] = debug


FORMAT_HELP = "Output format: table (for people) or json (for scripts)."
MARKET_HELP = "b2b, b2c or both."
GOAL_HELP = (
    "Repeatable: awareness, image, leads, sales, traffic, support, loyalty, feedback, exchange, "
    "community, recruiting (German goal names such as Bekanntheit or Anfragen work too)."
)
REGION_HELP = "Repeatable: ISO 3166-1 alpha-2 country (DE, AT, CH, US, CN, ...) or a group: dach, eu, global."
CONTENT_HELP = "Repeatable: text, image, short-video, long-video, live, stories, chat."


@app.command()
def recommend(
    market: Annotated[str, typer.Option("--market", help=MARKET_HELP)] = "both",
    goal: Annotated[list[str] | None, typer.Option("--goal", help=GOAL_HELP)] = None,
    age: Annotated[str | None, typer.Option("--age", metavar="MIN-MAX", help="Audience age range, e.g. 25-54.")] = None,
    region: Annotated[list[str] | None, typer.Option("--region", metavar="CODE", help=REGION_HELP)] = None,
    content: Annotated[list[str] | None, typer.Option("--content", metavar="FORMAT", help=CONTENT_HELP)] = None,
    ads: Annotated[bool | None, typer.Option("--ads/--no-ads", help="A paid-advertising budget or not.")] = None,
    top: Annotated[
        int | None, typer.Option("--top", min=1, help="How many to rank (default: all that qualify).")
    ] = None,
    kb: Annotated[str | None, typer.Option("--kb", metavar="PATH", help="Use another knowledge base.")] = None,
    output_format: Annotated[str, typer.Option("--format", metavar="table|json", help=FORMAT_HELP)] = "table",
) -> None:
    """Rank the social networks for a business described by the options."""
    from .knowledge import load_knowledge_base
    from .profiles import from_flags
    from .scoring import recommend as rank

    renderer = _renderer(output_format)
    raw: dict[str, Any] = {"market": market, "goals": goal or [], "regions": region or [], "content": content or []}
    if age is not None:
        raw["age"] = age
    if ads is not None:
        raw["ads"] = ads
    flags = {"market": "--market", "goals": "--goal", "age": "--age", "regions": "--region", "content": "--content"}
    profile = from_flags(raw, flags)
    knowledge = load_knowledge_base(kb)
    result = rank(knowledge, profile, top=top)
    _write(renderer(result, _style(output_format)))


def _renderer(name: str) -> Any:
    from .render import RENDERERS

    key = name.strip().lower()
    if key not in RENDERERS:
        allowed = ", ".join(RENDERERS)
        raise InputError([Problem("command line", f"{name!r} is not a format (allowed: {allowed})", field="--format")])
    return RENDERERS[key]


def _style(output_format: str) -> Any:
    import shutil

    from .render import Style

    color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    if os.environ.get("FORCE_COLOR"):
        color = "NO_COLOR" not in os.environ
    width = shutil.get_terminal_size((80, 24)).columns if sys.stdout.isatty() else 80
    if os.environ.get("COLUMNS", "").isdigit():
        width = int(os.environ["COLUMNS"])
    return Style(width=max(40, min(width, 200)), color=color)


def _write(text: str) -> None:
    """One write of the whole output, so that an error never leaves half a document."""
    sys.stdout.write(text)
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code; every failure ends as one line on stderr."""
    command = typer.main.get_command(app)
    try:
        result = command.main(args=argv, prog_name="smm-advisor", standalone_mode=False)
        return result if isinstance(result, int) else 0
    except AdvisorError as exc:
        for line in exc.lines():
            sys.stderr.write(f"smm-advisor: {line}\n")
        return exc.exit_code
    except typer.TyperException as exc:
        ctx = getattr(exc, "ctx", None)
        where = ctx.command_path if ctx is not None else "smm-advisor"
        sys.stderr.write(f"{where}: {exc.format_message()} (see --help)\n")
        return int(getattr(exc, "exit_code", EXIT_USAGE)) or EXIT_USAGE
    except (KeyboardInterrupt, typer.Abort):
        sys.stderr.write("smm-advisor: interrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except Exception as exc:  # the last resort: one line, the traceback only with --debug
        if _state["debug"] or "--debug" in (argv if argv is not None else sys.argv):
            import traceback

            traceback.print_exc()
        sys.stderr.write(f"smm-advisor: internal error ({type(exc).__name__}); rerun with --debug and report it\n")
        return EXIT_INTERNAL


def _silence_stdout() -> None:
    """After a closed pipe, point stdout at devnull so the interpreter's final flush stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
