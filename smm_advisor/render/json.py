"""JSON and JSON Lines: the machine-readable documents (schemas/recommendation.json, schemas/comparison.json,
the batch's records in schemas/batch-record.json and schemas/batch-error.json).

Written from the result objects field by field, in a fixed key order, as UTF-8 by orjson (never a
console, which would wrap lines): the documents `json.dumps(..., ensure_ascii=False)` writes, about
six times as fast (encoding was a fifth of a batch record's cost). Fields are only ever added
within a major schema version. Every text is a message, `{"code", "params", "text"}` (codes.py);
`lang` says the texts' language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson

from smm_advisor.i18n import language
from smm_advisor.knowledge.reader import UNSAFE_TEXT
from smm_advisor.render.style import Style
from smm_advisor.vocabulary import RECOMMENDATION_SCHEMA_VERSION

if TYPE_CHECKING:
    from smm_advisor.advice.result import Comparison, Portfolio, Ranked, Recommendation, Robustness
    from smm_advisor.codes import Reason


def encoded(payload: Any, indent: bool = False) -> bytes:
    """A document as UTF-8 JSON, on one line or indented by two: the one JSON writer.

    The encoder escapes C0 controls; DEL, C1 controls and bidirectional overrides get their \\u
    escape here too (they can only stand inside strings, where the escape means the same
    character). Numbers are bounded where they are read; a non-finite one could only ever be
    written as null, never as NaN or Infinity, which are not JSON.
    """
    data = orjson.dumps(payload, option=orjson.OPT_INDENT_2 if indent else None)
    if data.isascii():  # of the unsafe characters only DEL is ASCII
        return data.replace(b"\x7f", b"\\u007f") if b"\x7f" in data else data
    text = data.decode()
    if not UNSAFE_TEXT.search(text):
        return data
    return UNSAFE_TEXT.sub(lambda found: f"\\u{ord(found.group()):04x}", text).encode()


def message(reason: Reason) -> dict[str, Any]:
    """A text as the documents carry it: its stable code, the code's parameters, and the text made of them."""
    return {"code": reason.code, "params": reason.params, "text": reason.text}


def ranked_payload(r: Ranked, explain: bool) -> dict[str, Any]:
    item: dict[str, Any] = {
        "rank": r.rank,
        "platform": r.platform,
        "name": r.name,
        "score": r.score,
        "tier": r.tier,
        "tied": r.tied,
        "audience_share": r.audience_share,
        "reasons": [
            {"rule": line.rule, "sign": line.sign, "code": line.reason.code, "params": line.reason.params,
             "text": line.reason.text}
            for line in r.reasons
        ],
    }  # fmt: skip
    if explain:
        item["contributions"] = [
            {"rule": c.rule, "factor": c.factor, "points": c.points, "reason": message(c.reason)}
            for c in r.contributions
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
                "why": message(pick.why),
                "effort": message(pick.effort),
            }
            for pick in p.picks
        ],
        "warnings": [message(w) for w in p.warnings],
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
        "lang": rec.lang,
        "profile": rec.profile.payload(),
        "knowledge_base": {"version": rec.knowledge_base.version, "as_of": rec.knowledge_base.as_of.isoformat()},
        "recommendations": [ranked_payload(r, explain) for r in rec.recommendations],
        "excluded": [{"platform": e.platform, "name": e.name, "reason": message(e.reason)} for e in rec.excluded],
    }
    if rec.portfolio is not None:
        payload["portfolio"] = portfolio_payload(rec.portfolio)
    if rec.robustness is not None:
        payload["robustness"] = robustness_payload(rec.robustness)
    return payload


def comparison_payload(c: Comparison) -> dict[str, Any]:
    """The JSON document of `compare`."""
    sides = {
        key: {
            "platform": side.platform,
            "name": side.name,
            "score": side.score,
            "excluded": None if side.excluded is None else message(side.excluded),
        }
        for key, side in (("a", c.a), ("b", c.b))
    }
    return {
        "schema_version": c.schema_version,
        "lang": c.lang,
        "profile": c.profile.payload(),
        "knowledge_base": {"version": c.knowledge_base.version, "as_of": c.knowledge_base.as_of.isoformat()},
        **sides,
        "difference": c.difference,
        "rules": [
            {
                "rule": r.rule,
                "a_points": r.a_points,
                "b_points": r.b_points,
                "difference": r.difference,
                "a_reason": message(r.a_reason),
                "b_reason": message(r.b_reason),
            }
            for r in c.rules
        ],
    }


def batch_record(number: int, rec: Recommendation) -> bytes:
    """A batch's record of input line `number`: the recommendation's document with the line number, one UTF-8 line."""
    return encoded({"line": number, **recommendation_payload(rec)})


def batch_error(number: int, errors: list[str]) -> bytes:
    """A batch's record of an input line that could not be read or validated, one UTF-8 line."""
    return encoded(  # the line first, as in a result record
        {"line": number, "schema_version": RECOMMENDATION_SCHEMA_VERSION, "lang": language(), "errors": errors}
    )


def document_text(payload: dict[str, Any], output_format: str) -> str:
    """A document as --format json (indented) or jsonl (one line) writes it: the one JSON writer."""
    return encoded(payload, indent=output_format != "jsonl").decode() + "\n"


def render_json(rec: Recommendation, style: Style) -> str:
    return document_text(recommendation_payload(rec, style.explain), "json")


def render_jsonl(rec: Recommendation, style: Style) -> str:
    """The JSON document on one line: the format of --batch output, handy for appending to logs."""
    return document_text(recommendation_payload(rec, style.explain), "jsonl")
