"""How human formats may draw (width, colour) and the rich console they draw on."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import Any

from smm_advisor.errors import InputError, Problem
from smm_advisor.i18n import t


@dataclass(frozen=True)
class Style:
    """How a renderer may draw: width in columns, colour, and whether to show every rule's points."""

    width: int = 80
    color: bool = False
    explain: bool = False


COLOR_CHOICES = ("auto", "always", "never")


def choose_style(output_format: str, color: str = "auto", explain: bool = False) -> Style:
    """Width and colour for human formats: --color, then NO_COLOR, then FORCE_COLOR, then a TTY that is not TERM=dumb.

    Machine formats never get colour or wrapping, whatever COLUMNS or FORCE_COLOR say.
    """
    import shutil

    if output_format not in ("table",):
        return Style(width=10_000, color=False, explain=explain)
    choice = color.strip().lower()
    if choice not in COLOR_CHOICES:
        allowed = ", ".join(COLOR_CHOICES)
        message = t("{value} is not a colour mode (allowed: {allowed})", value=repr(color), allowed=allowed)
        raise InputError([Problem(t("command line"), message, field="--color")])
    if choice == "auto":
        use = sys.stdout.isatty() and os.environ.get("TERM") != "dumb"  # a dumb terminal shows escapes as text
        if os.environ.get("FORCE_COLOR"):
            use = True
        if os.environ.get("NO_COLOR"):
            use = False
    else:
        use = choice == "always"
    width = shutil.get_terminal_size((80, 24)).columns if sys.stdout.isatty() else 80
    if os.environ.get("COLUMNS", "").isdigit():
        width = int(os.environ["COLUMNS"])
    return Style(width=max(40, min(width, 400)), color=use, explain=explain)


def plain_lines(text: str) -> str:
    """Strip the padding rich leaves at line ends."""
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


def console(style: Style) -> Any:
    """A rich console that records into a string; colour only when the style allows it."""
    import io

    from rich.console import Console

    return Console(
        file=io.StringIO(),
        width=style.width,
        color_system="standard" if style.color else None,
        force_terminal=style.color,
        no_color=not style.color,
        highlight=False,
        emoji=False,
        soft_wrap=False,
    )
