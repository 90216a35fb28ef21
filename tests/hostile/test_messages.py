"""Messages that must not mislead: every batch error names its own line, whatever the line holds."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from smm_advisor.cli.batch import run_batch
from smm_advisor.knowledge.store import load_knowledge_base

NOT_OBJECTS = [b"[1, 2]", b'"b2b"', b"42", b"null", b"true", b"[]", b'[{"market": "b2b"}]']


@pytest.mark.parametrize("shape", NOT_OBJECTS, ids=[s.decode() for s in NOT_OBJECTS])
@pytest.mark.parametrize("number", [1, 2, 7, 1_001])
def test_a_line_that_is_not_an_object_is_reported_at_its_own_line(tmp_path: Path, shape: bytes, number: int) -> None:
    lines = [b'{"market": "b2b"}'] * (number - 1) + [shape, b'{"market": "b2c"}']
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"\n".join(lines) + b"\n")
    out = io.StringIO()
    outcome = run_batch(str(src), load_knowledge_base(None), {}, top=1, stdout=out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert outcome.failed == 1
    (bad,) = [r for r in records if "errors" in r]
    assert bad["line"] == number
    assert bad["errors"][0].startswith(f"{src}:{number}:1: the top level must be a mapping of keys")
