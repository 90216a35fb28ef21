"""JSON Schemas: the input formats generated from their models; the output formats are the committed contract."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from pydantic import BaseModel

from smm_advisor.knowledge.models import KnowledgeBase, ProfileFile

GENERATED: dict[str, type[BaseModel]] = {"knowledge-base": KnowledgeBase, "profile": ProfileFile}
WRITTEN = ("recommendation", "comparison")  # hand-kept; tests validate real output against them
SCHEMAS = (*GENERATED, *WRITTEN)
BASE_URL = "urn:smm-advisor:schemas"


def schema_text(name: str) -> str:
    """The schema as committed under schemas/NAME.json (stable key order, trailing newline)."""
    if name in WRITTEN:
        return _written(name)
    schema = GENERATED[name].model_json_schema(mode="validation")
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"{BASE_URL}:{name}", **schema}
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _written(name: str) -> str:
    packaged = resources.files("smm_advisor").joinpath("schemas", f"{name}.json")
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    return (Path(__file__).resolve().parents[2] / "schemas" / f"{name}.json").read_text(encoding="utf-8")
