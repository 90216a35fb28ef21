"""Gates in a batch: --min-score and --fail-if-missing are checked for every record, never ignored.

Exit 1 when any record fails a gate (and no line failed: bad input, exit 2, wins); stderr counts
the failures per gate and names the first lines. The gates' platforms are checked before the
batch starts.
"""

from __future__ import annotations

import io
import json
import sys

import pytest

from tests.conftest import run

LINES = b'{"market": "b2b", "goals": ["leads"], "regions": ["DE"]}\n{"market": "b2c", "regions": ["CN"]}\n{}\n'


def batch(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, data: bytes, *args: str
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    return run(capsys, "recommend", "--batch", "-", *args)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_min_score_is_checked_for_every_record(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    code, out, err = batch(capsys, monkeypatch, LINES, "--min-score", "99", "--jobs", jobs)
    assert code == 1, err
    assert len(out.splitlines()) == 3  # every record is written before the gate fails the run
    assert "smm-advisor: gate failed: --min-score 99: 3 of 3 records (lines 1, 2, 3)" in err
    code, _, err = batch(capsys, monkeypatch, LINES, "--min-score", "1")
    assert (code, err) == (0, "")


def test_fail_if_missing_is_checked_for_every_record_by_its_id(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = batch(capsys, monkeypatch, LINES, "--fail-if-missing", "Twitter", "--fail-if-missing", "Google+")
    assert code == 1, err
    records = [json.loads(line) for line in out.splitlines()]
    ranked = [{r["platform"] for r in rec["recommendations"]} for rec in records]
    x_missing = [rec["line"] for rec, ids in zip(records, ranked, strict=True) if "x" not in ids]
    assert x_missing == [2]  # X is blocked in China
    assert "gate failed: --fail-if-missing x: 1 of 3 records (lines 2)" in err
    assert "gate failed: --fail-if-missing google-plus: 3 of 3 records (lines 1, 2, 3)" in err


def test_a_gate_counts_records_with_top(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = batch(capsys, monkeypatch, LINES * 3, "--top", "1", "--fail-if-missing", "xing")
    assert code == 1
    assert "gate failed: --fail-if-missing xing: 9 of 9 records (lines 1, 2, 3, 4, 5, ...)" in err


def test_bad_lines_win_over_gates_and_quiet_keeps_the_exit_code(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = batch(capsys, monkeypatch, LINES + b'{"goals": ["fame"]}\n', "--min-score", "99")
    assert code == 2
    assert "1 of 4 batch line(s) failed" in err
    assert "gate failed: --min-score 99: 3 of 4 records" in err
    code, _, err = batch(capsys, monkeypatch, LINES, "--min-score", "99", "--quiet")
    assert (code, err) == (1, "")


@pytest.mark.parametrize("gate", [("--fail-if-missing", "twiter"), ("--min-score", "101"), ("--min-score", "nan")])
def test_a_bad_gate_is_refused_before_the_batch_starts(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, gate: tuple[str, str]
) -> None:
    code, out, err = batch(capsys, monkeypatch, LINES, *gate)
    assert (code, out) == (2, "")
    assert gate[0] in err


def test_a_bad_flag_is_one_error_not_one_per_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = batch(capsys, monkeypatch, LINES * 100, "--goal", "fame")
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert "--goal: 'fame' is not a goal" in err
