"""A self-contained HTML report to mail to a manager: no scripts, no external assets, no network.

The ranking as an inline SVG bar chart, the reasons, the portfolio, fragile positions and the
sources with their dates, in the chosen language. Deterministic: no clock, no randomness.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from smm_advisor.advice.result import Recommendation
from smm_advisor.i18n import language, t
from smm_advisor.knowledge.facts import freshest, iter_sourced
from smm_advisor.render.text import explain_lines, heading, robustness_text

if TYPE_CHECKING:
    from smm_advisor.knowledge.models import KnowledgeBase

BAR_WIDTH = 420
ROW_HEIGHT = 28
LABEL_WIDTH = 150

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;margin:2rem auto;
max-width:60rem;padding:0 1rem;color:#1d2330;line-height:1.45}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #d8dce4}
.meta{color:#566074;font-size:.9rem}table{border-collapse:collapse;width:100%;font-size:.92rem}
th,td{text-align:left;vertical-align:top;padding:.35rem .5rem;border-bottom:1px solid #e6e9ef}
th{background:#f3f5f9}.num{text-align:right;white-space:nowrap}.warn{color:#8a4b00}
.fragile{color:#a32020;font-weight:600}.stable{color:#1f6f3c}svg text{font-size:13px;fill:#1d2330}
ul{padding-left:1.2rem}a{color:#1f4fa3}small{color:#566074}
"""


def _chart(rec: Recommendation) -> str:
    rows = rec.recommendations
    height = ROW_HEIGHT * len(rows) + 10
    width = LABEL_WIDTH + BAR_WIDTH + 60
    parts = [
        f'<svg id="chart" role="img" aria-label="{escape(t("col.score"))}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, r in enumerate(rows):
        y = 5 + i * ROW_HEIGHT
        bar = round(BAR_WIDTH * r.score / 100, 1)
        colour = "#2f8f57" if r.score >= 65 else ("#d39b22" if r.score >= 50 else "#c0504d")
        parts.append(
            f'<g class="bar" data-platform="{escape(r.platform)}">'
            f'<text x="0" y="{y + 17}">{r.rank}. {escape(r.name)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{bar}" height="{ROW_HEIGHT - 10}" rx="3" fill="{colour}"/>'
            f'<text x="{LABEL_WIDTH + bar + 6}" y="{y + 17}">{r.score:.1f}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _sources(kb: KnowledgeBase, rec: Recommendation) -> str:
    """Every source behind the recommended networks, with the newest date a fact of it carries."""
    latest: dict[tuple[str, str], str] = {}
    for r in rec.recommendations:
        for _, fact in iter_sourced(kb.platform(r.platform)):
            source = kb.source(fact.source)
            key = (source.title, source.url)
            when = freshest(fact).isoformat()
            latest[key] = max(latest.get(key, when), when)
    items = [
        f'<li><a href="{escape(url)}">{escape(title)}</a> <small>({escape(when)})</small></li>'
        for (title, url), when in sorted(latest.items())
    ]
    return "<ul>" + "".join(items) + "</ul>"


def render_html(rec: Recommendation, kb: KnowledgeBase, explain: bool = False) -> str:
    lang = language()
    title = t("heading", profile="", version=rec.knowledge_base.version, as_of=rec.knowledge_base.as_of)
    title = title.split("(")[0].strip()
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">{escape(heading(rec))}</p>',
        _chart(rec),
        f"<h2>{escape(t('col.why'))}</h2>",
        "<table><thead><tr>",
        f"<th>#</th><th>{escape(t('col.network'))}</th><th class='num'>{escape(t('col.score'))}</th>",
        f"<th>{escape(t('col.why'))}</th></tr></thead><tbody>",
    ]
    for r in rec.recommendations:
        lines = explain_lines(r) if explain else list(r.reasons[:4])
        reasons = "<br>".join(escape(x) for x in lines) or escape(t("no.rule.moved"))
        out.append(
            f'<tr class="network" data-platform="{escape(r.platform)}"><td>{r.rank}</td><td>{escape(r.name)}</td>'
            f'<td class="num">{r.score:.1f}</td><td>{reasons}</td></tr>'
        )
    out.append("</tbody></table>")
    if rec.portfolio is not None:
        p = rec.portfolio
        out.append(f'<h2 id="portfolio">{escape(t("portfolio.title", n=len(p.picks)))}</h2><ol>')
        for pick in p.picks:
            out.append(
                f"<li><strong>{escape(pick.name)}</strong> ({pick.score:.1f}): {escape(pick.why)}<br>"
                f"<small>{escape(pick.effort)}</small></li>"
            )
        out.append("</ol>")
        out += [f'<p class="warn">&#9888; {escape(w)}</p>' for w in p.warnings]
    if rec.robustness is not None:
        lines = robustness_text(rec).splitlines()
        out.append(f'<h2 id="robustness">{escape(lines[0])}</h2><ul>')
        for s, line in zip(rec.robustness.platforms, lines[1:], strict=True):
            css = "fragile" if s.fragile else "stable"
            out.append(f'<li class="{css}" data-platform="{escape(s.platform)}">{escape(line.strip())}</li>')
        out.append("</ul>")
    if rec.excluded:
        out.append(f"<h2>{escape(t('not.recommended').rstrip(':'))}</h2><ul>")
        out += [f"<li>{escape(e.name)}: {escape(e.reason)}</li>" for e in rec.excluded]
        out.append("</ul>")
    out.append(f'<h2 id="sources">{escape(t("sources"))}</h2>')
    out.append(_sources(kb, rec))
    out.append(f'<p class="meta">smm-advisor &middot; {escape(t("generated", version=rec.knowledge_base.version))}</p>')
    out.append("</body></html>\n")
    return "\n".join(out)
