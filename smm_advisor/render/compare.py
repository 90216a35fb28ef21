"""Renderer for `compare`: a Comparison in, a string out."""

from __future__ import annotations

from smm_advisor.advice.result import Comparison
from smm_advisor.i18n import t
from smm_advisor.render.style import Style, console, plain_lines


def render_comparison(c: Comparison, output_format: str, style: Style) -> str:
    if output_format == "json":
        from smm_advisor.render.json import comparison_payload, document_text

        return document_text(comparison_payload(c), "json")
    from rich import box
    from rich.table import Table
    from rich.text import Text

    if c.difference == 0:
        title = t("compare.tie", a=c.a.name, b=c.b.name, score=f"{c.a.score:.1f}")
    else:
        lead = c.a.name if c.difference > 0 else c.b.name
        title = t(
            "compare.title",
            a=c.a.name,
            sa=f"{c.a.score:.1f}",
            b=c.b.name,
            sb=f"{c.b.score:.1f}",
            lead=lead,
            diff=f"{abs(c.difference):.1f}",
        )
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column(t("col.rule"), no_wrap=True)
    table.add_column(c.a.name, justify="right", no_wrap=True)
    table.add_column(c.b.name, justify="right", no_wrap=True)
    table.add_column(t("col.difference"), justify="right", no_wrap=True)
    table.add_column(t("col.reason"), overflow="fold", ratio=1)
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
                con.print(t("compare.excluded", name=side.name, reason=side.excluded), markup=False)
    return plain_lines(cap.get())
