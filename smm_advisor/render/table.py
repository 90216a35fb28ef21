"""The table for people: a first screen that answers, or (long) every network with every reason.

The short view gives each network two lines (rank, name, score bar, score and tier; then its
strongest plus and strongest minus on one line), so that five networks, the heading and the
exclusions fit a 80x24 terminal. The long view (--long, --top 0, --explain) is a table with every
reason, or every rule's points.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from smm_advisor.i18n import number, t
from smm_advisor.render.style import Style, console, cut, plain_lines
from smm_advisor.render.text import (
    TIER_COLOURS,
    excluded_causes,
    explain_lines,
    heading,
    more_text,
    notices,
    portfolio_rows,
    portfolio_title,
    robustness_rows,
    robustness_title,
    score_bar,
    shared_reasons,
    strongest_reasons,
    tier_name,
)

if TYPE_CHECKING:
    from rich.text import Text

    from smm_advisor.advice.result import Ranked, Recommendation

NAME_WIDTH = 24  # a longer network name is cut with an ellipsis in the short view
GAP = "   "  # between the plus and the minus of a short reason line
SIGN_COLOURS = {"+": "green", "-": "red"}


def render_table(rec: Recommendation, style: Style) -> str:
    con = console(style)
    with con.capture() as capture:
        con.print(heading(rec), markup=False)
        for notice in notices(rec):
            con.print(_hanging("! ", notice))
        if rec.recommendations:
            if style.long or style.explain:
                con.print(_long_table(rec, style))
            else:
                con.print()
                for line in _short_lines(rec.recommendations, style.width):
                    con.print(line, no_wrap=True, crop=False)
        if style.more:
            con.print(more_text(style.more), markup=False)
        con.print()
        if rec.portfolio is not None and rec.portfolio.picks:
            con.print(portfolio_title(rec.portfolio), markup=False)
            for indent, text in portfolio_rows(rec.portfolio):
                con.print(_hanging(indent, text))
            con.print()
        if rec.robustness is not None and rec.recommendations:
            con.print(robustness_title(rec), markup=False)
            for row in robustness_rows(rec):
                con.print(_hanging("  ", row))
            con.print()
        if rec.excluded:
            con.print(t("Not recommended:"))
            if style.long:
                rows = [(f"{e.name}: ", e.reason.text) for e in rec.excluded]
            else:
                rows = [(f"{cause}: ", ", ".join(names)) for cause, names in excluded_causes(rec)]
            for label, text in rows:
                if len(label) <= style.width // 3 or len(label) + len(text) + 2 <= style.width:
                    con.print(_hanging("  " + label, text))
                else:  # a long cause on a line of its own, what it removed below it
                    con.print(_hanging("  ", label.rstrip()))
                    con.print(_hanging("      ", text))
    return plain_lines(capture.get())


def _hanging(indent: str, text: str) -> Any:
    """`indent` then `text`, whose wrapped lines start under its first word, not at column 0."""
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid()
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(Text(indent), Text(text))  # Text: reasons are not markup
    return grid


def _short_lines(ranked: tuple[Ranked, ...], width: int) -> list[Text]:
    """Two lines a network: ' 1  LinkedIn  ███████▋··  76.4  recommended', then its plus and its minus."""
    from rich.cells import cell_len
    from rich.text import Text

    digits = max(len(str(r.rank)) for r in ranked)
    names = min(NAME_WIDTH, max(cell_len(r.name) for r in ranked))
    indent = " " * (digits + 3)
    shared = shared_reasons(ranked)
    lines: list[Text] = []
    for r in ranked:
        colour = TIER_COLOURS[r.tier]
        line = Text(f" {r.rank:>{digits}}  ")
        name = Text(r.name, style="bold")
        name.truncate(names, overflow="ellipsis", pad=True)
        line.append_text(name)
        line.append("  ")
        line.append(score_bar(r.score), style=colour)
        line.append(f" {number(r.score):>5}  ")
        line.append(tier_name(r.tier), style=colour)
        lines.append(line)
        reasons = Text(indent)
        parts = fit(strongest_reasons(r, shared), width - len(indent)) or [t("no rule moved the score")]
        for i, part in enumerate(parts):
            reasons.append(GAP if i else "")
            reasons.append(part[:1], style=SIGN_COLOURS.get(part[:1], ""))
            reasons.append(part[1:])
        lines.append(reasons)
    return lines


def fit(parts: list[str], width: int) -> list[str]:
    """The parts on one line of `width` cells with GAP between them, each cut with an ellipsis if need be.

    Each part gets half the line; what one does not use (it is short, or cut before a word or a
    colon) goes to the other.
    """
    from rich.cells import cell_len

    if sum(cell_len(p) for p in parts) + len(GAP) * (len(parts) - 1) <= width:
        return parts
    if len(parts) == 1:
        return [cut(parts[0], width)]
    room = width - len(GAP)
    first = cut(parts[0], max(room // 2, room - cell_len(parts[1])))
    second = cut(parts[1], room - cell_len(first))
    return [cut(parts[0], room - cell_len(second)), second]


def _long_table(rec: Recommendation, style: Style) -> Any:
    """Every network with every reason (or every rule's points with --explain)."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, expand=False, pad_edge=False, show_lines=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column(t("network"), max_width=max(NAME_WIDTH // 2, style.width // 6))
    table.add_column(t("score"), no_wrap=True)
    table.add_column(t("why"), overflow="fold", ratio=1)
    for r in rec.recommendations:
        colour = TIER_COLOURS[r.tier]
        score = Text(score_bar(r.score), style=colour)
        score.append(f" {number(r.score):>5}\n")
        score.append(tier_name(r.tier), style=colour)
        why = "\n".join(explain_lines(r) if style.explain else map(str, r.reasons)) or t("no rule moved the score")
        table.add_row(str(r.rank), Text(r.name), score, Text(why))  # Text: reasons are not markup
    return table
