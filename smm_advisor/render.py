"""Renderers: a Recommendation in, a string out. The only module that imports rich."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .models import Recommendation


@dataclass(frozen=True)
class Style:
    """How a renderer may draw: width in columns, colour, and whether to show every rule's points."""

    width: int = 80
    color: bool = False
    explain: bool = False


def recommendation_payload(rec: Recommendation, explain: bool = False) -> dict[str, Any]:
    """The JSON document for a recommendation (the shape scripts depend on; see schemas/)."""
    if explain:
        return rec.model_dump(mode="json")
    return rec.model_dump(mode="json", exclude={"recommendations": {"__all__": {"contributions"}}})


def render_json(rec: Recommendation, style: Style) -> str:
    return json.dumps(recommendation_payload(rec, style.explain), ensure_ascii=False, indent=2) + "\n"


def score_bar(score: float, width: int = 10) -> str:
    """A bar of `width` cells for a 0-100 score, in eighths of a cell."""
    eighths = round(score / 100 * width * 8)
    full, part = divmod(eighths, 8)
    bar = "\u2588" * full + ("" if part == 0 else chr(0x2590 - part))
    return bar.ljust(width, "\u00b7")


def render_table(rec: Recommendation, style: Style) -> str:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, expand=False, pad_edge=False, show_lines=False)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("network", no_wrap=True)
    table.add_column("score", no_wrap=True)
    table.add_column("why", overflow="fold", ratio=1)
    for r in rec.recommendations:
        colour = "green" if r.score >= 60 else ("yellow" if r.score >= 45 else "red")
        bar = Text(score_bar(r.score), style=colour)
        bar.append(f" {r.score:5.1f}")
        why = "\n".join(r.reasons[:3]) or "no rule moved the score"
        table.add_row(str(r.rank), r.name, bar, why)
    con = console(style)
    with con.capture() as capture:
        con.print(_heading(rec), markup=False)
        con.print(table)
        if rec.excluded:
            from rich.padding import Padding

            con.print("Not recommended:")
            for e in rec.excluded:
                con.print(Padding(Text(f"{e.name}: {e.reason}"), (0, 0, 0, 2)))
    return plain_lines(capture.get())


def plain_lines(text: str) -> str:
    """Strip the padding rich leaves at line ends."""
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


def _heading(rec: Recommendation) -> str:
    p = rec.profile
    parts = [f"market {p.market}"]
    if p.goals:
        parts.append("goals " + ", ".join(p.goals))
    if p.age:
        parts.append(f"ages {p.age}")
    parts.append("regions " + ", ".join(p.regions))
    if p.content:
        parts.append("content " + ", ".join(p.content))
    if p.ads is not None:
        parts.append("ads budget" if p.ads else "no ads")
    kb = rec.knowledge_base
    return f"Recommended networks ({'; '.join(parts)}) - knowledge base {kb.version} of {kb.as_of}"


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


def render_jsonl(rec: Recommendation, style: Style) -> str:
    """The JSON document on one line: the format of --batch output, handy for appending to logs."""
    return json.dumps(recommendation_payload(rec, style.explain), ensure_ascii=False, separators=(",", ":")) + "\n"


CSV_COLUMNS = ("rank", "platform", "name", "score", "reasons", "excluded_reason")


def render_csv(rec: Recommendation, style: Style) -> str:
    """One row per platform; excluded platforms last, with an empty rank and score."""
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    columns = [*CSV_COLUMNS, "explanation"] if style.explain else list(CSV_COLUMNS)
    writer.writerow(columns)
    for r in rec.recommendations:
        row = [r.rank, r.platform, r.name, f"{r.score:.1f}", " | ".join(r.reasons), ""]
        if style.explain:
            row.append(" | ".join(f"{c.rule} {c.points:+.1f}: {c.reason}" for c in r.contributions or ()))
        writer.writerow(row)
    for e in rec.excluded:
        writer.writerow(["", e.platform, e.name, "", "", e.reason, *([""] if style.explain else [])])
    return buf.getvalue()


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render_markdown(rec: Recommendation, style: Style) -> str:
    """A Markdown table (GitHub-flavoured) for job summaries, issues and mails."""
    lines = [f"**{_md(_heading(rec))}**", "", "| # | network | score | why |", "|---:|---|---:|---|"]
    for r in rec.recommendations:
        why = "<br>".join(_md(reason) for reason in r.reasons[:3]) or "no rule moved the score"
        lines.append(f"| {r.rank} | {_md(r.name)} | {r.score:.1f} | {why} |")
        if style.explain:
            parts = "<br>".join(f"{c.rule} {c.points:+.1f}: {_md(c.reason)}" for c in r.contributions or ())
            lines.append(f"| | | | base 50.0<br>{parts} |")
    if rec.excluded:
        lines += ["", "Not recommended:", ""]
        lines += [f"- {_md(e.name)}: {_md(e.reason)}" for e in rec.excluded]
    return "\n".join(lines) + "\n"


RENDERERS: dict[str, Callable[[Recommendation, Style], str]] = {
    "table": render_table,
    "json": render_json,
    "jsonl": render_jsonl,
    "markdown": render_markdown,
    "csv": render_csv,
}
MACHINE_FORMATS = frozenset({"json", "jsonl", "csv"})
