"""`platforms`, `platforms show`, `kb validate`, `kb audit` and `schema` end to end."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from smm_advisor.cli.schemas import SCHEMAS, schema_text
from tests.conftest import SRC, kb_data, lvl, platform_data, run

ROOT = Path(__file__).resolve().parent.parent


def write_kb(tmp_path: Path, data: dict[str, object]) -> str:
    path = tmp_path / "kb.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return str(path)


def test_platforms_json_lists_every_platform(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    kb = write_kb(tmp_path, kb_data(platform_data("beta"), platform_data("alpha", aliases=["first"])))
    code, out, _ = run(capsys, "platforms", "--kb", kb, "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert [p["id"] for p in doc["platforms"]] == ["alpha", "beta"]
    assert doc["platforms"][0]["aliases"] == ["first"]
    assert doc["platforms"][0]["status"] == "active"


def test_show_resolves_aliases_case_insensitively_and_cites_sources(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    kb = write_kb(tmp_path, kb_data(platform_data("alpha", aliases=["first"])))
    code, out, _ = run(capsys, "platforms", "show", "FIRST", "--kb", kb, "--format", "json")
    assert code == 0
    doc = json.loads(out)["platform"]
    assert doc["id"] == "alpha"
    assert doc["operator"]["source"] == {"key": "doc", "title": "A document", "url": "https://example.org/doc"}
    code, out, _ = run(capsys, "platforms", "show", "alpha", "--kb", kb)
    assert code == 0
    assert "[1] A document\n    https://example.org/doc\n" in out  # the source, numbered, its URL whole below it
    assert "[1] 2025-06-01" in out  # each fact cites it with its date


def test_show_unknown_platform_suggests_a_name(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    kb = write_kb(tmp_path, kb_data(platform_data("alpha")))
    code, out, err = run(capsys, "platforms", "show", "alpah", "--kb", kb)
    assert (code, out) == (2, "")
    assert "did you mean 'alpha'?" in err


def test_kb_validate_lists_every_problem_with_line_numbers(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = kb_data(
        platform_data("alpha", orientation={"b2b": lvl(9), "b2c": lvl(1)}),
        platform_data("beta", formats={"vidoe": lvl(1)}),
    )
    kb = write_kb(tmp_path, bad)
    code, out, err = run(capsys, "kb", "validate", kb)
    assert (code, out) == (2, "")
    lines = err.strip().splitlines()
    assert len(lines) == 2
    assert "platforms[alpha].orientation.b2b.value" in lines[0]
    assert "kb.yaml:" in lines[0]
    assert "platforms[beta].formats.vidoe" in lines[1]


def test_kb_validate_reports_unknown_source_keys(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    kb = write_kb(
        tmp_path, kb_data(platform_data("alpha", operator={"value": "Op", "source": "nowhere", "as_of": "2025-01-01"}))
    )
    code, _, err = run(capsys, "kb", "validate", kb)
    assert code == 2
    assert "source 'nowhere' is not in 'sources'" in err


def test_kb_audit_flags_old_facts_and_exits_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    old = {"value": "Op", "source": "doc", "as_of": "2020-01-01"}
    rechecked = {"value": True, "source": "doc", "as_of": "2020-01-01", "checked": "2025-12-01"}
    kb = write_kb(tmp_path, kb_data(platform_data("alpha", operator=old, messenger={**rechecked, "value": False})))
    code, out, _ = run(capsys, "kb", "audit", kb, "--today", "2026-06-01", "--format", "json")
    assert code == 1
    findings = json.loads(out)["findings"]
    assert [(f["platform"], f["field"]) for f in findings] == [("alpha", "operator")]
    code, out, _ = run(capsys, "kb", "audit", kb, "--today", "2026-06-01", "--max-age", "10y")
    assert code == 0
    assert "no fact older than 10y" in out


def test_kb_audit_skips_seed_history(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    claim = {"claim": "140 Zeichen", "claimed": "2017-10-01", "verdict": "outdated", "today": "280", **SRC}
    kb = write_kb(tmp_path, kb_data(platform_data("alpha", history=[{**claim, "as_of": "2017-10-01"}])))
    code, _, _ = run(capsys, "kb", "audit", kb, "--today", "2026-01-01")
    assert code == 0


@pytest.mark.parametrize("args", [["--max-age", "soon"], ["--today", "yesterday"]])
def test_kb_audit_bad_options_exit_2(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    code, out, err = run(capsys, "kb", "audit", *args)
    assert (code, out) == (2, "")
    assert args[0] in err


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_committed_schemas_match_the_models(name: str) -> None:
    committed = (ROOT / "schemas" / f"{name}.json").read_text(encoding="utf-8")
    assert committed == schema_text(name), (
        f"schemas/{name}.json drifted: run `smm-advisor schema {name} > schemas/{name}.json`"
    )


def test_schema_command_prints_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema", "knowledge-base")
    assert code == 0
    assert json.loads(out)["title"] == "KnowledgeBase"
    assert run(capsys, "schema", "nope")[0] == 2


def test_kb_audit_skips_discontinued_platforms(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    closed = {
        "state": "discontinued",
        "since": "2019-04-02",
        "change": "closed",
        "source": "doc",
        "as_of": "2019-04-02",
    }
    kb = write_kb(
        tmp_path,
        kb_data(platform_data("gone", lifecycle=closed, operator={**SRC, "value": "Op", "as_of": "2019-01-01"})),
    )
    code, _, _ = run(capsys, "kb", "audit", kb, "--today", "2026-01-01")
    assert code == 0


def test_profile_validate_checks_every_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text("market: b2b\ngoals: [leads]\n")
    bad = tmp_path / "bad.yaml"
    bad.write_text("market: b2b\ngoals: [leeds]\n")
    code, out, err = run(capsys, "profile", "validate", str(good), str(bad), str(tmp_path / "missing.yaml"))
    assert code == 2
    assert out == f"{good}: valid\n"
    assert f"{bad}:2:1: goals: 'leeds' is not a goal" in err
    assert "missing.yaml: no such file" in err
    assert run(capsys, "profile", "validate", str(good))[0] == 0


def test_kb_validate_takes_several_files(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    good = write_kb(tmp_path, kb_data(platform_data("alpha")))
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\n")
    code, out, err = run(capsys, "kb", "validate", good, str(bad))
    assert code == 2
    assert "valid: 1 platforms" in out
    assert "bad.yaml:1:1: version:" in err
    assert "rules: required key is missing" in err


def test_show_prints_notes_and_no_scale_for_unknowns(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "250")
    fmt = {"value": None, "unknown": "not documented", "source": "doc", "as_of": "2025-01-01"}
    noted = {"value": 2, "source": "doc", "as_of": "2025-01-01", "note": "read in a reprint"}
    kb = write_kb(tmp_path, kb_data(platform_data("alpha", formats={"text": fmt, "image": noted})))
    code, out, _ = run(capsys, "platforms", "show", "alpha", "--kb", kb)
    assert code == 0
    assert "unknown (not documented)" in out
    assert "unknown (not documented)/3" not in out
    assert re.search(r"^format image +2/3\n\[1\] 2025-01-01 +read in a reprint$", out, flags=re.M)
