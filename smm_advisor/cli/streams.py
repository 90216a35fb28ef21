"""The process's streams and signals: what a full disk, a closed pipe or a SIGTERM does to a run.

- stdout is written through a guard: a failed write becomes an OutputError that says what went
  wrong ("no space left on device", "output closed", an encoding that cannot carry the text),
  exit 74; a reader that went away (a broken pipe) ends the run quietly, exit 0. After the first
  failure the guard drops what is left, so the interpreter's last flush stays quiet.
- stderr never fails a run: what cannot be written there is dropped.
- A closed stdin, stdout or stderr (`<&-`, `>&-`) is held open on the null device, so that no file
  the run opens can take its number and receive the output.
- SIGTERM and SIGHUP raise Terminated (exit 128 + the signal; the batch ends its workers first),
  SIGINT raises KeyboardInterrupt (exit 130). While a document or a batch chunk is being written
  (`complete_writes`), a signal waits until the write is done, so the output ends with whole lines;
  a second signal does not wait.
"""

from __future__ import annotations

import errno
import io
import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any

from smm_advisor import interrupts
from smm_advisor.errors import OutputError, Terminated
from smm_advisor.i18n import t

TERMINATING = ("SIGTERM", "SIGHUP")


class _Guard(io.RawIOBase):
    """A file descriptor written with os.write; failures become OutputError (stdout) or are dropped (stderr)."""

    def __init__(self, fd: int | None, *, strict: bool) -> None:
        super().__init__()
        self.fd = fd
        self.strict = strict
        self.dead = fd is None and not strict
        self.kept = _file_end(fd) if strict else None  # in a file we alone write: where the last whole write ends

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self.fd is not None and os.isatty(self.fd)

    def fileno(self) -> int:
        if self.fd is None:
            raise OSError(errno.EBADF, os.strerror(errno.EBADF))
        return self.fd

    def write(self, data: Any) -> int:
        size = len(data)
        if self.dead:
            return size
        try:
            if self.fd is None:
                raise OSError(errno.EBADF, os.strerror(errno.EBADF))
            while True:
                try:
                    written = os.write(self.fd, data)
                    break
                except BlockingIOError:  # a stdout left non-blocking by whoever started us: wait, then go on
                    import select

                    select.select([], [self.fd], [])
            return written
        except OSError as exc:
            self.dead = True
            if self.strict:
                self._cut_to_whole_lines()
                raise output_error(exc) from None
            return size

    def _cut_to_whole_lines(self) -> None:
        """A full disk or a file-size limit took part of a write: the file ends where the last whole one did."""
        if self.kept is not None and self.fd is not None:
            with suppress(OSError):
                os.ftruncate(self.fd, self.kept)

    def complete(self) -> None:
        """A document or a batch chunk is out whole: a later failure cuts the file back to here, not further."""
        if self.kept is not None and self.fd is not None and not self.dead:
            with suppress(OSError):
                self.kept = os.lseek(self.fd, 0, os.SEEK_CUR)


def _file_end(fd: int | None) -> int | None:
    """Where stdout's file ends now, if stdout is a regular file this run alone writes (not appended to)."""
    import stat

    try:
        if fd is None or not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        if hasattr(os, "O_APPEND") and _flags(fd) & os.O_APPEND:
            return None  # others may write to it too: cutting it could cut their lines
        return os.lseek(fd, 0, os.SEEK_CUR)
    except OSError:
        return None


def _flags(fd: int) -> int:
    """The descriptor's status flags (O_APPEND, ...); where they cannot be read, as if appending (no cutting)."""
    try:
        import fcntl
    except ImportError:  # Windows
        return getattr(os, "O_APPEND", 0)
    return fcntl.fcntl(fd, fcntl.F_GETFL)


class _Text(io.TextIOWrapper):
    """stdout as text: a character its encoding cannot carry is an OutputError, before anything is written."""

    def write(self, s: str) -> int:
        try:
            return super().write(s)
        except UnicodeEncodeError as exc:
            raise OutputError(
                t(
                    "<stdout>: the output's encoding ({encoding}) cannot carry {char}; "
                    "use a UTF-8 locale or set PYTHONIOENCODING=utf-8",
                    encoding=exc.encoding,
                    char=f"U+{ord(exc.object[exc.start]):04X}",
                )
            ) from None


def output_error(exc: OSError) -> OutputError:
    """What a failed write to stdout means for the user."""
    if exc.errno == errno.EPIPE:
        return OutputError("", quiet=True)
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        reason = t("no space left on device")
    elif exc.errno == errno.EBADF:
        reason = t("output closed")
    else:
        reason = exc.strerror or type(exc).__name__
    return OutputError(t("<stdout>: cannot write the output: {reason}", reason=reason))


def _hold_closed_descriptors() -> None:
    """Keep a closed 0, 1 or 2 occupied by the null device opened the wrong way round (reads or writes fail)."""
    for fd, flags in ((0, os.O_WRONLY), (1, os.O_RDONLY), (2, os.O_RDONLY)):
        try:
            os.fstat(fd)
        except OSError:
            try:
                held = os.open(os.devnull, flags)
                if held != fd:
                    os.dup2(held, fd)
                    os.close(held)
            except OSError:
                pass


def _wrapped(stream: Any, fd: int, *, strict: bool) -> io.TextIOWrapper:
    closed = stream is None
    encoding = "utf-8" if closed else stream.encoding
    errors = "strict" if closed else stream.errors
    raw = _Guard(None if closed else fd, strict=strict)
    buffered = io.BufferedWriter(raw)
    kind = _Text if strict else io.TextIOWrapper
    line_buffering = False if closed else bool(stream.line_buffering)
    return kind(buffered, encoding=encoding, errors=errors, line_buffering=line_buffering, write_through=not strict)


@contextmanager
def guarded() -> Iterator[None]:
    """Run with guarded stdout and stderr and the signal handlers; restore both afterwards.

    Only the process's own streams are replaced: a test's captured streams are left as they are.
    """
    saved_out, saved_err = sys.stdout, sys.stderr
    if sys.stdin is None or sys.stdout is None or sys.stderr is None:
        _hold_closed_descriptors()
    if sys.stdout is sys.__stdout__:
        sys.stdout = _wrapped(saved_out, 1, strict=True)
    if sys.stderr is sys.__stderr__:
        sys.stderr = _wrapped(saved_err, 2, strict=False)
    restore = _install_signals()
    try:
        yield
    finally:
        restore()
        if sys.stdout is not saved_out:
            with suppress(OutputError, OSError, ValueError):
                sys.stdout.flush()
            sys.stdout = saved_out
        if sys.stderr is not saved_err:
            sys.stderr.flush()
            sys.stderr = saved_err


def finish_output() -> None:
    """Flush stdout inside the run, so that a failure is reported like any other (not at interpreter exit)."""
    if sys.stdout is not None:
        sys.stdout.flush()


def drop_output() -> None:
    """After a failed or abandoned output: whatever is still buffered for stdout goes nowhere."""
    raw = getattr(getattr(sys.stdout, "buffer", None), "raw", None)
    if isinstance(raw, _Guard):
        raw.dead = True
        return
    try:  # a plain stdout (an embedding program's): point its descriptor at the null device
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


class _Signals:
    complete_writes = 0
    pending: int | None = None


def _handle(signum: int, frame: Any) -> None:
    if _Signals.complete_writes and _Signals.pending is None:
        _Signals.pending = signum  # the write in progress ends first; a second signal does not wait
        return
    _raise_for(signum)


def _raise_for(signum: int) -> None:
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise Terminated(signum)


def _install_signals() -> Callable[[], None]:
    """SIGINT, SIGTERM and SIGHUP through one handler (main thread only); returns the undo."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    names = ("SIGINT", *TERMINATING)
    saved = {}
    for name in names:
        number = getattr(signal, name, None)
        if number is None:
            continue
        previous = signal.getsignal(number)
        if previous is signal.SIG_IGN:
            continue  # ignored by who started us (nohup: SIGHUP; a shell's background job: SIGINT): stays so
        saved[number] = previous
        signal.signal(number, _handle)

    undo_wakeup = interrupts.install() if saved else (lambda: None)  # a signal ends a wait for a stalled stream

    def restore() -> None:
        undo_wakeup()
        for number, previous in saved.items():
            signal.signal(number, previous)
        _Signals.complete_writes, _Signals.pending = 0, None

    return restore


@contextmanager
def complete_writes() -> Iterator[None]:
    """A block whose writes are whole: a signal takes effect after it, and if a full disk or a file-size
    limit cuts it short, stdout's file is cut back to where the block began (a regular file we alone write)."""
    _Signals.complete_writes += 1
    try:
        yield
        raw = getattr(getattr(sys.stdout, "buffer", None), "raw", None)
        if isinstance(raw, _Guard):
            raw.complete()
    finally:
        _Signals.complete_writes -= 1
    if not _Signals.complete_writes and _Signals.pending is not None:
        signum, _Signals.pending = _Signals.pending, None
        _raise_for(signum)


def reset_in_worker(parent: int) -> None:
    """A worker process: the parent handles Ctrl-C; SIGTERM ends the worker at once; it dies with its parent.

    The parent holds these signals blocked while it forks workers (so that none runs the parent's
    handler); they are unblocked here, once the worker's own dispositions are in place.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in TERMINATING:
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) is not signal.SIG_IGN:  # nohup's SIGHUP stays ignored
            signal.signal(number, signal.SIG_DFL)
    _Signals.complete_writes, _Signals.pending = 0, None
    interrupts.forget()
    _die_with(parent)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_SETMASK, set())


def _die_with(parent: int) -> None:
    """Linux: the kernel sends SIGKILL when the parent ends, even by SIGKILL, so no worker is left behind."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        pr_set_pdeathsig = 1
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent ended before the request took effect
        os._exit(1)


def exit_code_for(signum: int) -> int:
    """The conventional exit code of a run ended by a signal: 128 + its number."""
    return 128 + signum
