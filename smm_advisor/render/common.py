"""Renderers: a Recommendation in, a string out. The only module that imports rich."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from smm_advisor.advice.scoring import BASE_SCORE
from smm_advisor.errors import InputError, Problem
from smm_advisor.i18n import goal_name, t

if TYPE_CHECKING:  # the renderers read fields only: the quick path hands them a view of the JSON document
    from smm_advisor.knowledge.models import Portfolio, Ranked, Recommendation


@dataclass(frozen=True)
class Style:
    """How a renderer may draw: width in columns, colour, and whether to show every rule's points."""

    width: int = 80
    color: bool = False
    explain: bool = False


COLOR_CHOICES = ("auto", "always", "never")


def choose_style(output_format: str, color: str = "auto", explain: bool = False) -> Style:
    """Width and colour for human formats: --color, then NO_COLOR, then FORCE_COLOR, then a TTY test.

    Machine formats never get colour or wrapping, whatever COLUMNS or FORCE_COLOR say.
    """
    import shutil

    if output_format not in ("table",):
        return Style(width=10_000, color=False, explain=explain)
    choice = color.strip().lower()
    if choice not in COLOR_CHOICES:
        allowed = ", ".join(COLOR_CHOICES)
        message = t("p.not_color", value=repr(color), allowed=allowed)
        raise InputError([Problem(t("command_line"), message, field="--color")])
    if choice == "auto":
        use = sys.stdout.isatty()
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


def recommendation_payload(rec: Recommendation, explain: bool = False) -> dict[str, Any]:
    """The JSON document for a recommendation (the shape scripts depend on; see schemas/)."""
    exclude: dict[str, Any] = {name: True for name in ("portfolio", "robustness") if getattr(rec, name) is None}
    if not explain:
        exclude["recommendations"] = {"__all__": {"contributions"}}
    return rec.model_dump(mode="json", exclude=exclude)


def document_text(payload: dict[str, Any], output_format: str) -> str:
    """The recommendation document as --format json (indented) or jsonl (one line) writes it."""
    if output_format == "jsonl":
        return json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n"
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def render_json(rec: Recommendation, style: Style) -> str:
    return document_text(recommendation_payload(rec, style.explain), "json")


def score_bar(score: float, width: int = 10) -> str:
    """A bar of `width` cells for a 0-100 score, in eighths of a cell."""
    eighths = round(score / 100 * width * 8)
    full, part = divmod(eighths, 8)
    bar = "\u2588" * full + ("" if part == 0 else chr(0x2590 - part))
    return bar.ljust(width, "\u00b7")


def render_table(rec: Recommendation, style: Style) -> str:
    from rich import box
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, expand=False, pad_edge=False, show_lines=style.explain)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column(t("col.network"), no_wrap=True)
    table.add_column(t("col.score"), no_wrap=True)
    table.add_column(t("col.why"), overflow="fold", ratio=1)
    for r in rec.recommendations:
        colour = "green" if r.score >= 60 else ("yellow" if r.score >= 45 else "red")
        bar = Text(score_bar(r.score), style=colour)
        bar.append(f" {r.score:5.1f}")
        why = "\n".join(explain_lines(r) if style.explain else r.reasons[:3]) or t("no.rule.moved")
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
            con.print(t("not.recommended"))
            for e in rec.excluded:
                con.print(Padding(Text(f"{e.name}: {e.reason}"), (0, 0, 0, 2)))
    return plain_lines(capture.get())


def explain_lines(r: Ranked) -> list[str]:
    """base 50.0, one signed line per rule, = score: the parts add up to the score exactly."""
    lines = [t("explain.base", points=f"{BASE_SCORE:.1f}")]
    lines += [f"{c.points:+5.1f} {c.rule}: {c.reason}" for c in r.contributions or ()]
    lines.append(t("explain.total", score=f"{r.score:.1f}"))
    return lines


def portfolio_text(portfolio: Portfolio) -> str:
    lines = [t("portfolio.title", n=len(portfolio.picks))]
    if portfolio.total_hours is not None:
        budget = portfolio.hours_budget
        lines[0] += ": " + (
            t("portfolio.budget", hours=f"{portfolio.total_hours:g}", budget=f"{budget:g}")
            if budget is not None
            else t("portfolio.hours", hours=f"{portfolio.total_hours:g}")
        )
    for i, pick in enumerate(portfolio.picks, start=1):
        lines.append(f"  {i}. {pick.name} ({pick.score:.1f}): {pick.why}")
        lines.append(f"     {pick.effort}")
    lines += [f"  ! {w}" for w in portfolio.warnings]
    return "\n".join(lines)


def robustness_text(rec: Recommendation) -> str:
    rob = rec.robustness
    assert rob is not None
    lines = [t("robust.title", runs=rob.runs, spread=round(rob.spread * 100), seed=rob.seed)]
    names = {r.platform: r.name for r in rec.recommendations}
    for s in rob.platforms:
        mark = t("robust.fragile") if s.fragile else t("robust.stable")
        row = t(
            "robust.row",
            rank=s.rank,
            rank_share=round(s.rank_kept * 100),
            tier=t(f"tier.{s.tier}"),
            tier_share=round(s.tier_kept * 100),
        )
        lines.append(f"  {names.get(s.platform, s.platform)}: {mark}, {row}")
    return "\n".join(lines)


def plain_lines(text: str) -> str:
    """Strip the padding rich leaves at line ends."""
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


def heading(rec: Recommendation) -> str:
    p = rec.profile
    parts = [t("h.market", market=p.market)]
    if p.goals:
        parts.append(t("h.goals", goals=", ".join(goal_name(g) for g in p.goals)))
    if p.age:
        parts.append(t("h.ages", ages=p.age))
    parts.append(t("h.regions", regions=", ".join(p.regions)))
    if p.content:
        parts.append(t("h.content", content=", ".join(p.content)))
    if p.ads is not None:
        parts.append(t("h.ads") if p.ads else t("h.noads"))
    kb = rec.knowledge_base
    return t("heading", profile="; ".join(parts), version=kb.version, as_of=kb.as_of)


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
    return document_text(recommendation_payload(rec, style.explain), "jsonl")


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
    header = f"| # | {t('col.network')} | {t('col.score')} | {t('col.why')} |"
    lines = [f"**{_md(heading(rec))}**", "", header, "|---:|---|---:|---|"]
    for r in rec.recommendations:
        reasons = explain_lines(r) if style.explain else list(r.reasons[:3])
        why = "<br>".join(_md(reason) for reason in reasons) or t("no.rule.moved")
        lines.append(f"| {r.rank} | {_md(r.name)} | {r.score:.1f} | {why} |")
    if rec.portfolio is not None:
        lines += ["", *(_md(line.strip()) for line in portfolio_text(rec.portfolio).splitlines())]
    if rec.robustness is not None:
        lines += ["", *(_md(line.strip()) for line in robustness_text(rec).splitlines())]
    if rec.excluded:
        lines += ["", t("not.recommended"), ""]
        lines += [f"- {_md(e.name)}: {_md(e.reason)}" for e in rec.excluded]
    return "\n".join(lines) + "\n"


RENDERERS: dict[str, Callable[[Recommendation, Style], str]] = {
    "table": render_table,
    "json": render_json,
    "jsonl": render_jsonl,
    "markdown": render_markdown,
    "csv": render_csv,
}
