"""The JSON Schemas of the documents render/ writes, built from the same vocabularies the writers use.

One schema per document: the recommendation (and the batch's two kinds of record), the
comparison, the post check, the platform list and one platform, the knowledge-base audit. Every
message's code is enumerated with the schema of its parameters (codes.py), so that a schema
validator checks what a program would match on. `schema_version` is required and fixed per schema.
tests/test_schemas.py validates real output of every command against these.
"""

from __future__ import annotations

from typing import Any

from smm_advisor.codes import CODES
from smm_advisor.i18n import LANGUAGES
from smm_advisor.render.check import SCHEMA_VERSION as CHECK_SCHEMA_VERSION
from smm_advisor.render.platforms import LIST_SCHEMA_VERSION
from smm_advisor.vocabulary import (
    AUDIT_SCHEMA_VERSION,
    COMPARISON_SCHEMA_VERSION,
    CONTENT_FORMATS,
    GOALS,
    MARKETS,
    RECOMMENDATION_SCHEMA_VERSION,
    REGION_GROUPS,
    REQUIREMENTS,
    RULE_NAMES,
    TEXT_KINDS,
)

DIALECT = "https://json-schema.org/draft/2020-12/schema"
BASE_ID = "urn:smm-advisor:schemas"  # + ":NAME": names, not addresses (the project has no web address for them)

Schema = dict[str, Any]


def _object(properties: Schema, required: list[str] | None = None, **extra: Any) -> Schema:
    """A closed object: every property listed, those in `required` (default: all) present."""
    return {
        "type": "object",
        "additionalProperties": False,
        "required": list(properties) if required is None else required,
        "properties": properties,
        **extra,
    }


def _array(items: Schema, **extra: Any) -> Schema:
    return {"type": "array", "items": items, **extra}


def _ref(name: str, **extra: Any) -> Schema:
    return {"$ref": f"#/$defs/{name}", **extra}


_STRING: Schema = {"type": "string"}
_NUMBER: Schema = {"type": "number"}
_INTEGER: Schema = {"type": "integer"}
_BOOLEAN: Schema = {"type": "boolean"}
_DATE: Schema = {"type": "string", "format": "date"}
_SCORE: Schema = {"type": "number", "minimum": 0, "maximum": 100}
_SHARE: Schema = {"type": "number", "minimum": 0, "maximum": 1}
_TIER: Schema = {"enum": ["recommended", "possible", "weak"], "description": "recommended from 65, possible from 50"}


def _nullable(schema: Schema) -> Schema:
    return {"anyOf": [schema, {"type": "null"}]}


def message(prefixes: tuple[str, ...], **extra: Schema) -> Schema:
    """A message: a code (those starting with one of `prefixes`), its parameters and the text made of them.

    Each code's parameters are checked against their schema (codes.py); `extra` adds properties
    beside the three (a reason line's rule and sign).
    """
    names = [code for code in CODES if code.startswith(prefixes)]
    branches = [
        {
            "if": {"properties": {"code": {"const": code}}},
            "then": {"properties": {"params": _object(CODES[code].params)}},
        }
        for code in names
    ]
    properties: Schema = {
        **extra,
        "code": {"enum": names, "description": "stable: match on it (docs/json.md lists every code)"},
        "params": {"type": "object", "description": "the code's parameters: ids, numbers, ISO dates"},
        "text": {"type": "string", "description": "for people, in the document's language (lang)"},
    }
    return _object(properties, allOf=branches)


RULE_REASONS = tuple(f"{rule}." for rule in RULE_NAMES)
PORTFOLIO_WARNINGS = (
    "portfolio.hours_unknown", "portfolio.over_budget", "portfolio.too_few", "portfolio.overlap", "portfolio.weak_fill",
)  # fmt: skip

_KNOWLEDGE_BASE = _object({"version": _STRING, "as_of": _DATE}, description="the knowledge base the answer read")
_LANG: Schema = {"enum": list(LANGUAGES), "description": "the language of every text: en unless --lang said otherwise"}
_PROFILE = _object(
    {
        "market": {"enum": list(MARKETS)},
        "goals": _array({"enum": list(GOALS)}),
        "age": _nullable(
            _object(
                {
                    "min": {"type": "integer", "minimum": 10, "maximum": 120},
                    "max": {"type": "integer", "minimum": 10, "maximum": 120},
                }
            )
        ),
        "regions": _array(
            {"type": "string", "pattern": "^([A-Z]{2}|global|" + "|".join(sorted(REGION_GROUPS)) + ")$"}, minItems=1
        ),
        "content": _array({"enum": list(CONTENT_FORMATS)}),
        "ads": {"type": ["boolean", "null"]},
        "weights": {
            "type": "object",
            "propertyNames": {"enum": list(RULE_NAMES)},
            "additionalProperties": {"type": "number", "minimum": 0, "maximum": 10},
        },
        "require": _array({"enum": list(REQUIREMENTS)}),
        "exclude": _array(_STRING),
    },
    description="the profile the answer is for, normalised (ids, sorted, unique)",
)


def _document(
    name: str,
    title: str,
    version: str,
    description: str,
    properties: Schema,
    defs: Schema,
    optional: tuple[str, ...] = (),
) -> Schema:
    """A schema of a document: `schema_version` first, required and fixed; every other key required but `optional`."""
    props = {"schema_version": {"const": version}, **properties}
    return {
        "$schema": DIALECT,
        "$id": f"{BASE_ID}:{name}",
        "title": title,
        "description": description,
        **_object(props, required=[key for key in props if key not in optional]),
        "$defs": defs,
    }


def _recommendation_parts() -> tuple[Schema, Schema]:
    """The properties and definitions of a recommendation (a batch record has them too)."""
    defs: Schema = {
        "profile": _PROFILE,
        "knowledge_base": _KNOWLEDGE_BASE,
        "reason": message(
            RULE_REASONS,
            rule={"enum": list(RULE_NAMES)},
            sign={"enum": ["+", "-"], "description": "+ a strength (factor 0.85 or more), - a shortfall"},
        ),
        "rule_reason": message(RULE_REASONS),
        "exclusion": message(("excluded.",)),
        "contribution": _object(
            {
                "rule": {"enum": list(RULE_NAMES)},
                "factor": {**_SHARE, "description": "the rule's factor, its weight applied"},
                "points": {"type": "number", "maximum": 0, "description": "what the factor took from 100"},
                "reason": _ref("rule_reason"),
            }
        ),
        "ranked": _object(
            {
                "rank": {"type": "integer", "minimum": 1, "description": "shared by a true tie"},
                "platform": _STRING,
                "name": _STRING,
                "score": _SCORE,
                "tier": _TIER,
                "tied": {**_BOOLEAN, "description": "shares its rank with another network"},
                "audience_share": {**_SCORE, "description": "% of the target group that uses it (the tie-break)"},
                "reasons": _array(_ref("reason"), description="pluses (highest factor first), then minuses"),
                "contributions": _array(_ref("contribution"), description="with --explain; 100 + points = score"),
            },
            required=["rank", "platform", "name", "score", "tier", "tied", "audience_share", "reasons"],
        ),
        "excluded": _object({"platform": _STRING, "name": _STRING, "reason": _ref("exclusion")}),
        "pick": _object(
            {
                "platform": _STRING,
                "name": _STRING,
                "score": _SCORE,
                "overlap": _SHARE,
                "hours_per_week": _nullable(_NUMBER),
                "why": message(("portfolio.best_score", "portfolio.adds_most")),
                "effort": message(("portfolio.effort",)),
            }
        ),
        "portfolio": _object(
            {
                "size": {"type": "integer", "minimum": 1},
                "hours_budget": _nullable(_NUMBER),
                "total_hours": _nullable(_NUMBER),
                "picks": _array(_ref("pick")),
                "warnings": _array(message(PORTFOLIO_WARNINGS)),
            }
        ),
        "stability": _object(
            {
                "platform": _STRING,
                "rank": {"type": "integer", "minimum": 1},
                "rank_kept": _SHARE,
                "tier": _TIER,
                "tier_kept": _SHARE,
                "fragile": _BOOLEAN,
            }
        ),
        "robustness": _object(
            {"runs": _INTEGER, "seed": _INTEGER, "spread": _NUMBER, "platforms": _array(_ref("stability"))}
        ),
    }
    properties: Schema = {
        "lang": _LANG,
        "profile": _ref("profile"),
        "knowledge_base": _ref("knowledge_base"),
        "recommendations": _array(_ref("ranked")),
        "excluded": _array(_ref("excluded")),
        "portfolio": _ref("portfolio", description="with --portfolio N"),
        "robustness": _ref("robustness", description="with --robustness"),
    }
    return properties, defs


OPTIONAL = ("portfolio", "robustness")


def recommendation() -> Schema:
    properties, defs = _recommendation_parts()
    return _document(
        "recommendation",
        "Recommendation",
        RECOMMENDATION_SCHEMA_VERSION,
        "The document of `smm-advisor recommend --format json` (jsonl: the same on one line). Fields are only "
        "ever added within a major version; docs/json.md describes them, docs/methodology.md the numbers.",
        properties,
        defs,
        OPTIONAL,
    )


def batch_record() -> Schema:
    properties, defs = _recommendation_parts()
    return _document(
        "batch-record",
        "Batch record",
        RECOMMENDATION_SCHEMA_VERSION,
        "One line of `smm-advisor recommend --batch`: the recommendation for input line `line`.",
        {"line": {"type": "integer", "minimum": 1, "description": "the input line it answers"}, **properties},
        defs,
        OPTIONAL,
    )


def batch_error() -> Schema:
    return _document(
        "batch-error",
        "Batch error record",
        RECOMMENDATION_SCHEMA_VERSION,
        "One line of `smm-advisor recommend --batch` for an input line that could not be read or validated.",
        {
            "line": {"type": "integer", "minimum": 1, "description": "the input line"},
            "lang": _LANG,
            "errors": _array(_STRING, minItems=1, description="file:line:col: field: problem, one per problem"),
        },
        {},
    )


def comparison() -> Schema:
    side = _object(
        {
            "platform": _STRING,
            "name": _STRING,
            "score": _SCORE,
            "excluded": _nullable(message(("excluded.",))),
        }
    )
    rule = _object(
        {
            "rule": {"enum": list(RULE_NAMES)},
            "a_points": _NUMBER,
            "b_points": _NUMBER,
            "difference": _NUMBER,
            "a_reason": _ref("rule_reason"),
            "b_reason": _ref("rule_reason"),
        }
    )
    return _document(
        "comparison",
        "Comparison",
        COMPARISON_SCHEMA_VERSION,
        "The document of `smm-advisor compare A B --format json`; the differences add up to `difference`.",
        {
            "lang": _LANG,
            "profile": _ref("profile"),
            "knowledge_base": _ref("knowledge_base"),
            "a": _ref("side"),
            "b": _ref("side"),
            "difference": {**_NUMBER, "description": "a's score - b's score"},
            "rules": _array(_ref("rule"), description="strongest difference first"),
        },
        {
            "profile": _PROFILE,
            "knowledge_base": _KNOWLEDGE_BASE,
            "side": side,
            "rule": rule,
            "rule_reason": message(RULE_REASONS),
        },
    )


def check() -> Schema:
    result = _object(
        {
            "source": {**_STRING, "description": "the file, <stdin> or --text"},
            "platform": _STRING,
            "name": _STRING,
            "kind": {"enum": list(TEXT_KINDS)},
            "counting": _STRING,
            "length": {"type": "integer", "minimum": 0},
            "limit": {"type": "integer", "minimum": 1},
            "fits": _BOOLEAN,
            "hashtags": {"type": "integer", "minimum": 0},
            "links": {"type": "integer", "minimum": 0},
            "findings": _array(message(("post.",)), description="each way the text breaks the network's rules"),
        }
    )
    return _document(
        "check",
        "Post check",
        CHECK_SCHEMA_VERSION,
        "The document of `smm-advisor check --format json`: every draft against every checked network.",
        {
            "lang": _LANG,
            "knowledge_base": _ref("knowledge_base"),
            "kind": {"enum": list(TEXT_KINDS)},
            "ok": {**_BOOLEAN, "description": "every text fits and breaks no rule (exit 0)"},
            "results": _array(_ref("result")),
        },
        {"knowledge_base": _KNOWLEDGE_BASE, "result": result},
    )


def platforms() -> Schema:
    entry = _object(
        {
            "id": _STRING,
            "name": _STRING,
            "aliases": _array(_STRING),
            "status": {"enum": ["active", "discontinued", "renamed", "pivoted"]},
            "since": _nullable(_DATE),
            "b2b": _nullable({"type": "integer", "minimum": 0, "maximum": 3}),
            "b2c": _nullable({"type": "integer", "minimum": 0, "maximum": 3}),
            "formats": {
                "type": "object",
                "propertyNames": {"enum": list(CONTENT_FORMATS)},
                "additionalProperties": _nullable({"type": "integer", "minimum": 0, "maximum": 3}),
            },
        }
    )
    return _document(
        "platforms",
        "Platform list",
        LIST_SCHEMA_VERSION,
        "The document of `smm-advisor platforms --format json`: every network of the knowledge base, by id.",
        {"knowledge_base": _ref("knowledge_base"), "platforms": _array(_ref("platform"))},
        {"knowledge_base": _KNOWLEDGE_BASE, "platform": entry},
    )


def platform(model_schema: Schema) -> Schema:
    """`platforms show ID --format json`: the platform as the knowledge base records it, each source resolved.

    `model_schema` is the JSON Schema of the knowledge base's Platform model (how JSON writes it);
    every `source` in it, a key or a source written in place, becomes the source itself.
    """
    defs = dict(model_schema.pop("$defs", {}))
    resolved = _object(
        {
            "key": {**_nullable(_STRING), "description": "the key in the knowledge base's sources; null: in place"},
            "title": _STRING,
            "url": _STRING,
            "publisher": _STRING,
            "published": _DATE,
        },
        required=["key", "title", "url"],
    )
    for name, definition in list(defs.items()):
        if "source" in definition.get("properties", {}):
            properties = {**definition["properties"], "source": _ref("resolved_source")}
            defs[name] = {**definition, "properties": properties}
    defs["resolved_source"] = resolved
    defs["knowledge_base"] = _KNOWLEDGE_BASE
    defs["Platform"] = model_schema
    return _document(
        "platform",
        "Platform",
        LIST_SCHEMA_VERSION,
        "The document of `smm-advisor platforms show ID --format json`: every trait with its source and date.",
        {"knowledge_base": _ref("knowledge_base"), "platform": _ref("Platform")},
        defs,
    )


def kb_audit() -> Schema:
    finding = _object(
        {
            "platform": _STRING,
            "field": {**_STRING, "description": "the fact's path in the platform, e.g. reach.DE"},
            "as_of": _DATE,
            "age_days": {"type": "integer", "minimum": 0},
            "source": _STRING,
        }
    )
    return _document(
        "kb-audit",
        "Knowledge-base audit",
        AUDIT_SCHEMA_VERSION,
        "The document of `smm-advisor kb audit --format json`: the facts older than max_age_days.",
        {
            "knowledge_base": {**_STRING, "description": "the path of the knowledge base audited"},
            "today": _DATE,
            "max_age_days": {"type": "integer", "minimum": 0},
            "findings": _array(_ref("finding")),
        },
        {"finding": finding},
    )
