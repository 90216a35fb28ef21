"""Every JSON Schema `smm-advisor schema NAME` prints, the same as the committed schemas/NAME.json.

The input formats (a profile, a knowledge base) are generated from their pydantic models, as a
standard YAML loader reads a file: dates are dates, and NO is false. The output documents are
built from the vocabularies their writers use (render/schemas.py). Each has an absolute `$id`,
`urn:smm-advisor:schemas:NAME`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from smm_advisor.render import schemas as documents

Schema = dict[str, Any]

# JSON has no dates: a date is a string. A YAML loader makes a date of an unquoted 2025-06-01. The
# schema accepts both: a string of the date's shape, or anything JSON cannot write (a date object).
NOT_JSON_BUT_STRING = ["null", "boolean", "integer", "number", "array", "object"]
YAML_DATE: Schema = {
    "format": "date",
    "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    "not": {"type": NOT_JSON_BUT_STRING},
    "description": "YYYY-MM-DD (a YAML loader reads it as a date)",
}


def _input(model: str, name: str) -> Schema:
    """A file format's schema from its pydantic model, with dates as YAML reads them."""
    from smm_advisor.knowledge import models

    schema = getattr(models, model).model_json_schema(mode="validation")
    return {"$schema": documents.DIALECT, "$id": f"{documents.BASE_ID}:{name}", **_yaml_dates(schema)}


def _yaml_dates(node: Any) -> Any:
    if isinstance(node, dict):
        if node.get("format") == "date" and node.get("type") == "string":
            return {**{k: v for k, v in node.items() if k != "type"}, **YAML_DATE}
        return {key: _yaml_dates(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_yaml_dates(item) for item in node]
    return node


def _platform() -> Schema:
    from smm_advisor.knowledge.models import Platform

    return documents.platform(Platform.model_json_schema(mode="serialization"))


BUILDERS: dict[str, Callable[[], Schema]] = {
    "profile": lambda: _input("ProfileFile", "profile"),
    "knowledge-base": lambda: _input("KnowledgeBase", "knowledge-base"),
    "recommendation": documents.recommendation,
    "batch-record": documents.batch_record,
    "batch-error": documents.batch_error,
    "comparison": documents.comparison,
    "check": documents.check,
    "platforms": documents.platforms,
    "platform": _platform,
    "kb-audit": documents.kb_audit,
}
SCHEMAS = tuple(BUILDERS)


def schema(name: str) -> Schema:
    return BUILDERS[name]()


def schema_text(name: str) -> str:
    """The schema as committed under schemas/NAME.json (stable key order, trailing newline)."""
    return json.dumps(schema(name), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
