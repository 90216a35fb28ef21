"""The advisor's errors: each carries the exit code the CLI maps it to."""

from __future__ import annotations

from dataclasses import dataclass

EXIT_GATE = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130


@dataclass(frozen=True)
class Problem:
    """One problem with an input: where it is and what is wrong."""

    file: str
    message: str
    field: str = ""
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        return _one_line(self._text())

    def _text(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


def _one_line(text: str) -> str:
    """Messages are one line: newlines and other control characters become spaces."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())


class AdvisorError(Exception):
    """Base of every error the CLI reports without a traceback."""

    exit_code = EXIT_USAGE

    def lines(self) -> list[str]:
        return [str(self)]


class InputError(AdvisorError):
    """Bad input: a flag, a profile, a knowledge base, a batch line, a post. Exit 2."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]
