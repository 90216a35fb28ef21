"""Batch recommendations: JSON Lines in, one JSON line out per input line, in constant memory."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import IO, Any, cast

from pydantic import ValidationError

from .errors import InputError, Problem
from .fastpath import BatchScorer
from .loading import MAX_DEPTH, Document, parse_json
from .models import KnowledgeBase, Profile
from .profiles import from_document, normalise

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


class ProfileReader:
    """Batch lines to Profiles, normalising each distinct field value only once.

    `profiles.from_document` normalises a profile key by key (each key's result depends on its
    own value alone), then validates the result. So each distinct (key, value) is normalised once
    and remembered, and a line is validated from remembered parts: the same Profile, for a
    fraction of the work. Anything unusual (not UTF-8, a duplicate key, NaN, deep nesting, an
    unknown key or a bad value) is read the reference way, `_profile_for`, which reports the
    errors; so are the first lines, and one difference between the two ways switches the reader
    to the reference way for the rest of the batch.
    """

    MAX_REMEMBERED = 4_000  # distinct (key, value) pairs kept; then forgotten all at once

    def __init__(self, name: str, overrides: dict[str, Any]) -> None:
        self.name = name
        self.overrides = overrides
        self.known: dict[Any, Any] = {}
        self.fast = True
        self.to_check = CHECKED_LINES

    def profile(self, raw: bytes, number: int) -> Profile:
        if not self.fast or len(raw) > MAX_LINE_BYTES or number == 1:
            return cast(Profile, _profile_for(raw, self.name, number, self.overrides))
        fast = self._fast(raw)
        if fast is None:
            return cast(Profile, _profile_for(raw, self.name, number, self.overrides))
        if self.to_check:
            self.to_check -= 1
            reference = _profile_for(raw, self.name, number, self.overrides)
            if reference != fast or reference.model_fields_set != fast.model_fields_set:
                self.fast = False
            return cast(Profile, reference)
        return fast

    def _fast(self, raw: bytes) -> Profile | None:
        try:
            text = raw.decode("utf-8")
            if text.count("{") + text.count("[") > MAX_DEPTH:
                return None
            data = _DECODER.decode(text)
        except (ValueError, RecursionError):  # JSON, UTF-8, duplicate keys, NaN: the reference way says which
            return None
        if type(data) is not dict:
            return None
        if self.overrides:
            data.update(self.overrides)
        clean: dict[str, Any] = {}
        known = self.known
        for key, value in data.items():
            slot = (key, value if type(value) is str else _raw_key(value))
            found = known.get(slot, _UNKNOWN)
            if found is _UNKNOWN:
                if len(known) >= self.MAX_REMEMBERED:
                    known.clear()
                found = known[slot] = _normalised(key, value)
            if found is _INVALID:
                return None
            if found is not _ABSENT:
                clean[key] = found
        try:
            return Profile.model_validate(clean)
        except ValidationError:
            return None


def _normalised(key: str, value: Any) -> Any:
    """What profiles.normalise makes of one key of a profile: its value, _ABSENT, or _INVALID."""
    out, issues = normalise({key: value})
    if issues:
        return _INVALID
    return out.get(key, _ABSENT)


def _raw_key(value: Any) -> Any:
    """A hashable key equal only for JSON values that normalise alike (True, 1 and 1.0 differ)."""
    kind = type(value)
    if kind is str or value is None:
        return value
    if kind is list:
        for item in value:
            if type(item) is not str:
                return (list, tuple(_raw_key(v) for v in value))
        return (list, tuple(value))
    if kind is dict:
        return (dict, tuple((k, _raw_key(v)) for k, v in value.items()))
    if kind is float:
        return (float, value.hex())
    return (kind, value)


class _Rejected(ValueError):
    pass


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise _Rejected("duplicate key")
    return out


def _no_constants(token: str) -> Any:
    raise _Rejected(token)


_DECODER = json.JSONDecoder(object_pairs_hook=_unique_keys, parse_constant=_no_constants)
_UNKNOWN, _ABSENT, _INVALID = object(), object(), object()
CHECKED_LINES = 3


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
    scorer = BatchScorer(kb, top)
    reader = ProfileReader(name, overrides)
    for number, raw in enumerate(_lines(stream), start=1):
        try:
            profile = reader.profile(raw, number)
            record = scorer.record(profile, number)
        except InputError as exc:
            failed += 1
            record = dumps({"line": number, "errors": exc.lines()})
        out.write(record + "\n")
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
