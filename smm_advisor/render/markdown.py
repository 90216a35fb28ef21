"""Markdown: a GitHub-flavoured table for job summaries, issues and mails, and lists for what follows it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from smm_advisor.i18n import number, t
from smm_advisor.render.style import Style
from smm_advisor.render.text import (
    explain_lines,
    heading,
    notices,
    pick_text,
    portfolio_title,
    robustness_rows,
    robustness_title,
)

if TYPE_CHECKING:
    from smm_advisor.advice.result import Recommendation


def _md(text: object) -> str:
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render_markdown(rec: Recommendation, style: Style) -> str:
    """A Markdown table (GitHub-flavoured) for job summaries, issues and mails."""
    header = "| # | " + " | ".join([t("network"), t("score"), t("why")]) + " |"
    lines = [f"**{_md(heading(rec))}**", ""]
    lines += [f"> {_md(notice)}\n" for notice in notices(rec)]
    if rec.recommendations:
        lines += [header, "|---:|---|---:|---|"]
    for r in rec.recommendations:
        shown = r.reasons if style.long else r.reasons[:3]  # --long: every reason
        reasons = explain_lines(r) if style.explain else [str(line) for line in shown]
        why = "<br>".join(_md(reason) for reason in reasons) or t("no rule moved the score")
        lines.append(f"| {r.rank} | {_md(r.name)} | {number(r.score)} | {why} |")
    # Lists, each after a blank line: lines that merely follow each other run into one paragraph.
    if rec.portfolio is not None and rec.portfolio.picks:
        p = rec.portfolio
        lines += ["", f"**{_md(portfolio_title(p))}**", ""]
        lines += [f"{i}. {_md(pick_text(pick))}<br>{_md(pick.effort)}" for i, pick in enumerate(p.picks, start=1)]
        if p.warnings:
            lines += ["", *(f"- {_md(w)}" for w in p.warnings)]
    if rec.robustness is not None:
        lines += ["", f"**{_md(robustness_title(rec))}**", ""]
        lines += [f"- {_md(row)}" for row in robustness_rows(rec)]
    if rec.excluded:
        lines += ["", t("Not recommended:"), ""]
        lines += [f"- {_md(e.name)}: {_md(e.reason)}" for e in rec.excluded]
    return "\n".join(lines) + "\n"
