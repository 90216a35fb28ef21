"""JSON Schemas of the file formats and outputs, generated from the models."""

from __future__ import annotations

import json

from pydantic import BaseModel

from smm_advisor.knowledge.models import KnowledgeBase, ProfileFile, Recommendation

SCHEMAS: dict[str, type[BaseModel]] = {
    "knowledge-base": KnowledgeBase,
    "profile": ProfileFile,
    "recommendation": Recommendation,
}


def schema_text(name: str) -> str:
    """The schema as committed under schemas/NAME.json (stable key order, trailing newline)."""
    model = SCHEMAS[name]
    schema = model.model_json_schema(mode="serialization" if name == "recommendation" else "validation")
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"smm-advisor/{name}.json", **schema}
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
