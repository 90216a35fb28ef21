"""The command line's entry point: run the typer app and turn every failure into an exit code."""

from __future__ import annotations

import copy
import os
import sys
from typing import TYPE_CHECKING, Any

from smm_advisor import version_text
from smm_advisor.errors import (
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OUTPUT,
    EXIT_USAGE,
    AdvisorError,
    OutputError,
    Terminated,
    one_line,
)
from smm_advisor.i18n import LANGUAGES, default_language, set_language, t

if TYPE_CHECKING:
    import typer

# typer, the app and the commands are imported in main(), after `--version` has had its answer:
# that one needs none of them (tests/test_startup.py keeps it so).

__all__ = ["main", "register_commands", "run"]  # and `app`, with every command: see __getattr__


def take_language(argv: list[str]) -> tuple[str | None, list[str], str | None]:
    """Take `--lang X` / `--lang=X` out of argv wherever it stands: (language, rest, bad value)."""
    lang: str | None = None
    rest: list[str] = []
    it = iter(argv)
    for arg in it:
        if arg == "--":
            rest.append(arg)
            rest.extend(it)
            break
        if arg == "--lang" or arg.startswith("--lang="):
            value = arg.partition("=")[2] if "=" in arg else next(it, "")
            lang = value.strip().lower()
            continue
        rest.append(arg)
    bad = lang if lang is not None and lang not in LANGUAGES else None
    return lang, rest, bad


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code; every failure ends as one line on stderr."""
    from smm_advisor.cli.streams import guarded

    with guarded():
        return _main(list(sys.argv[1:] if argv is None else argv))


def _main(args: list[str]) -> int:
    from smm_advisor.cli.streams import finish_output

    lang, args, bad = take_language(args)
    set_language(lang if lang in LANGUAGES else default_language())
    if bad is not None:
        sys.stderr.write(
            "smm-advisor: "
            + t("command line")
            + ": --lang: "
            + t("{value} is not a language (allowed: en, de)", value=repr(bad))
            + "\n"
        )
        return EXIT_USAGE
    try:
        asked, kb = version_request(args)
        if asked:  # the version needs no commands: answer before building them
            sys.stdout.write(version_lines(kb))
            finish_output()
            return 0
        code = _run_command(args, lang)
        finish_output()
        return code
    except OutputError as exc:
        return _output_failed(exc)
    except AdvisorError as exc:
        from smm_advisor.cli.app import error_lines

        for line in error_lines(exc):
            sys.stderr.write(f"smm-advisor: {line}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("smm-advisor: " + t("interrupted") + "\n")
        return EXIT_INTERRUPTED
    except Terminated as exc:
        import signal

        name = signal.Signals(exc.signum).name
        sys.stderr.write("smm-advisor: " + t("terminated ({signal})", signal=name) + "\n")
        return 128 + exc.signum
    except BrokenPipeError:  # a stdout that is not guarded (an embedding program's)
        return _output_failed(OutputError("", quiet=True))
    except Exception as exc:  # the last resort: one line, the traceback only with --debug
        from smm_advisor.cli.app import _state

        if _state["debug"] or "--debug" in args:
            import traceback

            traceback.print_exc()
        sys.stderr.write(
            "smm-advisor: "
            + t("internal error ({kind}); rerun with --debug and report it", kind=type(exc).__name__)
            + "\n"
        )
        return EXIT_INTERNAL


def _run_command(args: list[str], lang: str | None) -> int:
    """The command's exit code; AdvisorError and the other failures are main's to report."""
    import typer

    from smm_advisor.cli.app import _state
    from smm_advisor.cli.localise import localise, usage_error
    from smm_advisor.knowledge.reader import forget_streams

    _state["lang"] = lang  # given with --lang (None: not given): the language of machine output too
    forget_streams()  # a stream read by an earlier run in this process is not this run's
    command = typer.main.get_command(_app_for(args))
    localise(command)  # the commands declare their help in English
    try:
        result = command.main(args=args, prog_name="smm-advisor", standalone_mode=False)
    except typer.TyperException as exc:
        ctx = getattr(exc, "ctx", None)
        where = ctx.command_path if ctx is not None else "smm-advisor"
        message = t("{where}: {message} (see --help)", where=where, message=usage_error(exc.format_message()))
        sys.stderr.write(one_line(message) + "\n")
        return int(getattr(exc, "exit_code", EXIT_USAGE)) or EXIT_USAGE
    except typer.Abort:
        raise KeyboardInterrupt from None
    code = result if isinstance(result, int) else 0
    if code == EXIT_INTERRUPTED:  # typer turns Ctrl-C into Exit(130), silently
        sys.stderr.write("smm-advisor: " + t("interrupted") + "\n")
    return code


def _output_failed(exc: OutputError) -> int:
    """Nothing more reaches stdout; a closed pipe is quiet (exit 0), any other failure says what it was."""
    from smm_advisor.cli.streams import drop_output

    drop_output()
    if exc.quiet:
        return 0
    sys.stderr.write(f"smm-advisor: {exc}\n")
    return EXIT_OUTPUT


def version_request(args: list[str]) -> tuple[bool, str | None]:
    """Whether the command line asks for --version before any command, and the --kb PATH it names."""
    asked, kb, rest = False, None, iter(args)
    for arg in rest:
        if arg == "--version":
            asked = True
        elif arg == "--kb" or arg.startswith("--kb="):
            kb = arg.partition("=")[2] if "=" in arg else next(rest, None)
        elif arg != "--debug":
            return False, None
    return asked, kb


def version_lines(kb: str | None = None) -> str:
    """What --version prints: the tool's version, and the knowledge base's (--kb, $SMM_ADVISOR_KB, the bundled one).

    The knowledge base's version is read from its text (knowledge.store.version_of): no validation,
    no YAML parser for the usual file, so --version stays fast.
    """
    from smm_advisor.knowledge.store import ENV_KB, version_of

    version, as_of = version_of(kb)
    where = kb or os.environ.get(ENV_KB) or t("bundled")
    line = t("knowledge base {version} of {as_of} ({where})", version=version, as_of=as_of, where=where)
    return version_text() + line + "\n"


def register_commands() -> typer.Typer:
    """Import the command modules (each registers its commands on the app); return the app."""
    from smm_advisor.cli import check, compare, config, kb, platforms, profile, recommend, schema  # noqa: F401
    from smm_advisor.cli.app import app

    return app


def __getattr__(name: str) -> Any:
    if name == "app":  # `from smm_advisor.cli.entry import app` gets the app with every command
        return register_commands()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _app_for(args: list[str]) -> typer.Typer:
    """The app, or a view of it with only the command that `args` names.

    Building the click command of one command instead of all of them saves start-up time. Root
    options other than --debug (--help above all), completion and unknown names get the whole app.
    """
    app = register_commands()
    name = next((arg for arg in args if not arg.startswith("-")), None)
    if name is None or any(arg != "--debug" for arg in args[: args.index(name)]):
        return app
    if any(key.startswith("_SMM_ADVISOR_COMPLETE") for key in os.environ):
        return app
    commands = [c for c in app.registered_commands if _command_name(c) == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if len(commands) + len(groups) != 1:
        return app
    view = copy.copy(app)
    view.registered_commands, view.registered_groups = commands, groups
    return view


def _command_name(info: Any) -> str | None:
    import typer

    if info.name:
        return str(info.name)
    callback = info.callback
    return typer.main.get_command_name(callback.__name__) if callback is not None else None


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
