"""The advisor's errors: each carries the exit code the CLI maps it to."""

from __future__ import annotations

from typing import NamedTuple

EXIT_GATE = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70  # sysexits.h EX_SOFTWARE
EXIT_OUTPUT = 74  # sysexits.h EX_IOERR: the output could not be written (full disk, closed, wrong encoding)
EXIT_INTERRUPTED = 130  # 128 + SIGINT
EXIT_TERMINATED = 143  # 128 + SIGTERM (a terminating signal N ends with 128 + N)
MAX_PROBLEMS = 20  # problems shown per error (a batch record, a run's stderr); the rest are counted
MAX_PROBLEM_CHARS = 1_000  # a longer problem line is cut in the middle


class Problem(NamedTuple):
    """One problem with an input: where it is and what is wrong."""

    file: str
    message: str
    field: str = ""
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        return one_line(self._text())

    def _text(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


def one_line(text: str) -> str:
    """Messages are one line of at most MAX_PROBLEM_CHARS: control characters become spaces."""
    line = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    if len(line) <= MAX_PROBLEM_CHARS:
        return line
    keep = MAX_PROBLEM_CHARS - 3
    return line[: keep * 3 // 4] + " \u2026 " + line[len(line) - keep // 4 :]


class AdvisorError(Exception):
    """Base of every error the CLI reports without a traceback."""

    exit_code = EXIT_USAGE

    def lines(self) -> list[str]:
        return [str(self)]


class OutputError(AdvisorError):
    """The output could not be written: a full disk, a closed stdout, an encoding that cannot carry it.

    A reader that went away (a broken pipe) is `quiet`: no message, exit 0, as `... | head` expects.
    """

    exit_code = EXIT_OUTPUT

    def __init__(self, message: str, *, quiet: bool = False) -> None:
        super().__init__(message)
        self.quiet = quiet


class WorkerDied(AdvisorError):
    """A batch worker process ended without an answer (killed by a signal, out of memory)."""

    exit_code = EXIT_INTERNAL


class Terminated(BaseException):  # not an Exception: no `except Exception` may swallow it
    """A terminating signal (SIGTERM, SIGHUP) arrived: unwind, end the workers, exit 128 + the signal."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class InputError(AdvisorError):
    """Bad input: a flag, a profile, a knowledge base, a batch line, a post. Exit 2."""

    def __init__(self, problems: list[Problem], *, more: int = 0) -> None:
        self.problems = problems
        self.more = more  # problems found but only counted, not described (advice/profiles.Issues)
        super().__init__("; ".join(str(p) for p in problems))

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]
