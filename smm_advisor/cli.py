"""The command line's entry point: run the typer app and turn every failure into an exit code."""

from __future__ import annotations

import os
import sys

import typer

from . import cmd_check, cmd_kb, cmd_platforms, cmd_profile, cmd_recommend, cmd_schema  # noqa: F401  (they register their commands)
from .app import _state, app
from .errors import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_USAGE, AdvisorError

__all__ = ["app", "main", "run"]


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
