"""Bounded resources: line length, workers, problems per record, bytes of errors; each cap named in its message."""

from __future__ import annotations

import io
import json
import resource
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from smm_advisor.cli import batch as batch_module
from smm_advisor.cli.batch import run_batch
from smm_advisor.errors import MAX_PROBLEM_CHARS, MAX_PROBLEMS
from smm_advisor.knowledge.store import load_knowledge_base
from tests.conftest import run
from tests.hostile.cli import HANG_GUARD, cli, spawn, strict_json

MEMORY_CAP = 1024**3
KB = load_knowledge_base(None)


@pytest.mark.skipif(sys.platform != "linux", reason="address-space cap")
def test_an_overlong_batch_line_is_never_held_whole() -> None:
    """A line larger than the process may allocate streams past: an error record, and the next line is read."""
    proc = spawn("recommend", "--batch", "-", "--top", "1")
    resource.prlimit(proc.pid, resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))  # before the long line comes

    def feed() -> None:
        assert proc.stdin is not None
        with proc.stdin:
            proc.stdin.write(b'{"market": "b2b"}\n{"goals": ["')
            block = b"a" * (1024 * 1024)
            for _ in range(MEMORY_CAP // len(block) + 64):  # more than the whole address space
                proc.stdin.write(block)
            proc.stdin.write(b'"]}\n{"market": "b2c"}\n')

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    assert proc.stdout is not None
    assert proc.stderr is not None
    out = proc.stdout.read()  # to the end: the advisor ends it once the feeder closes stdin
    err = proc.stderr.read()
    proc.wait(timeout=HANG_GUARD)
    text = err.decode()
    assert proc.returncode == 2, text
    records = [strict_json(line) for line in out.splitlines()]
    assert [r["line"] for r in records] == [1, 2, 3]
    assert records[1]["errors"] == ["<stdin>:2: the line is longer than the limit of 1,048,576 bytes"]
    assert "recommendations" in records[0]
    assert "recommendations" in records[2]


SHAPES = {
    "unknown keys": lambda n: {f"key{i}": 1 for i in range(n)},
    "unknown goals": lambda n: {"goals": [f"goal{i}" for i in range(n)]},
    "unknown regions": lambda n: {"regions": [f"R{i}" for i in range(n)]},
    "unknown platforms": lambda n: {"exclude": [f"net{i}" for i in range(n)]},
    "unknown rules": lambda n: {"weights": {f"rule{i}": 1 for i in range(n)}},
    "words that are no words": lambda n: {"content": list(range(n))},
}


@pytest.mark.parametrize("count", [MAX_PROBLEMS + 1, 5_000, 40_000])
@pytest.mark.parametrize("shape", SHAPES.values(), ids=SHAPES)
def test_problems_are_capped_per_record_and_counted(shape: Any, count: int) -> None:
    """At most MAX_PROBLEMS described, the rest counted (and not even looked up: no suggestion for each)."""
    line = json.dumps(shape(count)).encode() + b"\n"
    out = io.StringIO()
    outcome = run_batch("-", KB, {}, stdin=io.BytesIO(line * 3), stdout=out)
    assert (outcome.records, outcome.failed) == (3, 3)
    for text in out.getvalue().splitlines():
        errors = strict_json(text)["errors"]
        assert len(errors) == MAX_PROBLEMS + 1
        more = count - MAX_PROBLEMS
        assert errors[-1].endswith(
            f"... and {more} more problem{'s' if more > 1 else ''} (only the first {MAX_PROBLEMS} are shown)"
        )
        assert len(text) < 30_000


def test_a_profile_with_many_problems_writes_a_capped_stderr(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        "goals: [" + ", ".join(f"g{i}" for i in range(500)) + "]\n" + "".join(f"k{i}: 1\n" for i in range(500))
    )
    code, out, err = run(capsys, "recommend", "--profile", str(path))
    assert (code, out) == (2, "")
    lines = err.splitlines()
    assert len(lines) == MAX_PROBLEMS + 1
    assert lines[-1].startswith("smm-advisor: ... and ")
    assert f"(only the first {MAX_PROBLEMS} are shown)" in lines[-1]


@pytest.mark.parametrize("value", ["a" * 100_000, "9" * 5_000, "é" * 50_000])
def test_a_long_value_is_cut_in_its_message(capsys: pytest.CaptureFixture[str], tmp_path: Path, value: str) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(f"goals: ['{value}']\nregions: ['{value}']\n", encoding="utf-8")
    code, out, err = run(capsys, "recommend", "--profile", str(path))
    assert (code, out) == (2, "")
    for line in err.splitlines():
        assert len(line) <= len("smm-advisor: ") + MAX_PROBLEM_CHARS
        assert f"{path}:" in line  # the place survives the cut
        assert "…" in line


def test_the_error_output_of_a_batch_is_capped_in_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch_module, "MAX_ERROR_BYTES", 2_000)
    data = b'{"colour": "red", "size": 1}\n' * 40 + b'{"market": "b2b"}\n'
    for jobs in (1, 2):
        out = io.StringIO()
        outcome = run_batch("-", KB, {}, stdin=io.BytesIO(data), stdout=out, jobs=jobs)
        records = [strict_json(line) for line in out.getvalue().splitlines()]
        assert [r["line"] for r in records] == list(range(1, 42))  # lines in = records out
        full = [r for r in records if "errors" in r and "unknown key" in r["errors"][0]]
        short = [r for r in records if "errors" in r and "error details left out" in r["errors"][0]]
        assert full
        assert short
        assert len(full) + len(short) == 40
        assert sum(len(json.dumps(r, separators=(",", ":"), ensure_ascii=False)) + 1 for r in full) <= 2_000
        assert outcome.shortened == len(short)
        assert any("carry a short message" in line for line in outcome.summary())
        assert "recommendations" in records[-1]


def test_the_worker_limit_is_32_and_named() -> None:
    for jobs in ("33", "10000", "9" * 50):
        done = cli("recommend", "--batch", "-", "--jobs", jobs, stdin=b"{}\n")
        err = done.stderr.decode()
        assert done.returncode == 2, err
        assert "--jobs" in err
        assert "0<=x<=32" in err
    data = b'{"market": "b2b"}\n' * 3_100  # more than two chunks: workers start
    done = cli("recommend", "--batch", "-", "--jobs", "32", "--top", "1", stdin=data)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 3_100
