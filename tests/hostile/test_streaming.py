"""True streaming: `--batch -` answers each line as it arrives, keeps the order, skips blank lines.

A slow producer writes one line and waits for its record before it writes the next: if the
advisor waited for a full chunk (or the end of the input), the producer would wait forever (the
hang guard fails the test). No timing is asserted.
"""

from __future__ import annotations

import queue
import subprocess
import sys
import threading

import pytest

from tests.hostile.cli import HANG_GUARD, SMM, children, environment, spawn, strict_json


class Producer:
    """The advisor fed line by line; its records read as they come."""

    def __init__(self, *args: str) -> None:
        self.proc = spawn("recommend", "--batch", "-", "--top", "1", *args)
        self.records: queue.Queue[bytes] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.records.put(line)

    def send(self, data: bytes) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def record(self) -> dict[str, object]:
        """The next record; waits for it (a hang guard, not a time limit)."""
        try:
            line = self.records.get(timeout=HANG_GUARD)
        except queue.Empty:
            raise AssertionError("no record for a line that was written: the batch does not stream") from None
        assert line.endswith(b"\n")
        return dict(strict_json(line))

    def close(self) -> tuple[int, bytes]:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        code = self.proc.wait(timeout=HANG_GUARD)
        assert self.proc.stderr is not None
        return code, self.proc.stderr.read()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_each_line_is_answered_before_the_next_is_written(jobs: str) -> None:
    producer = Producer("--jobs", jobs)
    sent = [
        (b'{"market": "b2b"}\n', 1),
        (b"\n   \n", None),  # blank lines: no record, no error; they still count as lines
        (b'{"goals": ["fame"]}\n', 4),
        (b'{"market": "b2c"}\r\n', 5),
        (b'{"regions": ["DE"]}\n', 6),
    ]
    for data, number in sent:
        producer.send(data)
        if number is not None:
            assert producer.record()["line"] == number
    code, err = producer.close()
    assert code == 2  # line 4 is bad
    assert b"1 of 4 batch line(s) failed" in err
    assert producer.records.empty()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="worker processes are read from /proc")
def test_after_a_burst_scored_by_workers_single_lines_still_stream() -> None:
    producer = Producer("--jobs", "2")
    burst = 3_500  # more than two chunks at once: the workers take over
    producer.send(b'{"market": "b2b"}\n' * burst)
    assert [producer.record()["line"] for _ in range(burst)] == list(range(1, burst + 1))
    assert len(children(producer.proc.pid)) == 2
    for number in range(burst + 1, burst + 6):
        producer.send(b'{"market": "b2c"}\n')
        assert producer.record()["line"] == number
    code, err = producer.close()
    assert (code, err) == (0, b"")


def test_only_blank_lines_are_no_error() -> None:
    done = subprocess.run(
        [*SMM, "recommend", "--batch", "-"],
        input=b"\n\n  \n\t\n\r\n",
        capture_output=True,
        env=environment(),
        timeout=HANG_GUARD,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, b"", b"")
