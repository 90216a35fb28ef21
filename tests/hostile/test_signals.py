"""Signals during a batch with workers: no orphans, whole lines only, the documented exit codes.

The batch reads from a producer that never stops, so it is always mid-run when the signal comes;
the tests wait for evidence (records written, workers running), never for a time.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.hostile.cli import HANG_GUARD, alive, children, spawn, strict_json

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
        """The exit code and what stderr holds once the process has ended.

        Read without waiting for the end of the pipe: an orphaned worker would hold it open forever.
        """
        code = self.proc.wait(timeout=HANG_GUARD)
        assert self.proc.stderr is not None
        fd = self.proc.stderr.fileno()
        os.set_blocking(fd, False)
        err = b""
        with contextlib.suppress(BlockingIOError):
            while chunk := os.read(fd, 65536):
                err += chunk
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
    ("signum", "group", "code", "message"),
    [
        (signal.SIGTERM, False, 143, b"smm-advisor: terminated (SIGTERM)\n"),
        (signal.SIGTERM, True, 143, b"smm-advisor: terminated (SIGTERM)\n"),
        (signal.SIGHUP, False, 129, b"smm-advisor: terminated (SIGHUP)\n"),
        (signal.SIGINT, False, 130, b"smm-advisor: interrupted\n"),
        (signal.SIGINT, True, 130, b"smm-advisor: interrupted\n"),  # Ctrl-C in a terminal: the workers get it too
    ],
    ids=["SIGTERM", "SIGTERM to the group", "SIGHUP", "SIGINT", "SIGINT to the group"],
)
def test_a_signal_to_the_batch_ends_its_workers_and_writes_whole_lines(
    signum: signal.Signals, group: bool, code: int, message: bytes
) -> None:
    batch = Batch("--jobs", "2", session=group)
    workers = batch.workers()
    if group:
        os.killpg(batch.proc.pid, signum)
    else:
        os.kill(batch.proc.pid, signum)
    got, err = batch.finish()
    assert (got, err) == (code, message)
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


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129), (signal.SIGINT, 130)])
def test_a_signal_while_a_single_answer_reads_its_knowledge_base(
    tmp_path: Path, signum: signal.Signals, code: int
) -> None:
    fifo = tmp_path / "kb.yaml"
    os.mkfifo(fifo)
    proc = spawn("recommend", "--kb", str(fifo), "--json")
    with open(fifo, "wb") as feed:  # returns once the advisor has opened it: it runs, its handlers are in place
        feed.write(b"version: x\n")
        feed.flush()
        os.kill(proc.pid, signum)  # while it waits for the rest of the file
        out, err = proc.communicate(timeout=HANG_GUARD)
    assert proc.returncode == code, err
    assert out == b""
    assert b"Traceback" not in err


def test_waiting_for_a_stream_never_selects_on_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    """select() on a pipe raises there: the wait must leave it to the read, as before."""
    import select as select_module

    from smm_advisor import interrupts

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("select() on a pipe: not a socket")

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(select_module, "select", refuse)
    monkeypatch.delattr(select_module, "poll", raising=False)
    read_end, write_end = os.pipe()
    try:
        os.write(write_end, b"x")
        interrupts.wait_readable(read_end)  # returns at once: no select
        assert os.read(read_end, 1) == b"x"
    finally:
        os.close(read_end)
        os.close(write_end)
