"""Markdown: a GitHub-flavoured table for job summaries, issues and mails."""

from __future__ import annotations

from typing import TYPE_CHECKING

from smm_advisor.i18n import t
from smm_advisor.render.style import Style
from smm_advisor.render.text import explain_lines, heading, portfolio_text, robustness_text

if TYPE_CHECKING:
    from smm_advisor.advice.result import Recommendation


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
