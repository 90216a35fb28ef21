"""Batch recommendations: JSON Lines in, one JSON line out per input line, in constant memory."""

from __future__ import annotations

import itertools
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import IO, TYPE_CHECKING, Any, NamedTuple

from smm_advisor.advice.profiles import from_document
from smm_advisor.advice.scoring import recommend
from smm_advisor.errors import InputError, Problem
from smm_advisor.i18n import language, set_language
from smm_advisor.knowledge.reader import Document, parse_json
from smm_advisor.render.json import batch_error, batch_record

if TYPE_CHECKING:
    from smm_advisor.knowledge.models import KnowledgeBase

MAX_LINE_BYTES = 1024 * 1024


def _lines(stream: IO[bytes]) -> Iterator[bytes]:
    """Lines of at most MAX_LINE_BYTES (+1, so that an overlong line can be told)."""
    while True:
        line = stream.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            rest = stream.readline()
            while rest and not rest.endswith(b"\n"):
                rest = stream.readline()
            yield line[: MAX_LINE_BYTES + 1]
            continue
        yield line


def _profile_for(raw: bytes, name: str, number: int, overrides: dict[str, Any], defaults: dict[str, Any]) -> Any:
    if len(raw) > MAX_LINE_BYTES:
        raise InputError([Problem(name, f"line longer than {MAX_LINE_BYTES:,} bytes", line=number)])
    if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError([Problem(name, "not valid UTF-8", line=number, column=exc.start + 1)]) from None
    if not text.strip():
        raise InputError([Problem(name, "empty line (expected one JSON profile per line)", line=number)])
    try:
        doc = parse_json(text, name)
    except InputError as exc:
        raise InputError([Problem(name, p.message, line=number, column=p.column) for p in exc.problems]) from None
    located = Document(name, doc.data, text, _positions={(): (number, 1)})
    if isinstance(doc.data, dict):
        located._positions = {(): (number, 1), **{(key,): (number, 1) for key in doc.data}}
    return from_document(located, overrides, defaults)


def run_batch(
    path: str,
    kb: KnowledgeBase,
    overrides: dict[str, Any],
    *,
    top: int | None = None,
    progress: bool = False,
    jobs: int = 1,
    stdin: IO[bytes] | None = None,
    stdout: IO[str] | None = None,
    defaults: dict[str, Any] | None = None,
) -> tuple[int, int]:
    """Write one result or error record per input line; return (lines read, lines failed).

    With `jobs` > 1 and more than two chunks of input, the lines are scored by that many worker
    processes; the records are written in input order either way, and are the same bytes.
    """
    out = stdout if stdout is not None else sys.stdout
    name = "<stdin>" if path == "-" else path
    job = Job(name, kb, overrides, top, language(), defaults or {})
    if path == "-":
        stream: IO[bytes] = stdin if stdin is not None else sys.stdin.buffer
        return _stream(stream, job, jobs, progress, out)
    try:
        with open(path, "rb") as fh:
            return _stream(fh, job, jobs, progress, out)
    except FileNotFoundError:
        raise InputError([Problem(name, "no such file")]) from None
    except IsADirectoryError:
        raise InputError([Problem(name, "is a directory, not a file")]) from None
    except PermissionError as exc:
        raise InputError([Problem(name, f"cannot read: {exc.strerror}")]) from None


CHUNK_LINES = 1_000  # lines a worker scores per task
SHORT_CHUNKS = 2  # a batch of at most this many chunks is not worth starting workers for
IN_FLIGHT = 3  # chunks per worker submitted ahead of the one being written: bounded memory
MAX_AUTO_JOBS = 8
# Forked workers inherit the loaded knowledge base and start at once; where fork is not the
# platform's way (macOS, Windows), workers are spawned and receive the job pickled.
START_METHOD = "fork" if sys.platform == "linux" else None


def auto_jobs() -> int:
    """Worker processes for --jobs 0: the CPUs this process may run on (at most MAX_AUTO_JOBS)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, MAX_AUTO_JOBS))


class Job(NamedTuple):
    """What every line of one batch is scored with (a worker process receives it once)."""

    name: str
    kb: KnowledgeBase
    overrides: dict[str, Any]
    top: int | None
    language: str
    defaults: dict[str, Any]  # the project configuration's profile fields, under each line's own


class _Lines:
    """Scores chunks of lines with the one scorer, for the whole run (or one worker)."""

    def __init__(self, job: Job) -> None:
        self.job = job

    def chunk(self, first: int, raws: list[bytes]) -> tuple[str, int]:
        """The records of lines first, first + 1, ... (newline-terminated) and how many failed."""
        job = self.job
        records: list[str] = []
        failed = 0
        for number, raw in enumerate(raws, start=first):
            try:
                profile = _profile_for(raw, job.name, number, job.overrides, job.defaults)
                records.append(batch_record(number, recommend(job.kb, profile, top=job.top, detail=False)))
            except InputError as exc:
                failed += 1
                records.append(batch_error(number, exc.lines()))
        records.append("")
        return "\n".join(records), failed


def _chunks(stream: IO[bytes]) -> Iterator[tuple[int, list[bytes]]]:
    """(number of the first line, lines) in chunks of CHUNK_LINES."""
    lines = _lines(stream)
    first = 1
    while chunk := list(itertools.islice(lines, CHUNK_LINES)):
        yield first, chunk
        first += len(chunk)


def _stream(stream: IO[bytes], job: Job, jobs: int, progress: bool, out: IO[str]) -> tuple[int, int]:
    chunks = _chunks(stream)
    head = list(itertools.islice(chunks, SHORT_CHUNKS + 1))
    rest = itertools.chain(head, chunks)
    results = _in_workers(rest, job, jobs) if jobs > 1 and len(head) > SHORT_CHUNKS else _here(rest, job)
    bar = _Progress() if progress else None
    read = failed = 0
    for (text, bad), count in results:
        out.write(text)
        read += count
        failed += bad
        if bar is not None:
            bar.show(read, failed)
    out.flush()
    if bar is not None:
        bar.close()
    return read, failed


Scored = tuple[tuple[str, int], int]  # ((records, lines failed), lines in the chunk)


def _here(chunks: Iterator[tuple[int, list[bytes]]], job: Job) -> Iterator[Scored]:
    lines = _Lines(job)
    for first, raws in chunks:
        yield lines.chunk(first, raws), len(raws)


def _in_workers(chunks: Iterator[tuple[int, list[bytes]]], job: Job, jobs: int) -> Iterator[Scored]:
    """Chunks scored by `jobs` worker processes; results in input order, at most IN_FLIGHT x jobs ahead."""
    context = multiprocessing.get_context(START_METHOD)
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker, initargs=(job,))
    pending: deque[tuple[Future[tuple[str, int]], int]] = deque()
    try:
        for first, raws in chunks:
            pending.append((pool.submit(_score_in_worker, first, raws), len(raws)))
            if len(pending) > IN_FLIGHT * jobs:
                future, count = pending.popleft()
                yield future.result(), count
        while pending:
            future, count = pending.popleft()
            yield future.result(), count
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


_WORKER: dict[str, _Lines] = {}  # in a worker process: its scorer, under "lines"


def _start_worker(job: Job) -> None:
    """Worker start: Ctrl-C is the parent's to handle; the language is the parent's."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    set_language(job.language)
    _WORKER["lines"] = _Lines(job)


def _score_in_worker(first: int, raws: list[bytes]) -> tuple[str, int]:
    return _WORKER["lines"].chunk(first, raws)


class _Progress:
    """A one-line counter on stderr (stderr is a terminal), redrawn once per chunk."""

    def show(self, number: int, failed: int) -> None:
        sys.stderr.write(f"\r{number:,} profiles, {failed:,} failed")
        sys.stderr.flush()

    def close(self) -> None:
        sys.stderr.write("\r\x1b[K")
        sys.stderr.flush()
