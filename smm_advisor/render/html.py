"""A self-contained HTML report to mail to a manager: no scripts, no external assets, no web fonts.

The ranking as a bar chart on the tier scale, each network's reasons, the portfolio, how stable
the ranking is, and the sources behind each network with their dates, in the chosen language.
It prints on A4: a network's block, a bar or a source group is not split across pages.
Deterministic: no clock, no randomness.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from smm_advisor.advice.provenance import facts_behind
from smm_advisor.advice.result import Ranked, Recommendation
from smm_advisor.advice.scoring import TIERS
from smm_advisor.i18n import language, number, pick, t
from smm_advisor.knowledge.facts import freshest
from smm_advisor.render.sanitise import sanitised
from smm_advisor.render.text import (
    explain_lines,
    notices,
    portfolio_title,
    profile_parts,
    robustness_line,
    robustness_method,
    short_title,
    tier_name,
)

if TYPE_CHECKING:
    from smm_advisor.knowledge.models import KnowledgeBase

# Bars, zones and the legend by tier; the bar colours are also what the browser test looks for.
TIER_FILL = {"recommended": "#2f8f57", "possible": "#d39b22", "weak": "#c0504d"}
TIER_ZONE = {"recommended": "#e5f2e9", "possible": "#fbf1dc", "weak": "#f8e9e8"}

CSS = """
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;margin:2rem auto;
max-width:58rem;padding:0 1rem;color:#1d2330;line-height:1.4;overflow-wrap:break-word}
h1{font-size:1.6rem;margin:0 0 .3rem}
h2{font-size:1.15rem;margin:1.8rem 0 .6rem;padding-bottom:.2rem;border-bottom:1px solid #d8dce4;break-after:avoid}
h3{font-size:1rem;margin:0 0 .3rem;break-after:avoid}
p{margin:.3rem 0}.meta{color:#566074;font-size:.88rem}.profile{font-size:.95rem}
a{color:#1f4fa3}
.chart{display:grid;grid-template-columns:fit-content(min(15rem,36%)) minmax(8rem,1fr) max-content;column-gap:.75rem;
row-gap:.3rem;align-items:center;margin:.8rem 0 .2rem}
.chart>.bar,.chart>.axis{grid-column:1/-1;display:grid;grid-template-columns:12rem minmax(6rem,1fr) 8rem;
grid-template-columns:subgrid;align-items:center;break-inside:avoid}
.chart .label{font-size:.92rem;line-height:1.2;overflow-wrap:anywhere}
.chart .track{display:block;width:100%;height:1.15rem}
.chart .value{font-size:.92rem;white-space:nowrap;font-variant-numeric:tabular-nums}
.axis .ticks{position:relative;height:1.1rem;font-size:.75rem;color:#566074}
.axis .ticks span{position:absolute;top:0;transform:translateX(-50%)}
.axis .ticks span:first-child{transform:none}.axis .ticks span:last-child{transform:translateX(-100%)}
.legend{font-size:.82rem;color:#3a4354}.legend span{white-space:nowrap;margin-right:1rem}
.legend svg{width:.8rem;height:.8rem;vertical-align:-.1rem;margin-right:.25rem}
.tier{color:#566074;font-size:.85em}
.network{break-inside:avoid;margin:0 0 .9rem;padding:.5rem .7rem;border-left:4px solid #c9ced8;background:#fafbfc}
.network.recommended{border-left-color:#2f8f57}.network.possible{border-left-color:#d39b22}
.network.weak{border-left-color:#c0504d}
.network h3{display:flex;flex-wrap:wrap;justify-content:space-between;column-gap:1rem}
.network h3 .name{min-width:0;overflow-wrap:anywhere}
.network .score{font-weight:normal;white-space:nowrap;font-variant-numeric:tabular-nums}
.reasons{list-style:none;margin:0;padding:0;font-size:.9rem}
.reasons li{padding-left:1.1rem;text-indent:-1.1rem}
.reasons .sign{display:inline-block;width:1.1rem;text-indent:0;font-weight:700}
.reasons .plus .sign{color:#1f6f3c}.reasons .minus .sign{color:#a32020}
.reasons.explain{font-variant-numeric:tabular-nums}
ol.picks,ul.plain{margin:.3rem 0;padding-left:1.3rem}ol.picks li,ul.plain li{margin:.2rem 0;break-inside:avoid}
.warn{color:#8a4b00}.fragile{color:#a32020;font-weight:600}.stable{color:#1f6f3c}
.sources{columns:2 22rem;column-gap:1.5rem;font-size:.8rem;line-height:1.3}
.source-group{break-inside:avoid-column;margin:0 0 .7rem}
.source-group h3{font-size:.85rem}
.source-group ul{list-style:none;margin:0;padding:0}.source-group li{margin:0 0 .15rem;break-inside:avoid}
.source-group time{color:#566074;white-space:nowrap}.source-group b{font-weight:600}
small{color:#566074}
footer{margin-top:1.5rem}
@page{size:A4;margin:14mm 14mm 16mm;
@bottom-right{content:counter(page) " / " counter(pages);font:8pt sans-serif;color:#566074}}
@media print{
html{font-size:9pt}body{margin:0;max-width:none;padding:0;line-height:1.3}
h1{font-size:15pt}h2{font-size:11pt;margin:1rem 0 .4rem}h3{font-size:9.5pt}
.chart{row-gap:.15rem;margin:.5rem 0 .1rem}.chart .track{height:.95rem}
.network{margin:0 0 .45rem;padding:.3rem .5rem;background:none}
.reasons{font-size:8.5pt}
.sources{font-size:6.5pt;line-height:1.2;columns:2;column-gap:6mm}
.source-group{margin:0 0 .3rem}.source-group h3{font-size:7pt}
a{color:inherit;text-decoration:none}footer{margin-top:.6rem}
}
"""


def _tier_word(tier: str) -> str:
    return tier_name(tier)


def _zones() -> str:
    """The tier scale behind every bar: a tinted zone per tier."""
    parts, top = [], 100.0
    for floor, name in TIERS:
        parts.append(f'<rect x="{floor:g}" width="{top - floor:g}" height="10" fill="{TIER_ZONE[name]}"/>')
        top = floor
    return "".join(parts)


def _floors() -> str:
    """A line at each tier's floor, drawn over the bar: where a bar crosses into the next tier."""
    return "".join(
        f'<line x1="{floor:g}" x2="{floor:g}" y1="0" y2="10" stroke="#1d2330" stroke-opacity=".45" '
        'stroke-width="1" vector-effect="non-scaling-stroke"/>'
        for floor, _ in TIERS
        if floor > 0
    )


def _legend() -> str:
    items, above = [], 100.0
    for floor, name in TIERS:
        word = _tier_word(name)
        text = (
            t("{tier} from {floor}", tier=word, floor=f"{floor:g}")
            if floor > 0
            else t("{tier} below {floor}", tier=word, floor=f"{above:g}")
        )
        swatch = f'<svg viewBox="0 0 10 10" aria-hidden="true"><rect width="10" height="10" fill="{TIER_FILL[name]}"/>'
        swatch += "</svg>"
        items.append(f"<span>{swatch}{escape(text)}</span>")
        above = floor
    return f'<p class="legend">{"".join(items)}</p>'


def _chart(rec: Recommendation) -> str:
    if not rec.recommendations:
        return ""
    zones, floors = _zones(), _floors()
    label = escape(t("Ranking by score (0-100)"))
    parts = [f'<div id="chart" class="chart" role="list" aria-label="{label}">']
    for r in rec.recommendations:
        width = max(0.0, min(100.0, r.score))
        parts.append(
            f'<div class="bar {r.tier}" role="listitem" data-platform="{escape(r.platform)}" data-tier="{r.tier}">'
            f'<span class="label">{r.rank}. {escape(r.name)}</span>'
            f'<svg class="track" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">{zones}'
            f'<rect class="fill" width="{width:g}" height="10" fill="{TIER_FILL[r.tier]}"/>{floors}</svg>'
            f'<span class="value">{number(r.score)} <span class="tier">{escape(_tier_word(r.tier))}</span></span></div>'
        )
    ticks = sorted({0.0, 100.0, *(floor for floor, _ in TIERS)})
    spans = "".join(f'<span style="left:{x:g}%">{x:g}</span>' for x in ticks)
    parts.append(
        f'<div class="axis" aria-hidden="true"><span></span><span class="ticks">{spans}</span><span></span></div>'
    )
    return "".join(parts) + "</div>" + _legend()


def _reasons(r: Ranked, explain: bool) -> str:
    if explain:
        lines = "".join(f"<li>{escape(line)}</li>" for line in explain_lines(r))
        return f'<ul class="reasons explain">{lines}</ul>'
    if not r.reasons:
        return '<ul class="reasons"><li>' + escape(t("no rule moved the score")) + "</li></ul>"
    items = []
    for line in r.reasons:
        kind, mark = ("plus", "+") if line.sign == "+" else ("minus", "\u2212")
        items.append(f'<li class="{kind}"><span class="sign">{mark}</span>{escape(line.reason.text)}</li>')
    return f'<ul class="reasons">{"".join(items)}</ul>'


def _networks(rec: Recommendation, explain: bool) -> str:
    if not rec.recommendations:
        return ""
    parts = ['<section id="networks"><h2>' + escape(t("Why these networks")) + "</h2>"]
    for r in rec.recommendations:
        score = t("{score} of 100", score=number(r.score)) + f" \u00b7 {_tier_word(r.tier)}"
        parts.append(
            f'<article class="network {r.tier}" data-platform="{escape(r.platform)}">'
            f'<h3><span class="name">{r.rank}. {escape(r.name)}</span><span class="score">{escape(score)}</span>'
            f"</h3>{_reasons(r, explain)}</article>"
        )
    parts.append("</section>")
    return "".join(parts)


def _sources(kb: KnowledgeBase, rec: Recommendation) -> str:
    """Per network, the sources of the facts its advice read, each with the newest date it stands for.

    A survey's source, and a network's figures in it, carry the survey's label, as the reasons name it.
    """
    groups = []
    for r in rec.recommendations:
        newest: dict[str, tuple[str, str]] = {}  # url -> (title, date)
        labels: dict[str, set[str]] = {}  # url -> the labels of the surveys it stands for
        for path, fact in facts_behind(kb, kb.platform(r.platform), rec.profile):
            source = kb.source(fact.source)
            when = freshest(fact).isoformat()
            if source.url not in newest or when > newest[source.url][1]:
                newest[source.url] = (source.title, when)
            # a survey, or a network's figures in one (the knowledge base may hold plain records, not models)
            survey = (
                kb.surveys[path.removeprefix("surveys.")]
                if path.startswith("surveys.")
                else kb.surveys.get(getattr(fact, "survey", ""))
                if path.startswith("audience[")
                else None
            )
            if survey is not None:
                labels.setdefault(source.url, set()).add(pick(survey.label, survey.label_de))
        shorts = [short_title(title) for title, _ in newest.values()]
        shown = {
            url: short if shorts.count(short) == 1 else title
            for (url, (title, _)), short in zip(newest.items(), shorts, strict=True)
        }
        named = {url: "; ".join(sorted(labels.get(url, ()))) for url in newest}
        items = [
            f"<li>{f'<b>{escape(named[url])}</b> ' if named[url] else ''}"
            f'<a href="{escape(url)}" title="{escape(title)}">{escape(shown[url])}</a> '
            f'<time datetime="{when}">{when}</time></li>'
            for url, (title, when) in sorted(
                newest.items(), key=lambda i: ((named[i[0]] or shown[i[0]]).casefold(), i[1][1], i[0])
            )
        ]
        groups.append(
            f'<section class="source-group" data-platform="{escape(r.platform)}">'
            f"<h3>{r.rank}. {escape(r.name)}</h3><ul>{''.join(items)}</ul></section>"
        )
    if not groups:
        return ""
    example = f"smm-advisor platforms show {rec.recommendations[0].platform}"
    return (
        '<section id="sources"><h2>' + escape(t("Sources and dates")) + "</h2>"
        '<p class="meta">'
        + escape(
            t(
                "Per network, the sources of the facts this advice reads for your market, goals, formats and "
                "regions, each with the date its facts describe or were last checked. Every fact of a network "
                "with its source: {example}.",
                example=example,
            )
        )
        + "</p>"
        f'<div class="sources">{"".join(groups)}</div></section>'
    )


def _portfolio(rec: Recommendation) -> str:
    p = rec.portfolio
    if p is None or not p.picks:  # nothing ranked: the notice says why
        return ""
    parts = [f'<section id="portfolio"><h2>{escape(portfolio_title(p))}</h2><ol class="picks">']
    parts += [
        f"<li><strong>{escape(pick.name)}</strong> ({number(pick.score)}): {escape(pick.why.text)}<br>"
        f"<small>{escape(pick.effort.text)}</small></li>"
        for pick in p.picks
    ]
    parts.append("</ol>")
    parts += [f'<p class="warn">&#9888; {escape(w.text)}</p>' for w in p.warnings]
    parts.append("</section>")
    return "".join(parts)


def _robustness(rec: Recommendation) -> str:
    if rec.robustness is None:
        return ""
    parts = [
        '<section id="robustness"><h2>' + escape(t("How stable is this ranking?")) + "</h2>",
        f'<p class="meta">{escape(robustness_method(rec))}</p><ul class="plain">',
    ]
    for s in rec.robustness.platforms:
        css = "fragile" if s.fragile else "stable"
        parts.append(f'<li class="{css}" data-platform="{escape(s.platform)}">{escape(robustness_line(rec, s))}</li>')
    parts.append("</ul></section>")
    return "".join(parts)


def _excluded(rec: Recommendation) -> str:
    if not rec.excluded:
        return ""
    heading = escape(t("Not recommended:").rstrip(":"))
    items = "".join(f"<li>{escape(e.name)}: {escape(e.reason.text)}</li>" for e in rec.excluded)
    return f'<section id="excluded"><h2>{heading}</h2><ul class="plain">{items}</ul></section>'


def render_html(rec: Recommendation, kb: KnowledgeBase, explain: bool = False) -> str:
    rec = sanitised(rec)  # no control character from data in the page (render/sanitise.py)
    info = rec.knowledge_base
    title = t("Recommended networks")
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{language()}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>",
        f"<header><h1>{escape(title)}</h1>",
        f'<p class="profile">{" &middot; ".join(escape(part) for part in profile_parts(rec))}</p>',
        '<p class="meta">'
        + escape(t("knowledge base {version} of {as_of}", version=info.version, as_of=info.as_of))
        + "</p></header>",
        "".join(f'<p class="warn notice">{escape(notice)}</p>' for notice in notices(rec)),
        _chart(rec),
        _networks(rec, explain),
        _portfolio(rec),
        _robustness(rec),
        _excluded(rec),
        _sources(kb, rec),
        '<footer class="meta">smm-advisor &middot; '
        + escape(t("generated from knowledge base {version}", version=info.version))
        + "</footer>",
        "</body></html>\n",
    ]
    return "\n".join(part for part in out if part)
