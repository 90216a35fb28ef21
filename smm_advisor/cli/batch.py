"""Batch recommendations: JSON Lines in, one JSON line out per input line, in constant memory.

Lines are read by cli/jsonlines.py (bounded, blank lines skipped, chunks that end where input
stalls), scored here or by worker processes, and written in input order, one chunk at a time and
whole: a signal never cuts a line (cli/streams.py). Gates (--min-score, --fail-if-missing) are
checked for every record. Error output is capped: MAX_PROBLEMS problems per record, and after
MAX_ERROR_BYTES of error records in one batch the further ones carry one short problem each.
"""

from __future__ import annotations

import codecs
import gc
import multiprocessing
import os
import pickle
import shutil
import signal
import sys
import tempfile
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any, NamedTuple, cast

from smm_advisor.advice.profiles import from_document
from smm_advisor.advice.scoring import failed_gates, recommend
from smm_advisor.cli.app import error_lines
from smm_advisor.cli.jsonlines import MAX_LINE_BYTES, Chunk, Line, LineReader, chunks
from smm_advisor.cli.streams import complete_writes, reset_in_worker
from smm_advisor.errors import InputError, OutputError, Problem, WorkerDied
from smm_advisor.i18n import integer, language, set_language, t, tn
from smm_advisor.knowledge.reader import Document, file_status, parse_json, standard_input
from smm_advisor.knowledge.store import platform_names
from smm_advisor.render.json import batch_error, batch_record

if TYPE_CHECKING:
    from smm_advisor.knowledge.models import KnowledgeBase

# A line makes a few hundred short-lived objects and no reference cycles (they are freed as soon as
# the record is written), so collections need not run every 700 allocations as by default: every
# 200,000 (measured: from 50,000 on the batch runs no faster; memory stays as flat).
GC_THRESHOLDS = (200_000, 50, 100)
MAX_ERROR_BYTES = 16 * 1024 * 1024  # error records written in full per batch; later ones are short
SHORT_CHUNKS = 2  # a batch of at most this many chunks is not worth starting workers for
IN_FLIGHT = 3  # chunks per worker submitted ahead of the one being written: bounded memory
MAX_AUTO_JOBS = 8
SHOWN_GATE_LINES = 5  # line numbers named per failed gate on stderr
# Forked workers inherit the loaded knowledge base and start at once; where fork is not the
# platform's way (macOS, Windows), workers are spawned and receive the job pickled.
START_METHOD = "fork" if sys.platform == "linux" else None


class Gates(NamedTuple):
    """The CI gates every record of a batch is checked against."""

    min_score: float | None = None
    missing: tuple[str, ...] = ()


NO_GATES = Gates()


class Job(NamedTuple):
    """What every line of one batch is scored with (a worker process receives it once)."""

    name: str
    kb: KnowledgeBase
    overrides: dict[str, Any]
    top: int | None
    language: str
    gates: Gates
    parent: int
    defaults: dict[str, Any]  # the project configuration's profile fields, under each line's own


class Scored(NamedTuple):
    """The records of one chunk (UTF-8, newline-terminated) and what the writer needs to know about them."""

    data: bytes
    failed: int
    errors: tuple[tuple[int, int, int], ...]  # (start, end, line) of each error record in data
    gated: tuple[tuple[int, str], ...]  # (line, gate) for each gate a record fails
    records: int  # records in text
    last: int  # the chunk's last line number (0: empty)


@dataclass
class Outcome:
    """What a batch wrote: records, failed lines, gate failures; `summary()` says it on stderr."""

    records: int = 0
    failed: int = 0
    last: int = 0
    shortened: int = 0
    error_bytes: int = 0
    gates: dict[str, list[int]] = field(default_factory=dict)  # gate -> lines (the first few) ...
    gate_counts: dict[str, int] = field(default_factory=dict)  # ... and how many records fail it
    gated_lines: set[int] = field(default_factory=set)

    @property
    def gated(self) -> int:
        """Records that fail at least one gate."""
        return len(self.gated_lines)

    def summary(self) -> list[str]:
        lines = []
        if self.failed:
            lines.append(
                t(
                    "{failed} of {lines} batch line(s) failed; see their error records",
                    failed=self.failed,
                    lines=self.records,
                )
            )
        if self.shortened:
            lines.append(
                tn(
                    "{n} error record after the first {limit} of error records carries a short message",
                    "{n} error records after the first {limit} of error records carry a short message",
                    self.shortened,
                    limit=_mib(MAX_ERROR_BYTES),
                )
            )
        for gate in sorted(self.gates):
            count = self.gate_counts[gate]
            shown = ", ".join(str(n) for n in self.gates[gate]) + (", ..." if count > SHOWN_GATE_LINES else "")
            lines.append(
                t(
                    "gate failed: {gate}: {count} of {total} records (lines {lines})",
                    gate=gate,
                    count=integer(count),
                    total=integer(self.records),
                    lines=shown,
                )
            )
        return lines


def _mib(size: int) -> str:
    return f"{size // (1024 * 1024)} MiB"


def run_batch(
    path: str,
    kb: KnowledgeBase,
    overrides: dict[str, Any],
    *,
    top: int | None = None,
    gates: Gates = NO_GATES,
    progress: bool = False,
    jobs: int = 1,
    stdin: IO[bytes] | None = None,
    stdout: IO[str] | None = None,
    defaults: dict[str, Any] | None = None,
) -> Outcome:
    """Write one result or error record per non-blank input line, in input order; return what was written.

    With `jobs` > 1 and more than SHORT_CHUNKS chunks of input at hand, the lines are scored by
    that many worker processes; the records are the same bytes either way.
    """
    out = stdout if stdout is not None else sys.stdout
    name = "<stdin>" if path == "-" else path
    job = Job(name, kb, overrides, top, language(), gates, os.getpid(), defaults or {})
    writer = _Writer(out, job, progress)
    gc.freeze()  # what is loaded by now (the knowledge base, the catalogs) lives as long as the run
    gc.set_threshold(*GC_THRESHOLDS)
    if path == "-":
        _stream(LineReader(stdin if stdin is not None else standard_input()), job, jobs, writer)
        return writer.outcome
    file_status(path)  # a NUL in the name, or no such file: an input error before anything is written
    try:
        with open(path, "rb") as fh:
            _stream(LineReader(fh), job, jobs, writer)
    except FileNotFoundError:
        raise InputError([Problem(name, t("no such file"))]) from None
    except IsADirectoryError:
        raise InputError([Problem(name, t("is a directory, not a file"))]) from None
    except PermissionError as exc:
        raise InputError([Problem(name, t("cannot read: {reason}", reason=exc.strerror))]) from None
    return writer.outcome


def auto_jobs() -> int:
    """Worker processes for --jobs 0: the CPUs this process may run on (at most MAX_AUTO_JOBS)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, MAX_AUTO_JOBS))


def _profile_for(raw: bytes | None, job: Job, number: int, names: Any) -> Any:
    name = job.name
    if raw is None:
        message = t("the line is longer than the limit of {limit} bytes", limit=integer(MAX_LINE_BYTES))
        raise InputError([Problem(name, message, line=number)])
    if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError([Problem(name, t("not valid UTF-8"), line=number, column=exc.start + 1)]) from None
    try:
        doc = parse_json(text, name)
    except InputError as exc:
        raise InputError([Problem(name, p.message, line=number, column=p.column) for p in exc.problems]) from None
    positions: dict[tuple[str | int, ...], tuple[int, int]] = {(): (number, 1)}
    if isinstance(doc.data, dict):
        positions.update({(key,): (number, 1) for key in doc.data})
    return from_document(Document(name, doc.data, text, _positions=positions), job.overrides, job.defaults, names)


class _Lines:
    """Scores chunks of lines with the one scorer, for the whole run (or one worker)."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.names = platform_names(job.kb)

    def chunk(self, lines: list[Line]) -> Scored:
        """The records of these lines (newline-terminated), their error spans and the gates they fail."""
        job = self.job
        gates = job.gates
        check = gates.min_score is not None or bool(gates.missing)
        records: list[bytes] = []
        errors: list[tuple[int, int, int]] = []
        gated: list[tuple[int, str]] = []
        offset = 0
        for number, raw in lines:
            try:
                profile = _profile_for(raw, job, number, self.names)
                result = recommend(job.kb, profile, top=job.top, detail=False)
                record = batch_record(number, result)
                if check:
                    ranked = [(r.platform, r.score) for r in result.recommendations]
                    gated += [(number, gate) for gate, _ in failed_gates(ranked, gates.min_score, gates.missing)]
            except InputError as exc:
                record = batch_error(number, error_lines(exc))
                errors.append((offset, offset + len(record) + 1, number))
            records.append(record)
            offset += len(record) + 1
        data = b"".join([record + b"\n" for record in records])
        return Scored(data, len(errors), tuple(errors), tuple(gated), len(records), lines[-1][0] if lines else 0)


def _utf8_buffer(out: IO[str]) -> IO[bytes] | None:
    """The binary stream under a UTF-8 text stream (flushed, so that what is written next follows), or None."""
    buffer = getattr(out, "buffer", None)
    encoding = getattr(out, "encoding", None)
    if buffer is None or not encoding or codecs.lookup(encoding).name != "utf-8":
        return None
    out.flush()
    return cast("IO[bytes]", buffer)


class _Writer:
    """Writes scored chunks whole and in order, caps the error output, and keeps the outcome."""

    def __init__(self, out: IO[str], job: Job, progress: bool) -> None:
        self.out = out
        # Records are UTF-8 bytes: written to a UTF-8 stream's buffer as they are; any other
        # stream (another encoding, a StringIO) is written text, and its encoding is checked.
        self.binary: IO[bytes] | None = _utf8_buffer(out)
        self.job = job
        self.outcome = Outcome()
        self.bar = _Progress() if progress else None

    def write(self, scored: Scored) -> None:
        data = self._capped(scored) if scored.errors else scored.data
        if data:
            with complete_writes():
                if self.binary is not None:
                    self.binary.write(data)
                else:
                    self.out.write(data.decode())
                self.out.flush()
        o = self.outcome
        o.records += scored.records
        o.failed += scored.failed
        o.last = max(o.last, scored.last)
        for number, gate in scored.gated:
            o.gated_lines.add(number)
            o.gate_counts[gate] = o.gate_counts.get(gate, 0) + 1
            shown = o.gates.setdefault(gate, [])
            if len(shown) < SHOWN_GATE_LINES:
                shown.append(number)
        if self.bar is not None:
            self.bar.show(o.records, o.failed)

    def _capped(self, scored: Scored) -> bytes:
        """The chunk's records, its error records shortened once the batch has written MAX_ERROR_BYTES of them."""
        o = self.outcome
        pieces: list[bytes] = []
        done = 0
        for start, end, number in scored.errors:
            if o.error_bytes + (end - start) <= MAX_ERROR_BYTES:
                o.error_bytes += end - start
                continue
            o.error_bytes = MAX_ERROR_BYTES + 1  # from here on every error record is short
            o.shortened += 1
            message = t(
                "error details left out: this batch has written {limit} of error records (the limit)",
                limit=_mib(MAX_ERROR_BYTES),
            )
            short = str(Problem(self.job.name, message, line=number))
            pieces += [scored.data[done:start], batch_error(number, [short]) + b"\n"]
            done = end
        return b"".join(pieces) + scored.data[done:] if pieces else scored.data

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _stream(reader: LineReader, job: Job, jobs: int, writer: _Writer) -> None:
    """Score the chunks here, or in workers once more than SHORT_CHUNKS are at hand without a stall."""
    try:
        here = _Lines(job)
        ahead: list[Chunk] = []
        source = chunks(reader)
        for chunk in source:
            if jobs <= 1:
                writer.write(here.chunk(chunk.lines))
                continue
            ahead.append(chunk)
            if chunk.flush:
                for waiting in ahead:
                    writer.write(here.chunk(waiting.lines))
                ahead = []
            elif len(ahead) > SHORT_CHUNKS:
                try:
                    spool = _new_spool()
                except OSError:  # no temporary folder for the workers' results: all is scored here
                    jobs = 1
                    for waiting in ahead:
                        writer.write(here.chunk(waiting.lines))
                    ahead = []
                    continue
                _in_workers(_chain(ahead, source), job, jobs, writer, spool)
                return
        for waiting in ahead:
            writer.write(here.chunk(waiting.lines))
    finally:
        writer.close()


def _chain(first: list[Chunk], rest: Iterator[Chunk]) -> Iterator[Chunk]:
    yield from first
    yield from rest


def _in_workers(source: Iterator[Chunk], job: Job, jobs: int, writer: _Writer, spool: str) -> None:
    """Chunks scored by `jobs` worker processes; written in input order, at most IN_FLIGHT x jobs ahead.

    A chunk marked `flush` (input stalled) is followed by writing everything in flight. Any way
    out but the end of the input (a signal, a closed output, a dead worker) cancels the chunks not
    yet handed to a worker; the workers finish the chunk they hold and end before the run does.

    A worker leaves its chunk's records in a file of a private temporary folder and sends back
    only the file's name. The pool's result pipe then carries messages far below the size a pipe
    writes at once (PIPE_BUF), so a worker killed at any moment never leaves half a message in
    it, for which the pool's own thread would wait forever (a result of megabytes takes many
    writes). The folder (`spool`, made by the caller) goes with the run, whatever ends it.
    """
    context = multiprocessing.get_context(START_METHOD)
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker, initargs=(job, spool))
    workers: dict[int, Any] = {}
    pending: deque[Future[str]] = deque()
    finished = died = False
    try:
        try:
            for number, chunk in enumerate(source):
                if chunk.lines:
                    with _signals_held():  # forked workers must not start with the parent's handlers
                        pending.append(pool.submit(_score_in_worker, chunk.lines, number))
                    workers.update(getattr(pool, "_processes", None) or {})
                while pending and (chunk.flush or len(pending) > IN_FLIGHT * jobs):
                    writer.write(_unspooled(pending.popleft().result()))
            while pending:
                writer.write(_unspooled(pending.popleft().result()))
            finished = True
        except BrokenProcessPool:
            died = True
    finally:
        pool.shutdown(wait=True, cancel_futures=not finished)
        shutil.rmtree(spool, ignore_errors=True)
    if died:  # told after the shutdown, which has collected every worker's exit status
        raise WorkerDied(_death(workers, writer.outcome.last))


SPOOL_PREFIX = "smm-advisor-batch-"


def _new_spool() -> str:
    """A private folder for the workers' results, named after this process; left-overs of dead runs removed.

    A run killed with SIGKILL cannot remove its folder; the next batch with workers removes every
    such folder of this user whose process no longer exists.
    """
    parent = tempfile.gettempdir()
    with suppress(OSError):
        for entry in os.scandir(parent) if os.name == "posix" else ():
            pid = entry.name[len(SPOOL_PREFIX) :].partition("-")[0]
            if (
                entry.name.startswith(SPOOL_PREFIX)
                and pid.isdigit()
                and entry.is_dir(follow_symlinks=False)
                and entry.stat(follow_symlinks=False).st_uid == os.getuid()
                and not _alive(int(pid))
            ):
                shutil.rmtree(entry.path, ignore_errors=True)
    return tempfile.mkdtemp(prefix=f"{SPOOL_PREFIX}{os.getpid()}-", dir=parent)


def _alive(pid: int) -> bool:
    """Whether a process with this id exists (POSIX; one of another user's counts: it is left alone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True
    return True


def _unspooled(path: str) -> Scored:
    """The scored chunk a worker left in `path` (its own file in the run's private folder), the file removed."""
    with open(path, "rb") as fh:
        scored = pickle.load(fh)
    os.unlink(path)
    if not isinstance(scored, Scored):
        raise TypeError(f"not a scored chunk: {path}")
    return scored


def _death(workers: dict[int, Any], last: int) -> str:
    """What became of the worker that died, as the message says it."""
    codes = [p.exitcode for p in workers.values() if p.exitcode not in (None, 0)]
    codes.sort(key=lambda code: code == -signal.SIGTERM)  # the others are ended with SIGTERM once one died
    how = t("cause unknown")
    for code in codes:
        if code < 0:
            try:
                how = t("signal {signal}", signal=f"{-code}, {signal.Signals(-code).name}")
            except ValueError:
                how = t("signal {signal}", signal=str(-code))
            break
        how = t("exit code {code}", code=code)
    return t("a worker process died ({how}); the records up to line {line} are complete", how=how, line=last)


HELD = frozenset(getattr(signal, n) for n in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, n))


@contextmanager
def _signals_held() -> Iterator[None]:
    """Block SIGINT, SIGTERM and SIGHUP while workers may be forked; a signal that came meanwhile then arrives."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    saved = signal.pthread_sigmask(signal.SIG_BLOCK, HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, saved)


_WORKER: dict[str, Any] = {}  # in a worker process: its scorer ("lines") and the run's folder ("spool")


def _start_worker(job: Job, spool: str) -> None:
    """Worker start: signals as a worker takes them (cli/streams.py); the language is the parent's."""
    reset_in_worker(job.parent)
    set_language(job.language)
    _WORKER["lines"] = _Lines(job)
    _WORKER["spool"] = spool


def _score_in_worker(lines: list[Line], number: int) -> str:
    """Score one chunk; leave it in the run's folder and return the file's name (see _in_workers)."""
    scored = _WORKER["lines"].chunk(lines)
    path = os.path.join(_WORKER["spool"], f"{number}.chunk")
    try:
        with open(path, "xb") as fh:
            pickle.dump(scored, fh, protocol=pickle.HIGHEST_PROTOCOL)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise OutputError(t("cannot write the batch's temporary files: {reason}", reason=reason)) from None
    return path


class _Progress:
    """A one-line counter on stderr (stderr is a terminal), redrawn once per chunk."""

    def show(self, number: int, failed: int) -> None:
        sys.stderr.write("\r" + t("{n} profiles, {failed} failed", n=integer(number), failed=integer(failed)))
        sys.stderr.flush()

    def close(self) -> None:
        sys.stderr.write("\r\x1b[K")
        sys.stderr.flush()
