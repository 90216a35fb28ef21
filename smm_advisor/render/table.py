"""The table for people: the ranking with bars, reasons, portfolio, robustness and exclusions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from smm_advisor.i18n import number, t
from smm_advisor.render.style import Style, console, plain_lines
from smm_advisor.render.text import TIER_COLOURS, explain_lines, heading, portfolio_text, robustness_text, score_bar

if TYPE_CHECKING:
    from smm_advisor.advice.result import Recommendation


def render_table(rec: Recommendation, style: Style) -> str:
    from rich import box
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, expand=False, pad_edge=False, show_lines=style.explain)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column(t("network"), no_wrap=True)
    table.add_column(t("score"), no_wrap=True)
    table.add_column(t("why"), overflow="fold", ratio=1)
    for r in rec.recommendations:
        colour = TIER_COLOURS[r.tier]
        bar = Text(score_bar(r.score), style=colour)
        bar.append(f" {number(r.score):>5}")
        why = "\n".join(explain_lines(r) if style.explain else map(str, r.reasons[:3])) or t("no rule moved the score")
        table.add_row(str(r.rank), Text(r.name), bar, Text(why))  # Text: reasons are not markup
    con = console(style)
    with con.capture() as capture:
        con.print(heading(rec), markup=False)
        con.print(table)
        if rec.portfolio is not None:
            con.print(portfolio_text(rec.portfolio), markup=False)
            con.print()
        if rec.robustness is not None:
            con.print(robustness_text(rec), markup=False)
            con.print()
        if rec.excluded:
            con.print(t("Not recommended:"))
            for e in rec.excluded:
                con.print(Padding(Text(f"{e.name}: {e.reason}"), (0, 0, 0, 2)))
    return plain_lines(capture.get())
