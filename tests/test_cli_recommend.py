"""End-to-end `smm-advisor recommend`: exit codes, stdout holds only output, errors on stderr."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import kb_data, lvl, platform_data, run


def test_json_output_has_the_documented_shape(capsys: pytest.CaptureFixture[str], kb_file: str) -> None:
    code, out, err = run(capsys, "recommend", "--kb", kb_file, "--market", "B2B", "--format", "json")
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert set(doc) == {"schema_version", "lang", "profile", "knowledge_base", "recommendations", "excluded"}
    assert doc["profile"]["market"] == "b2b"
    assert doc["knowledge_base"] == {"version": "test", "as_of": "2026-01-01"}
    first = doc["recommendations"][0]
    assert {"rank", "platform", "name", "score", "reasons"} <= set(first)
    assert (first["rank"], first["platform"]) == (1, "pro")


def test_table_output_is_plain_when_piped_and_fits_80_columns(
    capsys: pytest.CaptureFixture[str], kb_file: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("COLUMNS", raising=False)
    code, out, _ = run(capsys, "recommend", "--kb", kb_file, "--market", "b2b")
    assert code == 0
    assert "\x1b[" not in out
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "Pro" in out
    assert "strong B2B network" in out


def test_same_input_gives_byte_identical_output(capsys: pytest.CaptureFixture[str], kb_file: str) -> None:
    args = ("recommend", "--kb", kb_file, "--goal", "awareness", "--region", "de", "--format", "json")
    assert run(capsys, *args)[1] == run(capsys, *args)[1]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--goal", "fame"], "--goal: 'fame' is not a goal"),
        (["--goal", "awarenes"], "did you mean 'awareness'?"),
        (["--age", "30to60"], "--age: '30to60' is not an age range"),
        (["--age", "60-30"], "minimum age 60 is above maximum age 30"),
        (["--age", "5-20"], "--age (min): must be at least 10 (got 5)"),
        (["--region", "XX"], "--region: 'XX' is not a region"),
        (["--market", "b2x"], "--market: 'b2x' is not a market"),
        (["--content", "podcast"], "--content: 'podcast' is not a content format"),
        (["--format", "xml"], "--format: 'xml' is not a format"),
        (["--top", "-1"], "--top"),
        (["--kb", "/nonexistent/kb.yaml"], "no such file"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_empty_stdout(
    capsys: pytest.CaptureFixture[str], kb_file: str, args: list[str], expected: str
) -> None:
    if "--kb" not in args:
        args = [*args, "--kb", kb_file]
    code, out, err = run(capsys, "recommend", *args)
    assert code == 2
    assert out == ""
    assert expected in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_german_goal_names_are_accepted(capsys: pytest.CaptureFixture[str], kb_file: str) -> None:
    code, out, _ = run(capsys, "recommend", "--kb", kb_file, "--goal", "Anfragen", "--goal", "Bekanntheit", "--json")
    assert code == 0
    assert json.loads(out)["profile"]["goals"] == ["awareness", "leads"]


def test_a_bad_knowledge_base_names_file_line_and_field(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = kb_data(platform_data("pro", orientation={"b2b": lvl(7), "b2c": lvl(1)}))
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    code, out, err = run(capsys, "recommend", "--kb", str(path))
    assert (code, out) == (2, "")
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if "b2b:" in text)
    assert f"bad.yaml:{line + 1}:" in err or f"bad.yaml:{line}:" in err
    assert "platforms[pro].orientation.b2b.value" in err


def test_version_and_module_entry_point() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "smm_advisor", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert done.stdout.startswith("smm-advisor ")
