"""Waiting for a stream that a signal can end.

Python runs a signal's handler between bytecodes. A SIGTERM that arrives just before a read from
a pipe or FIFO begins is noted, but its handler waits until the read returns, and on a producer
that has stalled (`--kb <(slow)`, `tail -f ... | smm-advisor recommend --batch -`) that may be
never: the signal would be lost. So a read of a stream first waits here, in poll() or select(),
on the stream and on a pipe that the signal itself writes to (signal.set_wakeup_fd): a signal that
came before the wait ends it at once, and its handler runs (cli/streams.py raises Terminated).

The command line installs the pipe for its run (`install`); without it, as for an embedding
program, `wait_readable` waits on the stream alone.
"""

from __future__ import annotations

import os
import select
import signal
import sys
from collections.abc import Callable


class _Wakeup:
    fd: int | None = None  # the read end of the wakeup pipe while installed


def install() -> Callable[[], None]:
    """Let signals wake `wait_readable` (main thread, POSIX); returns the undo."""
    if sys.platform == "win32" or _Wakeup.fd is not None:  # select() waits on sockets only there
        return lambda: None
    read_end, write_end = os.pipe()
    for fd in (read_end, write_end):
        os.set_blocking(fd, False)
    try:
        previous = signal.set_wakeup_fd(write_end, warn_on_full_buffer=False)
    except ValueError:  # not the main thread: signals are not ours to handle
        os.close(read_end)
        os.close(write_end)
        return lambda: None
    _Wakeup.fd = read_end

    def restore() -> None:
        signal.set_wakeup_fd(previous)
        _Wakeup.fd = None
        os.close(read_end)
        os.close(write_end)

    return restore


def forget() -> None:
    """In a forked worker: its signals are its own; the parent's pipe is not written to from here."""
    if _Wakeup.fd is not None:
        signal.set_wakeup_fd(-1)
        _Wakeup.fd = None


def wait_readable(fd: int) -> None:
    """Return once `fd` can be read without blocking; a signal that arrives meanwhile (or came just
    before) has its handler run here, which ends the wait if the handler raises.

    On Windows select() takes sockets only: there the read itself waits, as it always did.
    """
    if sys.platform == "win32":
        return
    while True:
        wakeup = _Wakeup.fd
        ready = _ready([fd] if wakeup is None else [fd, wakeup])
        if wakeup is not None and wakeup in ready:
            _drain(wakeup)  # the handler runs between these bytecodes; if it only noted the signal, wait on
        if fd in ready:
            return


def _ready(fds: list[int]) -> list[int]:
    if hasattr(select, "poll"):  # no limit on descriptor numbers, unlike select()
        poller = select.poll()
        for fd in fds:
            poller.register(fd, select.POLLIN | select.POLLPRI | select.POLLHUP | select.POLLERR)
        return [fd for fd, _ in poller.poll()]
    readable, _, _ = select.select(fds, [], [])
    return list(readable)


def _drain(fd: int) -> None:
    try:
        while os.read(fd, 512):
            pass
    except OSError:  # empty (non-blocking), or closed meanwhile
        pass
