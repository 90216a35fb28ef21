"""JSON and JSON Lines: the machine-readable documents (schemas/recommendation.json, schemas/comparison.json).

Written from the result objects field by field, in a fixed key order; `json.dumps` only (never a
console, which would wrap lines). Fields are only ever added within a major schema version.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from smm_advisor.knowledge.reader import UNSAFE_TEXT
from smm_advisor.render.style import Style

if TYPE_CHECKING:
    from smm_advisor.advice.result import Comparison, Portfolio, Ranked, Recommendation, Robustness

_compact = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode
_indented = json.JSONEncoder(ensure_ascii=False, indent=2, allow_nan=False).encode


def _escaped(text: str) -> str:
    """The encoder escapes C0 controls; DEL, C1 controls and bidirectional overrides get their \\u escape too.

    (They can only stand inside strings, where the escape means the same character.) allow_nan=False
    above is the last line of defence for numbers: NaN or infinity in a document is an error, not output.
    """
    if not UNSAFE_TEXT.search(text):
        return text
    return UNSAFE_TEXT.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def compact(payload: Any) -> str:
    """A document on one line (JSONL, batch records)."""
    return _escaped(_compact(payload))


def ranked_payload(r: Ranked, explain: bool) -> dict[str, Any]:
    item: dict[str, Any] = {
        "rank": r.rank,
        "platform": r.platform,
        "name": r.name,
        "score": r.score,
        "tier": r.tier,
        "tied": r.tied,
        "audience_share": r.audience_share,
        "reasons": list(r.reasons),
    }
    if explain:
        item["contributions"] = [
            {"rule": c.rule, "factor": c.factor, "points": c.points, "reason": c.reason} for c in r.contributions
        ]
    return item


def portfolio_payload(p: Portfolio) -> dict[str, Any]:
    return {
        "size": p.size,
        "hours_budget": p.hours_budget,
        "total_hours": p.total_hours,
        "picks": [
            {
                "platform": pick.platform,
                "name": pick.name,
                "score": pick.score,
                "overlap": pick.overlap,
                "hours_per_week": pick.hours_per_week,
                "why": pick.why,
                "effort": pick.effort,
            }
            for pick in p.picks
        ],
        "warnings": list(p.warnings),
    }


def robustness_payload(r: Robustness) -> dict[str, Any]:
    return {
        "runs": r.runs,
        "seed": r.seed,
        "spread": r.spread,
        "platforms": [
            {
                "platform": s.platform,
                "rank": s.rank,
                "rank_kept": s.rank_kept,
                "tier": s.tier,
                "tier_kept": s.tier_kept,
                "fragile": s.fragile,
            }
            for s in r.platforms
        ],
    }


def recommendation_payload(rec: Recommendation, explain: bool = False) -> dict[str, Any]:
    """The JSON document for a recommendation (the shape scripts depend on; see schemas/)."""
    payload: dict[str, Any] = {
        "schema_version": rec.schema_version,
        "profile": rec.profile.payload(),
        "knowledge_base": {"version": rec.knowledge_base.version, "as_of": rec.knowledge_base.as_of.isoformat()},
        "recommendations": [ranked_payload(r, explain) for r in rec.recommendations],
        "excluded": [{"platform": e.platform, "name": e.name, "reason": e.reason} for e in rec.excluded],
    }
    if rec.portfolio is not None:
        payload["portfolio"] = portfolio_payload(rec.portfolio)
    if rec.robustness is not None:
        payload["robustness"] = robustness_payload(rec.robustness)
    return payload


def comparison_payload(c: Comparison) -> dict[str, Any]:
    """The JSON document of `compare`."""
    return {
        "schema_version": c.schema_version,
        "profile": c.profile.payload(),
        "knowledge_base": {"version": c.knowledge_base.version, "as_of": c.knowledge_base.as_of.isoformat()},
        "a": {"platform": c.a.platform, "name": c.a.name, "score": c.a.score, "excluded": c.a.excluded},
        "b": {"platform": c.b.platform, "name": c.b.name, "score": c.b.score, "excluded": c.b.excluded},
        "difference": c.difference,
        "rules": [
            {
                "rule": r.rule,
                "a_points": r.a_points,
                "b_points": r.b_points,
                "difference": r.difference,
                "a_reason": r.a_reason,
                "b_reason": r.b_reason,
            }
            for r in c.rules
        ],
    }


def document_text(payload: dict[str, Any], output_format: str) -> str:
    """A document as --format json (indented) or jsonl (one line) writes it: the one JSON writer."""
    if output_format == "jsonl":
        return compact(payload) + "\n"
    return _escaped(_indented(payload)) + "\n"


def render_json(rec: Recommendation, style: Style) -> str:
    return document_text(recommendation_payload(rec, style.explain), "json")


def render_jsonl(rec: Recommendation, style: Style) -> str:
    """The JSON document on one line: the format of --batch output, handy for appending to logs."""
    return document_text(recommendation_payload(rec, style.explain), "jsonl")
