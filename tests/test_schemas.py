"""Every JSON output validates against its published schema (jsonschema), and so do the input files the tool accepts."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from smm_advisor.cli.schemas import SCHEMAS, schema
from smm_advisor.codes import CODES
from smm_advisor.knowledge.store import bundled_path
from tests.conftest import SRC, kb_data, lvl, platform_data, run

ROOT = Path(__file__).resolve().parent.parent
OUTPUTS = ("recommendation", "batch-record", "batch-error", "comparison", "check", "platforms", "platform", "kb-audit")
SEEN: set[str] = set()  # every code met in validated output, for the last test


def validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema(name), format_checker=jsonschema.FormatChecker())


def valid(name: str, doc: Any) -> None:
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(name).iter_errors(doc)]
    assert errors == [], name
    SEEN.update(codes_in(doc))


def codes_in(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if {"code", "params", "text"} <= set(node):
            yield node["code"]
        for value in node.values():
            yield from codes_in(value)
    elif isinstance(node, list):
        for value in node:
            yield from codes_in(value)


@pytest.fixture(scope="module")
def odd_kb(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Networks with what the bundled one lacks: unknown strengths, no goal data, no ads, a pivot, a rename."""
    data = kb_data(
        platform_data("plain"),
        platform_data("vague", orientation={"b2b": lvl(None), "b2c": lvl(None)}, formats={"text": lvl(None)},
                      self_serve_ads={"value": None, "unknown": "not published", **SRC}, goals={}),
        platform_data("pivot", lifecycle={"state": "pivoted", "since": "2023-01-01", "change": "Now jobs.", **SRC},
                      self_serve_ads={"value": False, **SRC}),
        platform_data("renamed", lifecycle={"state": "renamed", "since": "2023-07-24", "change": "A new name.", **SRC}),
        platform_data("twin", overlaps=[{"platform": "plain", "level": 3, "reason": "the same users", **SRC}]),
    )  # fmt: skip
    path = tmp_path_factory.mktemp("kb") / "odd.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return str(path)


RECOMMEND = [
    ["--market", "b2b", "--goal", "leads", "--region", "DE", "--age", "30-60"],
    ["--market", "b2c", "--goal", "sales", "--goal", "awareness", "--region", "eu", "--age", "18-35", "--ads",
     "--content", "short-video", "--explain", "--portfolio", "3", "--robustness", "--top", "5"],
    ["--region", "CN", "--require", "ads", "--exclude", "tiktok", "--portfolio", "8", "--hours-per-week", "4"],
    ["--region", "RU", "--age", "65+", "--content", "chat", "--portfolio", "6", "--explain"],
    ["--goal", "recruiting", "--market", "both", "--weight", "audience=0", "--portfolio", "3"],
]  # fmt: skip


@pytest.mark.parametrize("args", RECOMMEND)
@pytest.mark.parametrize("lang", ["en", "de"])
def test_recommend_json_and_jsonl(capsys: pytest.CaptureFixture[str], args: list[str], lang: str) -> None:
    code, out, _ = run(capsys, "--lang", lang, "recommend", *args, "--json")
    assert code == 0
    doc = json.loads(out)
    valid("recommendation", doc)
    assert doc["lang"] == lang
    code, out, _ = run(capsys, "--lang", lang, "recommend", *args, "--format", "jsonl")
    assert (code, out.count("\n")) == (0, 1)
    valid("recommendation", json.loads(out))


@pytest.mark.parametrize(
    "args",
    [
        ["--goal", "leads", "--content", "text", "--ads", "--explain"],
        ["--market", "b2b", "--portfolio", "4", "--hours-per-week", "3"],
        ["--market", "b2c", "--goal", "awareness", "--content", "image", "--portfolio", "4", "--robustness"],
    ],
)
def test_recommend_json_on_a_knowledge_base_with_gaps(
    capsys: pytest.CaptureFixture[str], odd_kb: str, args: list[str]
) -> None:
    code, out, _ = run(capsys, "recommend", "--kb", odd_kb, *args, "--json")
    assert code == 0
    valid("recommendation", json.loads(out))


def test_batch_records_and_error_records(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    lines = [
        {"market": "b2b", "goals": "leads", "regions": "DE"},
        {"goals": ["fame"]},
        {"regions": ["CN"], "require": ["ads"]},
        "not json",
    ]
    batch = tmp_path / "in.jsonl"
    batch.write_text("\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n")
    code, out, _ = run(capsys, "recommend", "--batch", str(batch), "--top", "3", "--jobs", "1")
    assert code == 2
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["line"] for r in records] == [1, 2, 3, 4]
    for record in records:
        kind = "batch-error" if "errors" in record else "batch-record"
        valid(kind, record)
        # a record is one kind or the other, never both
        other = "batch-record" if kind == "batch-error" else "batch-error"
        assert not validator(other).is_valid(record)
    assert ["errors" in r for r in records] == [False, True, False, True]


@pytest.mark.parametrize(
    "args",
    [
        ["linkedin", "xing", "--market", "b2b", "--goal", "recruiting", "--region", "dach"],
        ["google-plus", "facebook", "--region", "CN", "--ads", "--content", "image"],
    ],
)
def test_compare(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    code, out, _ = run(capsys, "compare", *args, "--json")
    assert code == 0
    valid("comparison", json.loads(out))


@pytest.mark.parametrize(
    "args",
    [
        ["--text", "Hello"],
        ["--platform", "x", "--text", "x" * 281],
        ["--kind", "caption", "--platform", "instagram", "--text", "see example.com #a #b #c #d #e #f"],
        ["--platform", "threads", "--text", "a https://a.example b https://b.example #one #two " * 3],
        ["--platform", "pinterest", "--kind", "description", "--text", "https://example.com and https://example.org"],
    ],
)  # fmt: skip
def test_check(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    code, out, _ = run(capsys, "check", *args, "--format", "json")
    assert code in (0, 1)
    valid("check", json.loads(out))


def test_platforms_list_and_every_platform_shown(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "platforms", "--format", "json")
    assert code == 0
    listed = json.loads(out)
    valid("platforms", listed)
    for entry in listed["platforms"]:
        code, out, _ = run(capsys, "platforms", "show", entry["id"], "--format", "json")
        assert code == 0
        valid("platform", json.loads(out))


def test_kb_audit(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "kb", "audit", "--today", "2030-01-01", "--format", "json")
    assert code == 1
    doc = json.loads(out)
    assert doc["findings"]
    valid("kb-audit", doc)


def test_the_bundled_knowledge_base_as_a_standard_yaml_loader_reads_it() -> None:
    data = yaml.safe_load(bundled_path().read_text(encoding="utf-8"))
    valid("knowledge-base", data)
    broken = {**data, "as_of": "30.11.2026"}
    assert not validator("knowledge-base").is_valid(broken)
    assert not validator("knowledge-base").is_valid({**data, "as_of": 20261130})


# A profile file a standard YAML loader reads (YAML 1.1: NO is false), and whether the tool takes it.
PROFILES = [
    ("goals: leads\n", True),
    ("goals: [leads, Anfragen]\nmarket: B2B\n", True),
    ("regions: NO\n", True),
    ("regions: [NO, de, dach]\n", True),
    ("regions: no\n", True),
    ("regions: 'NO'\n", True),
    ("ads: yes\nage: 30-60\n", True),
    ("ads: off\n", True),
    ("age: {min: 18, max: '29'}\n", True),
    ("age: 65+\n", True),
    ("goals:\ncontent:\nregions:\n", True),
    ("weights: {audience: 2, goal_fit: '0.5'}\n", True),
    ("exclude: tiktok\nrequire: [ads, image]\n", True),
    ("market: null\n", False),
    ("goals: 3\n", False),
    ("age: 30\n", False),
    ("age: {min: 18}\n", False),
    ("ads: [true]\n", False),
    ("weights: [audience]\n", False),
    ("colour: red\n", False),
    ("- leads\n", False),
    ("age: {min: true, max: 30}\n", False),
    ("weights: {audience: true}\n", False),
]


@pytest.mark.parametrize(("text", "accepted"), PROFILES)
def test_the_profile_schema_accepts_what_the_tool_accepts(tmp_path: Path, text: str, accepted: bool) -> None:
    from smm_advisor.cli.entry import main

    path = tmp_path / "profile.yaml"
    path.write_text(text, encoding="utf-8")
    schema_says = validator("profile").is_valid(yaml.safe_load(text))
    if accepted:
        assert main(["profile", "validate", str(path)]) == 0
        assert schema_says
    else:
        # What the schema lets through, the tool's normaliser still checks (words, ranges); a shape
        # the schema refuses, the tool refuses too.
        assert not schema_says
        assert main(["profile", "validate", str(path)]) == 2


@pytest.mark.parametrize("name", SCHEMAS)
def test_each_schema_is_valid_absolute_and_versioned(name: str) -> None:
    doc = schema(name)
    jsonschema.Draft202012Validator.check_schema(doc)
    assert doc["$id"] == f"urn:smm-advisor:schemas:{name}"
    assert doc["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    if name in OUTPUTS:
        assert doc["required"][0] == "schema_version"
        assert set(doc["properties"]["schema_version"]) == {"const"}
        assert doc["additionalProperties"] is False


def test_every_output_and_input_has_a_schema() -> None:
    assert set(SCHEMAS) == {*OUTPUTS, "profile", "knowledge-base"}


def enumerated_codes(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        code = node.get("properties", {}).get("code", {})
        yield from code.get("enum", []) if isinstance(code, dict) else []
        for value in node.values():
            yield from enumerated_codes(value)
    elif isinstance(node, list):
        for value in node:
            yield from enumerated_codes(value)


def test_the_schemas_and_the_docs_list_every_code() -> None:
    listed = {code for name in OUTPUTS for code in enumerated_codes(schema(name))}
    assert listed == set(CODES)
    doc = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
    table = doc.split("### Every code", 1)[1].split("\n## ", 1)[0]
    assert re.findall(r"^\| `([a-z_.]+)` \|", table, flags=re.M) == list(CODES)
    for block in re.findall(r"```json\n(.+?)\n```", doc, flags=re.S):
        for line in block.splitlines() if block.startswith('{"line"') else [block]:
            json.loads(line)


def test_every_code_was_met_in_validated_output() -> None:
    """Runs last in this module: the scenarios above produce every code the schemas list, and no other."""
    if not SEEN:
        pytest.skip("needs the module's other tests: run the whole module")
    assert set(SEEN) == set(CODES)
