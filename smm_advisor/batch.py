"""Batch recommendations: JSON Lines in, one JSON line out per input line, in constant memory."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import IO, Any

from .errors import InputError, Problem
from .loading import Document, parse_json
from .models import KnowledgeBase
from .profiles import from_document
from .render import recommendation_payload
from .scoring import recommend

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


def _profile_for(raw: bytes, name: str, number: int, overrides: dict[str, Any]) -> Any:
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
    return from_document(located, overrides)


def run_batch(
    path: str,
    kb: KnowledgeBase,
    overrides: dict[str, Any],
    *,
    top: int | None = None,
    progress: bool = False,
    stdin: IO[bytes] | None = None,
    stdout: IO[str] | None = None,
) -> tuple[int, int]:
    """Write one result or error record per input line; return (lines read, lines failed)."""
    out = stdout if stdout is not None else sys.stdout
    name = "<stdin>" if path == "-" else path
    if path == "-":
        stream: IO[bytes] = stdin if stdin is not None else sys.stdin.buffer
        return _stream(stream, name, kb, overrides, top, progress, out)
    try:
        with open(path, "rb") as fh:
            return _stream(fh, name, kb, overrides, top, progress, out)
    except FileNotFoundError:
        raise InputError([Problem(name, "no such file")]) from None
    except IsADirectoryError:
        raise InputError([Problem(name, "is a directory, not a file")]) from None
    except PermissionError as exc:
        raise InputError([Problem(name, f"cannot read: {exc.strerror}")]) from None


def _stream(
    stream: IO[bytes],
    name: str,
    kb: KnowledgeBase,
    overrides: dict[str, Any],
    top: int | None,
    progress: bool,
    out: IO[str],
) -> tuple[int, int]:
    failed = number = 0
    bar = _Progress() if progress else None
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    for number, raw in enumerate(_lines(stream), start=1):
        try:
            profile = _profile_for(raw, name, number, overrides)
            record: dict[str, Any] = {"line": number, **recommendation_payload(recommend(kb, profile, top=top))}
        except InputError as exc:
            failed += 1
            record = {"line": number, "errors": exc.lines()}
        out.write(dumps(record) + "\n")
        if bar is not None:
            bar.tick(number, failed)
    out.flush()
    if bar is not None:
        bar.close()
    return number, failed


class _Progress:
    """A one-line counter on stderr, redrawn at most every 500 lines (stderr is a terminal)."""

    def tick(self, number: int, failed: int) -> None:
        if number % 500 == 0:
            sys.stderr.write(f"\r{number:,} profiles, {failed:,} failed")
            sys.stderr.flush()

    def close(self) -> None:
        sys.stderr.write("\r\x1b[K")
        sys.stderr.flush()
