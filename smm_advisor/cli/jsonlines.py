"""Reading JSON Lines for a batch: bounded memory, blank lines skipped, and chunks that end where input stalls.

A line is at most MAX_LINE_BYTES: a longer one is skipped as it streams past (never held whole)
and becomes an error record. A file is read in large blocks and cut into chunks of CHUNK_LINES.
A pipe, a terminal or a FIFO is watched: when no input arrives for STALL_SECONDS, or the oldest
line of the chunk being gathered has waited MAX_DELAY_SECONDS, the chunk ends early and is marked
`flush`, so that `tail -f events.jsonl | smm-advisor recommend --batch -` answers each line as it
comes. Chunk boundaries never change a record: the output is the same however the input arrives.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Iterator
from typing import IO, Any, NamedTuple

from smm_advisor.interrupts import wait_readable

MAX_LINE_BYTES = 1024 * 1024
CHUNK_LINES = 1_000  # lines a worker scores per task
READ_BYTES = 64 * 1024
STALL_SECONDS = 0.05
MAX_DELAY_SECONDS = 0.5

Line = tuple[int, bytes | None]  # (line number, its bytes without the newline; None: longer than the limit)


class Chunk(NamedTuple):
    """Lines to score together; `flush`: write every record up to here before reading on."""

    lines: list[Line]
    flush: bool


_STALL = None


class LineReader:
    """The non-blank lines of a byte stream, numbered as in the stream, with stalls reported as None."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        try:
            self.fd: int | None = stream.fileno()
            regular = stat.S_ISREG(os.fstat(self.fd).st_mode)
        except (AttributeError, OSError, ValueError):  # a stand-in stream (a test's BytesIO)
            self.fd, regular = None, True
        self.poller = None if regular or self.fd is None else _poller(self.fd)
        self.number = 0

    @property
    def watched(self) -> bool:
        """Whether input may stall (a pipe, terminal or FIFO that can be polled)."""
        return self.poller is not None

    def _read(self) -> bytes:
        if self.fd is None:
            return self.stream.read(READ_BYTES)
        while True:
            if self.poller is not None:
                wait_readable(self.fd)  # a signal ends the wait; a non-blocking stdin is waited on, not read short
            try:
                return os.read(self.fd, READ_BYTES)
            except BlockingIOError:  # another reader took what was there
                continue

    def _ready(self) -> bool:
        """Input can be read now, or within STALL_SECONDS."""
        return self.poller is None or bool(self.poller.poll(STALL_SECONDS * 1000))

    def batches(self) -> Iterator[list[Line] | None]:
        """Lists of complete lines as they are read; None where input stalls (nothing came for a while)."""
        tail = b""
        skipping = False  # inside a line longer than the limit: its bytes are dropped as they come
        while True:
            if not self._ready():
                yield _STALL
            data = self._read()
            if not data:
                break
            parts = (tail + data).split(b"\n") if tail else data.split(b"\n")
            tail = parts.pop()
            found: list[Line] = []
            for raw in parts:
                self.number += 1
                if skipping:
                    skipping = False
                    found.append((self.number, None))
                elif len(raw) > MAX_LINE_BYTES:
                    found.append((self.number, None))
                elif raw.strip():
                    found.append((self.number, raw))
            if len(tail) > MAX_LINE_BYTES:
                tail, skipping = b"", True
            if found:
                yield found
        if skipping or tail.strip():
            self.number += 1
            yield [(self.number, None if skipping else tail)]


def _poller(fd: int) -> Any:
    import select

    if not hasattr(select, "poll"):  # Windows: no polling of pipes; chunks end at CHUNK_LINES or the end
        return None
    poller = select.poll()
    poller.register(fd, select.POLLIN | select.POLLHUP | select.POLLERR)
    return poller


def chunks(reader: LineReader) -> Iterator[Chunk]:
    """The reader's lines in chunks of CHUNK_LINES; a chunk ends early (flush) where the input stalls or waits long."""
    gathered: list[Line] = []
    since = 0.0
    for found in reader.batches():
        if found is _STALL:
            yield Chunk(gathered, flush=True)  # empty too: the caller writes what is still in flight
            gathered = []
            continue
        if not gathered and reader.watched:
            since = time.monotonic()
        gathered.extend(found)
        while len(gathered) >= CHUNK_LINES:
            yield Chunk(gathered[:CHUNK_LINES], flush=False)
            gathered = gathered[CHUNK_LINES:]
            since = time.monotonic() if reader.watched else since
        if gathered and reader.watched and time.monotonic() - since >= MAX_DELAY_SECONDS:
            yield Chunk(gathered, flush=True)
            gathered = []
    yield Chunk(gathered, flush=True)
