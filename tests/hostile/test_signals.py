"""Signals during a batch with workers: no orphans, whole lines only, the documented exit codes.

The batch reads from a producer that never stops, so it is always mid-run when the signal comes;
the tests wait for evidence (records written, workers running), never for a time.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable

import pytest

from tests.hostile.cli import HANG_GUARD, SMM, alive, children, environment, spawn, strict_json

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="process trees are read from /proc")

LINE = b'{"market": "b2b", "goals": ["leads"], "regions": ["DE"]}\n'


class Batch:
    """`recommend --batch -` fed without end; stdout collected as it comes."""

    def __init__(self, *args: str, session: bool = False) -> None:
        self.proc = spawn("recommend", "--batch", "-", "--top", "3", *args, start_new_session=session)
        self.out = bytearray()
        threading.Thread(target=self._feed, daemon=True).start()
        threading.Thread(target=self._collect, daemon=True).start()

    def _feed(self) -> None:
        assert self.proc.stdin is not None
        try:
            while True:
                self.proc.stdin.write(LINE * 1_000)
                self.proc.stdin.flush()
        except (BrokenPipeError, OSError, ValueError):
            pass

    def _collect(self) -> None:
        assert self.proc.stdout is not None
        while chunk := os.read(self.proc.stdout.fileno(), 65536):
            self.out += chunk

    def wait_for(self, what: Callable[[], bool]) -> None:
        end = time.monotonic() + HANG_GUARD
        while not what():
            assert time.monotonic() < end, "hang guard"
            assert self.proc.poll() is None, self.proc.stderr.read() if self.proc.stderr else b""
            time.sleep(0.05)

    def workers(self) -> set[int]:
        """Wait until the batch writes records and runs its workers; their process ids."""
        self.wait_for(lambda: self.out.count(b"\n") >= 10 and len(children(self.proc.pid)) >= 2)
        return children(self.proc.pid)

    def finish(self) -> tuple[int, bytes]:
        code = self.proc.wait(timeout=HANG_GUARD)
        assert self.proc.stderr is not None
        err = self.proc.stderr.read()
        time.sleep(0.2)  # the collector drains the pipe
        return code, err


def assert_whole_lines_in_order(out: bytes) -> None:
    assert out.endswith(b"\n")
    numbers = [strict_json(line)["line"] for line in out.splitlines()]
    assert numbers == list(range(1, len(numbers) + 1))


def assert_gone(pids: set[int]) -> None:
    end = time.monotonic() + HANG_GUARD
    while any(alive(pid) for pid in pids):
        assert time.monotonic() < end, f"orphaned workers: {[p for p in pids if alive(p)]}"
        time.sleep(0.05)


@pytest.mark.parametrize(
    ("signum", "code", "message"),
    [
        (signal.SIGTERM, 143, b"smm-advisor: terminated (SIGTERM)\n"),
        (signal.SIGHUP, 129, b"smm-advisor: terminated (SIGHUP)\n"),
        (signal.SIGINT, 130, b"smm-advisor: interrupted\n"),
    ],
    ids=["SIGTERM", "SIGHUP", "SIGINT"],
)
def test_a_signal_to_the_batch_ends_its_workers_and_writes_whole_lines(
    signum: signal.Signals, code: int, message: bytes
) -> None:
    batch = Batch("--jobs", "2")
    workers = batch.workers()
    os.kill(batch.proc.pid, signum)
    got, err = batch.finish()
    assert (got, err) == (code, message)
    assert_gone(workers)
    assert_whole_lines_in_order(bytes(batch.out))


def test_ctrl_c_to_the_whole_process_group_is_clean() -> None:
    batch = Batch("--jobs", "2", session=True)
    workers = batch.workers()
    os.killpg(batch.proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the workers get it too
    got, err = batch.finish()
    assert (got, err) == (130, b"smm-advisor: interrupted\n")
    assert_gone(workers)
    assert_whole_lines_in_order(bytes(batch.out))


def test_a_killed_worker_is_reported_as_such() -> None:
    batch = Batch("--jobs", "2")
    workers = batch.workers()
    os.kill(min(workers), signal.SIGKILL)
    got, err = batch.finish()
    text = err.decode()
    assert got == 70, text
    assert "a worker process died (signal 9, SIGKILL); the records up to line " in text
    assert "BrokenProcessPool" not in text
    assert "Traceback" not in text
    assert_gone(workers)
    assert_whole_lines_in_order(bytes(batch.out))


def test_workers_die_with_their_parent_even_on_sigkill() -> None:
    batch = Batch("--jobs", "2")
    workers = batch.workers()
    os.kill(batch.proc.pid, signal.SIGKILL)
    assert batch.proc.wait(timeout=HANG_GUARD) == -signal.SIGKILL
    assert_gone(workers)


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_while_a_single_answer_waits_for_its_profile(signum: signal.Signals, code: int) -> None:
    proc = subprocess.Popen(
        [*SMM, "recommend", "--profile", "-", "--json"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment(),
    )
    assert proc.stdin is not None
    proc.stdin.write(b"market: b2b\n")
    proc.stdin.flush()  # and no end: the advisor waits for more of the profile
    end = time.monotonic() + HANG_GUARD
    while "smm_advisor.knowledge.reader" not in _loaded(proc.pid):
        assert time.monotonic() < end, "hang guard"
        time.sleep(0.05)
    os.kill(proc.pid, signum)
    out, err = proc.communicate(timeout=HANG_GUARD)
    assert proc.returncode == code, err
    assert out == b""
    assert b"Traceback" not in err


def _loaded(pid: int) -> str:
    """What the process has open or mapped, as a cheap sign that it got past its start (here: always ready)."""
    try:
        os.kill(pid, 0)
    except OSError:
        return ""
    time.sleep(0.5)  # a start-up guard only; the assertion is on the exit code, not on time
    return "smm_advisor.knowledge.reader"
