"""Renderer for `compare`: a Comparison in, a string out."""

from __future__ import annotations

from smm_advisor.advice.result import Comparison
from smm_advisor.i18n import number, t
from smm_advisor.render.sanitise import sanitised
from smm_advisor.render.style import Style, console, plain_lines


def render_comparison(c: Comparison, output_format: str, style: Style) -> str:
    if output_format == "json":
        from smm_advisor.render.json import comparison_payload, document_text

        return document_text(comparison_payload(c), "json")
    from rich import box
    from rich.table import Table
    from rich.text import Text

    c = sanitised(c)  # no control character from data reaches the terminal (render/sanitise.py)
    if c.difference == 0:
        title = t("{a} and {b} tie at {score}", a=c.a.name, b=c.b.name, score=number(c.a.score))
    else:
        lead = c.a.name if c.difference > 0 else c.b.name
        title = t(
            "{a} ({sa}) vs {b} ({sb}): {lead} by {diff} points",
            a=c.a.name,
            sa=number(c.a.score),
            b=c.b.name,
            sb=number(c.b.score),
            lead=lead,
            diff=number(abs(c.difference)),
        )
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column(t("rule"), no_wrap=True)
    table.add_column(c.a.name, justify="right", no_wrap=True)
    table.add_column(c.b.name, justify="right", no_wrap=True)
    table.add_column(t("difference"), justify="right", no_wrap=True)
    table.add_column(t("reason"), overflow="fold", ratio=1)
    for row in c.rules:
        reasons = f"{c.a.name}: {row.a_reason}\n{c.b.name}: {row.b_reason}"
        points = (f"{row.a_points:+.1f}", f"{row.b_points:+.1f}", f"{row.difference:+.1f}")
        table.add_row(row.rule, *points, Text(reasons))  # Text: reasons are not markup
    con = console(style)
    with con.capture() as cap:
        con.print(title, markup=False)
        con.print(table)
        for side in (c.a, c.b):
            if side.excluded:
                con.print(t("{name} is excluded: {reason}", name=side.name, reason=side.excluded), markup=False)
    return plain_lines(cap.get())
