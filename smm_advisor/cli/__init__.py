"""The command line: the typer app, one module per command, and the entry point that maps errors to exit codes."""

from __future__ import annotations

from typing import Any

from smm_advisor.cli.entry import main, run

__all__ = ["main", "run"]  # and `app`, with every command registered: see __getattr__


def __getattr__(name: str) -> Any:
    if name == "app":
        from smm_advisor.cli.entry import register_commands

        return register_commands()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
