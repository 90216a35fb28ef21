"""How human formats may draw (width, colour) and the rich console they draw on."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from typing import Any, NamedTuple

from smm_advisor.errors import InputError, Problem
from smm_advisor.i18n import t


class Style(NamedTuple):
    """How a renderer may draw: width in columns, colour, terminal links, every rule's points, the long view.

    `long`: every network and every reason (the table) or every note in full (`platforms show`);
    `more`: how many networks that qualify the table leaves out (it says how to see them).
    """

    width: int = 80
    color: bool = False
    explain: bool = False
    long: bool = False
    more: int = 0
    links: bool = False


COLOR_CHOICES = ("auto", "always", "never")


def choose_style(output_format: str, color: str = "auto", explain: bool = False, long: bool = False) -> Style:
    """Width and colour for human formats: --color, then NO_COLOR, then FORCE_COLOR, then a TTY that is not TERM=dumb.

    Machine formats never get colour or wrapping, whatever COLUMNS or FORCE_COLOR say. Links are
    drawn only in colour, on a terminal known to show them (hyperlinks()).
    """
    import shutil

    if output_format not in ("table",):
        return Style(width=10_000, color=False, explain=explain, long=long)
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
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isascii() and columns.isdigit() and len(columns) <= 4:  # not '²', not 5,000 digits
        width = int(columns)
    links = use and hyperlinks(os.environ)
    return Style(width=max(40, min(width, 400)), color=use, explain=explain, long=long, links=links)


# Terminals that show OSC 8 hyperlinks, by what they put in the environment (others print the URL).
LINK_PROGRAMS = frozenset({"iTerm.app", "WezTerm", "vscode", "ghostty", "Hyper", "Tabby", "rio"})
LINK_TERMS = frozenset({"xterm-kitty", "xterm-ghostty", "foot", "foot-extra", "alacritty", "wezterm"})
LINK_MARKERS = ("WT_SESSION", "KONSOLE_VERSION", "KITTY_WINDOW_ID", "DOMTERM")
VTE_WITH_LINKS = 5000  # GNOME Terminal, Tilix, ...: VTE 0.50 and later


def hyperlinks(environ: Mapping[str, str]) -> bool:
    """Whether the terminal shows OSC 8 links: FORCE_HYPERLINK (1 or 0) decides, else a terminal we know.

    Inside tmux or screen the outer terminal is unknown: no links unless forced.
    """
    forced = environ.get("FORCE_HYPERLINK", "").strip()
    if forced:
        return forced != "0"
    if environ.get("TMUX") or environ.get("STY") or environ.get("CI"):
        return False
    vte = environ.get("VTE_VERSION", "")
    return (
        environ.get("TERM_PROGRAM", "") in LINK_PROGRAMS
        or environ.get("TERM", "") in LINK_TERMS
        or any(environ.get(marker) for marker in LINK_MARKERS)
        or (vte.isdigit() and int(vte) >= VTE_WITH_LINKS)
    )


SHORTEST_TAIL = 12  # cells of a clause after a colon worth keeping when the rest is cut


def cut(text: str, width: int) -> str:
    """`text` in `width` cells, with an ellipsis: cut after a whole word where one ends in the second
    half, or before a colon when only a scrap of the clause after it would be left ('leads 3/3…').
    """
    from rich.cells import cell_len, set_cell_size

    if cell_len(text) <= width:
        return text
    head = set_cell_size(text, max(width - 1, 0))
    word_end = head.rfind(" ")
    if text[len(head) :][:1] not in " :;," and word_end > width // 2:  # a word is cut: leave it out
        head = head[:word_end]
    colon = head.rfind(": ")
    if colon > 0 and len(head) - colon - 2 < SHORTEST_TAIL:
        head = head[:colon]
    return head.rstrip(" ,;:") + "…"


_LINK_ID = re.compile("\x1b\\]8;id=[^;]*;")


def plain_lines(text: str) -> str:
    """Strip the padding rich leaves at line ends, and the random ids rich gives links (same input, same bytes)."""
    text = _LINK_ID.sub("\x1b]8;;", text)
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


def console(style: Style) -> Any:
    """A rich console that records into a string; colour only when the style allows it."""
    import io

    from rich.console import Console

    return Console(
        file=io.StringIO(),
        width=style.width,
        height=25,  # given, so that rich does not read COLUMNS and LINES itself (it fails on '²')
        color_system="standard" if style.color else None,
        force_terminal=style.color,
        no_color=not style.color,
        highlight=False,
        emoji=False,
        soft_wrap=False,
    )
