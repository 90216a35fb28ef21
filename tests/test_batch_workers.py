"""Batch work split over worker processes: the same bytes, in order, with every line accounted for."""

from __future__ import annotations

import io
import json
import os
import pickle
import random
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from smm_advisor.cli import batch, jsonlines
from smm_advisor.cli.batch import auto_jobs, run_batch
from smm_advisor.i18n import using
from tests.test_properties import KB

ROOT = Path(__file__).resolve().parent.parent


# Batch lines of many shapes, good and bad: every record must come out the same, whatever the workers.
LINES = [
    b'{"market": "B2B", "goals": ["Anfragen", "leads"], "regions": ["de", "NO"], "age": "25-54", "ads": true}\n',
    b'{"market": "b2c", "age": {"min": 30, "max": 20}}\n',
    b'{"goals": "leads", "content": ["reels", "photo"], "ads": null}\n',
    b'{"goals": ["fame"]}\n',
    b'{"market": "b2b", "market": "b2c"}\n',
    b'{"age": NaN}\n',
    b'{"ads": 1}\n',
    b'{"ads": "yes"}\n',
    b'{"ads": true}\n',
    b'{"market": 1}\n',
    b'{"market": true}\n',
    b'{"weights": {"goal-fit": "2", "audience_age": 0}}\n',
    b'{"weights": {"goal_fit": 20}}\n',
    b'{"require": ["ads", "video"], "exclude": ["x"]}\n',
    b'{"require": ["ads", "image"]}\n',
    b'{"colour": "red"}\n',
    b'["a list"]\n',
    b"not json\n",
    b"\n",
    b'{"regions": []}\n',
    b'{"regions": [["DE"]]}\n',
    b'{"regions": [1.0]}\n',
    b'{"a": ' + b"[" * 70 + b"]" * 70 + b"}\n",
    b'{"market": "\xff"}\n',
    b'{"market": "b2b"}\n',
    b'{"age": "65+", "regions": "eu"}\n',
    b'{"age": 30}\n',
]


def batch_file(tmp_path: Path, count: int, seed: int = 5) -> Path:
    rng = random.Random(seed)
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"".join(rng.choice(LINES) for _ in range(count)))
    return src


def non_blank(src: Path) -> int:
    """Lines of the file that yield a record (blank lines are skipped)."""
    return sum(1 for line in src.read_bytes().split(b"\n")[:-1] if line.strip())


def scored(src: Path, jobs: int, top: int | None = 5) -> tuple[str, int, int]:
    out = io.StringIO()
    outcome = run_batch(str(src), KB, {}, top=top, jobs=jobs, stdout=out)
    return out.getvalue(), outcome.records, outcome.failed


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of 40 lines, so that a few hundred lines are many chunks and keep workers busy."""
    monkeypatch.setattr(jsonlines, "CHUNK_LINES", 40)


@pytest.mark.usefixtures("small_chunks")
@pytest.mark.parametrize("jobs", [2, 3])
def test_workers_write_what_one_process_writes(tmp_path: Path, jobs: int) -> None:
    src = batch_file(tmp_path, 1_000)
    alone = scored(src, 1)
    together = scored(src, jobs)
    assert together == alone
    text, read, failed = together
    numbers = [json.loads(line)["line"] for line in text.splitlines()]
    blank = [n for n, line in enumerate(src.read_bytes().split(b"\n")[:-1], start=1) if not line.strip()]
    assert blank  # LINES holds a blank line: it is skipped, and the other lines keep their numbers
    assert numbers == [n for n in range(1, 1_001) if n not in blank]
    assert read == len(numbers)
    assert 0 < failed == text.count('"errors"')


@pytest.mark.usefixtures("small_chunks")
def test_workers_answer_in_the_parents_language(tmp_path: Path) -> None:
    src = batch_file(tmp_path, 300, seed=9)
    with using("de"):
        german = scored(src, 2)
        assert german == scored(src, 1)
    assert german != scored(src, 2)
    assert "Ziel" in german[0]


@pytest.mark.usefixtures("small_chunks")
def test_spawned_workers_receive_the_job_pickled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where fork is not the platform's way (macOS, Windows) workers are spawned: same output."""
    monkeypatch.setattr(batch, "START_METHOD", "spawn")
    src = batch_file(tmp_path, 200, seed=11)
    assert scored(src, 2, top=None) == scored(src, 1, top=None)


def test_a_short_batch_starts_no_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_workers(*args: object) -> None:
        raise AssertionError("workers started for two chunks")

    monkeypatch.setattr(batch, "_in_workers", no_workers)
    src = batch_file(tmp_path, 2 * jsonlines.CHUNK_LINES)
    text, read, _ = scored(src, 4)
    assert read == len(text.splitlines()) == non_blank(src)


@pytest.mark.usefixtures("small_chunks")
def test_workers_results_pass_through_a_private_folder_that_goes_with_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No file or folder is left behind, and the records are what one process writes."""
    spools = tmp_path / "tmp"
    spools.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spools))
    src = batch_file(tmp_path, 400, seed=4)
    assert scored(src, 2) == scored(src, 1)
    assert list(spools.iterdir()) == []


@pytest.mark.skipif(os.name != "posix", reason="process ids are looked up with kill(pid, 0)")
def test_a_batch_removes_the_folders_runs_killed_with_sigkill_left_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, check=True)
    dead = tmp_path / f"{batch.SPOOL_PREFIX}{int(done.stdout)}-abc"  # that process has ended
    (dead / "sub").mkdir(parents=True)
    (dead / "3.chunk").write_bytes(b"x" * 1000)
    alive = tmp_path / f"{batch.SPOOL_PREFIX}{os.getpid()}-def"  # a run still going
    alive.mkdir()
    other = tmp_path / f"{batch.SPOOL_PREFIX}1-not-a-folder"
    other.write_bytes(b"")
    spool = batch._new_spool()
    assert Path(spool).name.startswith(f"{batch.SPOOL_PREFIX}{os.getpid()}-")
    assert (Path(spool).stat().st_mode & 0o777) == 0o700
    assert not dead.exists()
    assert alive.is_dir()
    assert other.exists()


def test_a_worker_sends_back_a_name_short_enough_to_be_written_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pipe writes up to PIPE_BUF (at least 512 bytes, POSIX) at once: a killed worker cannot leave half of it."""
    lines = [(n, line.rstrip(b"\n") or None) for n, line in enumerate(LINES * 40, start=1)]
    job = batch.Job("in.jsonl", KB, {}, 5, "en", batch.NO_GATES, os.getpid(), {})
    monkeypatch.setitem(batch._WORKER, "lines", batch._Lines(job))
    monkeypatch.setitem(batch._WORKER, "spool", str(tmp_path))
    name = batch._score_in_worker(lines, 7)
    assert len(pickle.dumps(name, protocol=pickle.HIGHEST_PROTOCOL)) < 512
    assert batch._unspooled(name) == batch._Lines(job).chunk(lines)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.usefixtures("small_chunks")
def test_without_a_temporary_folder_the_batch_is_scored_in_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_folder(**options: object) -> str:
        raise PermissionError(13, "Permission denied")

    def no_workers(*args: object) -> None:
        raise AssertionError("workers started without a folder for their results")

    monkeypatch.setattr(tempfile, "mkdtemp", no_folder)
    monkeypatch.setattr(batch, "_in_workers", no_workers)
    src = batch_file(tmp_path, 400, seed=6)
    assert scored(src, 2) == scored(src, 1)


def test_auto_jobs_is_at_least_one_and_bounded() -> None:
    assert 1 <= auto_jobs() <= batch.MAX_AUTO_JOBS


def cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "smm_advisor", *args]
    return subprocess.run(cmd, input=stdin, capture_output=True, env=env, timeout=300, check=False)


def test_jobs_flag_gives_the_same_bytes_from_the_command_line(tmp_path: Path) -> None:
    src = batch_file(tmp_path, 2_500, seed=2)  # three chunks of 1,000: workers start
    one = cli("recommend", "--batch", str(src), "--top", "3", "--jobs", "1")
    two = cli("recommend", "--batch", str(src), "--top", "3", "--jobs", "2")
    assert one.returncode == two.returncode == 2  # LINES holds bad lines on purpose
    assert one.stdout == two.stdout
    assert len(two.stdout.splitlines()) == non_blank(src)
    assert one.stderr == two.stderr
    assert b"batch line(s) failed" in two.stderr


def test_jobs_must_not_be_negative() -> None:
    done = cli("recommend", "--batch", "-", "--jobs", "-1", stdin=b"")
    assert done.returncode == 2
    assert b"--jobs" in done.stderr
    assert b"Traceback" not in done.stderr


def test_workers_into_a_closed_pipe_end_quietly(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"market": "b2b"}\n' * 5_000)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    shell = f"{sys.executable} -m smm_advisor recommend --batch {src} --jobs 2 | head -c 10"
    done = subprocess.run(["bash", "-c", shell], capture_output=True, env=env, timeout=120, check=False)
    assert len(done.stdout) == 10
    assert b"Traceback" not in done.stderr
    assert b"Error" not in done.stderr


def test_remembered_clean_fields_change_no_answer(tmp_path: Path) -> None:
    """Ages and list fields are remembered once clean: a bad one repeated is reported every time."""
    lines = [
        b'{"age": "25-54", "regions": ["de", "AT"]}',
        b'{"age": "54-25", "regions": ["de", "Atlantis"]}',
        b'{"age": "25-54", "regions": ["de", "AT"]}',
        b'{"age": "54-25", "regions": ["de", "Atlantis"]}',
    ]
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"\n".join(lines) + b"\n")
    text, read, failed = scored(src, 1)
    records = [json.loads(line) for line in text.splitlines()]
    assert (read, failed) == (4, 2)
    assert records[0]["profile"] == records[2]["profile"]
    assert records[0]["profile"]["age"] == {"min": 25, "max": 54}
    assert records[0]["profile"]["regions"] == ["AT", "DE"]
    assert [e.replace(":2:1:", ":4:1:") for e in records[1]["errors"]] == records[3]["errors"]
    assert any("minimum age 54 is above maximum age 25" in e for e in records[3]["errors"])
    assert any("'Atlantis' is not a region" in e for e in records[3]["errors"])
