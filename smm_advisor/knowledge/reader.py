"""The one hardened reader of YAML and JSON input: files, stdin and single lines.

Safe by construction: a size cap checked before the whole input is read, strict UTF-8, one
document, no anchors or aliases, no tags beyond the plain YAML scalars, a depth cap, duplicate
keys rejected, and YAML 1.1 booleans other than true/false kept as strings (so the country code
`NO` stays "NO"). It records the line and column of every value so that validation errors can
point at them.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
import sys
from collections.abc import Callable
from typing import IO, Any

from smm_advisor.errors import InputError, Problem
from smm_advisor.i18n import integer, t
from smm_advisor.interrupts import wait_readable

MAX_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 64
Path_ = tuple[str | int, ...]


class Document:
    """Parsed data plus where each value stood in its source text (`_locate` finds them when first asked)."""

    __slots__ = ("_locate", "_positions", "data", "name", "text")

    def __init__(
        self,
        name: str,
        data: Any,
        text: str = "",
        _positions: dict[Path_, tuple[int, int]] | None = None,
        _locate: Callable[[], dict[Path_, tuple[int, int]]] | None = None,
    ) -> None:
        self.name, self.data, self.text = name, data, text
        self._positions, self._locate = _positions, _locate

    def position(self, path: Path_) -> tuple[int | None, int | None]:
        """Line and column (1-based) of the value at `path`, or of its nearest parent."""
        if self._positions is None:
            self._positions = self._locate() if self._locate else {}
        for end in range(len(path), -1, -1):
            found = self._positions.get(path[:end])
            if found:
                return found
        return None, None


def read_text(path: str, *, max_bytes: int = MAX_BYTES, stdin: IO[bytes] | None = None) -> str:
    """Read a file (or stdin for '-') as strict UTF-8, refusing anything larger than max_bytes."""
    return decode(read_bytes(path, max_bytes=max_bytes, stdin=stdin), "<stdin>" if path == "-" else path)


def read_bytes(path: str, *, max_bytes: int = MAX_BYTES, stdin: IO[bytes] | None = None) -> bytes:
    """Read a file (or stdin for '-') as bytes, refusing anything larger than max_bytes.

    A stream (stdin, a FIFO, a process substitution such as <(...)) can be read only once: its
    bytes are kept, and a second read of the same stream in this run gets the same bytes.
    """
    name = "<stdin>" if path == "-" else path
    if path == "-":
        stream = stdin if stdin is not None else standard_input()
        key = stream_identity("-") if stdin is None else None
        if key is not None and key in _STREAMS:
            return _STREAMS[key]
        raw = _read_all(stream, max_bytes + 1)
    else:
        st = file_status(path)
        if stat.S_ISDIR(st.st_mode):
            raise InputError([Problem(name, t("is a directory, not a file"))])
        if stat.S_ISREG(st.st_mode) and st.st_size > max_bytes:
            raise InputError(
                [
                    Problem(
                        name,
                        t(
                            "file is {size} bytes; the limit is {limit}",
                            size=integer(st.st_size),
                            limit=integer(max_bytes),
                        ),
                    )
                ]
            )
        key = None if stat.S_ISREG(st.st_mode) else (st.st_dev, st.st_ino)
        if key is not None and key in _STREAMS:
            return _STREAMS[key]
        try:
            with open(path, "rb") as fh:
                raw = fh.read(max_bytes + 1) if key is None else _read_all(fh, max_bytes + 1)
        except OSError as exc:
            raise InputError([Problem(name, t("cannot read: {reason}", reason=exc.strerror))]) from None
    if len(raw) > max_bytes:
        raise InputError(
            [Problem(name, t("input is larger than the limit of {limit} bytes", limit=integer(max_bytes)))]
        )
    if key is not None:
        _STREAMS[key] = raw
    return raw


def file_status(path: str) -> os.stat_result:
    """os.stat of a file the user named, or InputError (no such file, unreadable, a NUL in the name)."""
    try:
        return os.stat(path)
    except FileNotFoundError:
        raise InputError([Problem(path, t("no such file"))]) from None
    except OSError as exc:
        raise InputError([Problem(path, t("cannot read: {reason}", reason=exc.strerror))]) from None
    except ValueError:  # a NUL character: no file can have that name
        raise InputError([Problem(path, t("no such file"))]) from None


_STREAMS: dict[tuple[int, int], bytes] = {}  # the bytes of each stream read in this run


def forget_streams() -> None:
    """A new run (main() called again in one process) reads its streams afresh."""
    _STREAMS.clear()


def _read_all(stream: IO[bytes], limit: int) -> bytes:
    """Up to `limit` bytes to the end of `stream`.

    A stream (pipe, FIFO, terminal) is waited on before each read (interrupts.wait_readable), so
    that a signal ends a stalled read and a non-blocking stdin (left so by whoever started us) is
    read to its end, not cut short.
    """
    try:
        fd = stream.fileno()
        regular = stat.S_ISREG(os.fstat(fd).st_mode)
    except (AttributeError, OSError, ValueError):  # a stand-in (a test's BytesIO)
        return stream.read(limit)
    pieces: list[bytes] = []
    size = 0
    while size < limit:
        if not regular:
            wait_readable(fd)
        try:
            piece = os.read(fd, min(limit - size, 1 << 20))
        except BlockingIOError:  # another reader took what was there
            continue
        if not piece:
            break
        pieces.append(piece)
        size += len(piece)
    return b"".join(pieces)


def standard_input() -> IO[bytes]:
    """stdin as bytes, or InputError when it is closed (`<&-`)."""
    if sys.stdin is None:
        raise InputError([Problem("<stdin>", t("standard input is closed; there is nothing to read"))])
    return sys.stdin.buffer


def stream_identity(path: str) -> tuple[int, int] | None:
    """(device, inode) of a source that can be read only once (stdin, a FIFO, a device); None for a file.

    Two names of one stream (`-` and /dev/stdin, a FIFO named twice) have the same identity; stdin
    is one stream even when it is redirected from a file (both reads would share one position).
    """
    if path == "-" and sys.stdin is not sys.__stdin__:
        return (-1, id(sys.stdin))  # a stand-in for stdin (a test's)
    try:
        st = os.fstat(0) if path == "-" else os.stat(path)
    except (OSError, ValueError):
        return None
    if path != "-" and (stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode)):
        return None
    return (st.st_dev, st.st_ino)


def decode(raw: bytes, name: str) -> str:
    """Strict UTF-8 (a BOM is accepted); a clear message for UTF-16, Latin-1 and binary input."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError([Problem(name, t("the file is UTF-16; save it as UTF-8"))])
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            [Problem(name, t("not valid UTF-8 (byte {byte}); save it as UTF-8", byte=f"0x{raw[exc.start]:02x}"),
                     line=line, column=col)]
        ) from None  # fmt: skip
    bad = _CONTROL.search(text)
    if bad is not None:
        at = bad.start()
        line = text.count("\n", 0, at) + 1
        col = at - (text.rfind("\n", 0, at) + 1) + 1
        raise InputError(
            [
                Problem(
                    name,
                    t("control character {code} in the text", code=f"U+{ord(text[at]):04X}"),
                    line=line,
                    column=col,
                )
            ]
        )
    return text


# Control characters other than tab and line ends (C0, DEL, C1); a CR only ends a line before LF or at the end.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n|\Z)")
# What no string of a knowledge base may hold, and what renderers neutralise (render/sanitise.py):
# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional embeddings, overrides
# and isolates (they reorder what a terminal shows). YAML and JSON escapes ("\e", "\u001b") make
# them from plain text, so parsed strings are checked, not only the bytes.
UNSAFE_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
MAX_INTEGER = 2**63 - 1  # whole numbers beyond +-this are refused (no input needs them; str() of huge ones fails)
MAX_FLOAT_TEXT = 400  # characters of a number's text that are parsed at all


def unsafe_strings(doc: Document) -> list[Problem]:
    """A problem for every key or string value holding a control character (UNSAFE_TEXT), located."""
    found: list[Problem] = []
    stack: list[tuple[Path_, Any]] = [((), doc.data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                stack.append(((*path, key), key if isinstance(key, str) else ""))
                stack.append(((*path, key), item))
        elif isinstance(value, list):
            stack.extend(((*path, i), item) for i, item in enumerate(value))
        elif isinstance(value, str):
            bad = UNSAFE_TEXT.search(value)
            if bad is not None:
                line, column = doc.position(path)
                message = t("control character {code} in the text", code=f"U+{ord(bad.group()):04X}")
                found.append(Problem(doc.name, message, field=_dotted(path), line=line, column=column))
    found.sort(key=lambda p: (p.line or 0, p.column or 0, p.field))
    return list(dict.fromkeys(found))


def out_of_range(text: str) -> str:
    """The message for a number too large to be taken (shown shortened)."""
    if len(text) > 24:
        text = t("{start}\u2026{end} ({n} characters)", start=text[:12], end=text[-4:], n=integer(len(text)))
    return t("number out of range: {value}", value=text)


def parse(text: str, name: str, *, json_first: bool = False) -> Document:
    """Parse YAML (or JSON when json_first and the text looks like JSON) into a Document."""
    stripped = text.lstrip()
    if json_first and stripped[:1] in ("{", "["):
        return parse_json(text, name)
    return parse_yaml(text, name)


def parse_json(text: str, name: str) -> Document:
    """Strict JSON: duplicate keys and NaN/Infinity rejected."""

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                raise _JsonProblem(t("duplicate key {key}", key=repr(key)))
            out[key] = value
        return out

    def constant(token: str) -> float:
        raise _JsonProblem(t("{token} is not allowed in JSON input", token=token))

    def whole(token: str) -> int:
        digits = len(token) - (token[0] == "-")
        value = int(token) if digits <= 19 else None
        if value is None or abs(value) > MAX_INTEGER:
            raise _JsonProblem(out_of_range(token), token)
        return value

    def real(token: str) -> float:
        value = float(token) if len(token) <= MAX_FLOAT_TEXT else math.inf
        if not math.isfinite(value):
            raise _JsonProblem(out_of_range(token), token)
        return value + 0.0  # -0.0 is 0.0

    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_constant=constant, parse_int=whole, parse_float=real)
    except _JsonProblem as exc:
        line, column = _located(text, exc.token)
        raise InputError([Problem(name, str(exc.args[0]), line=line, column=column)]) from None
    except json.JSONDecodeError as exc:
        raise InputError(
            [Problem(name, t("JSON syntax: {message}", message=exc.msg), line=exc.lineno, column=exc.colno)]
        ) from None
    except RecursionError:
        raise InputError(
            [Problem(name, t("exceeds the maximum nesting depth ({depth} levels)", depth=MAX_DEPTH))]
        ) from None
    if text.count("[") + text.count("{") > MAX_DEPTH and _depth(data) > MAX_DEPTH:  # fewer brackets: not as deep
        raise InputError([Problem(name, t("exceeds the maximum nesting depth ({depth} levels)", depth=MAX_DEPTH))])
    return Document(name, data, text, _locate=lambda: _yaml_positions(text, name))


class _JsonProblem(ValueError):
    def __init__(self, message: str, token: str = "") -> None:
        super().__init__(message)
        self.token = token


def _located(text: str, token: str) -> tuple[int | None, int | None]:
    """Line and column of the first place `token` stands in `text` (None, None if not given or not found)."""
    at = text.find(token) if token else -1
    if at < 0:
        return None, None
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


def _depth(value: Any) -> int:
    depth, frontier = 0, [value]
    while frontier:
        depth += 1
        nxt: list[Any] = []
        for item in frontier:
            if isinstance(item, dict):
                nxt.extend(item.values())
            elif isinstance(item, list):
                nxt.extend(item)
        frontier = nxt
        if depth > MAX_DEPTH:
            break
    return depth - 1


def _yaml_positions(text: str, name: str) -> dict[Path_, tuple[int, int]]:
    """Where each value of a YAML text stands (the text parsed again, the positions recorded this time)."""
    positions: dict[Path_, tuple[int, int]] = {}
    try:
        _yaml_data(text, name, positions)
    except InputError:
        return {}
    return positions


def parse_yaml(text: str, name: str) -> Document:
    """Safe YAML; see the module docstring. Positions are found when first asked for (most documents are valid)."""
    return Document(name, _yaml_data(text, name, None), text, _locate=lambda: _yaml_positions(text, name))


def _yaml_data(text: str, name: str, positions: dict[Path_, tuple[int, int]] | None) -> Any:
    """The data of a YAML text from its event stream; the position of every value into `positions`, if given."""
    import yaml
    from yaml.events import (
        AliasEvent,
        DocumentStartEvent,
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
    )

    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    scalars = _Scalars(yaml)
    located = positions is not None
    record: dict[Path_, tuple[int, int]] = positions if positions is not None else {}
    problems: list[Problem] = []
    # Each frame: [container, path, pending_key (for mappings), key_lines, start_mark]
    stack: list[list[Any]] = []
    result: Any = None
    documents = 0

    def problem(msg: str, mark: Any, field_: str = "") -> None:
        problems.append(Problem(name, msg, field=field_, line=mark.line + 1, column=mark.column + 1))

    def place(value: Any, mark: Any) -> None:
        """Attach a finished value to the current container (or make it the result)."""
        nonlocal result
        if not stack:
            result = value
            if located:
                record[()] = (mark.line + 1, mark.column + 1)
            return
        frame = stack[-1]
        container = frame[0]
        if type(container) is list:
            if located:
                record[(*frame[1], len(container))] = (mark.line + 1, mark.column + 1)
            container.append(value)
            return
        key = frame[2]
        if key is _NO_KEY:  # this value is a key
            if isinstance(value, (dict, list)):
                problem(t("a key must be a plain value, not a mapping or list"), mark)
                frame[2] = _BAD_KEY
                return
            key = value if isinstance(value, str) else str(value)
            lines = frame[3]
            if key in lines:
                problem(
                    t("duplicate key {key} (first at line {line})", key=repr(key), line=lines[key]),
                    mark,
                    _dotted((*frame[1], key)),
                )
                frame[2] = _BAD_KEY
                return
            frame[2] = key
            lines[key] = mark.line + 1
            if located:
                record[(*frame[1], key)] = (mark.line + 1, mark.column + 1)
            return
        frame[2] = _NO_KEY
        if key is not _BAD_KEY:
            container[key] = value

    def child_path() -> Path_:
        if not stack:
            return ()
        frame = stack[-1]
        if type(frame[0]) is list:
            return (*frame[1], len(frame[0]))
        return (*frame[1], frame[2]) if isinstance(frame[2], str) else frame[1]

    next_event = loader.get_event
    try:
        while True:
            event = next_event()
            if event is None:
                break
            kind = type(event)
            if kind is ScalarEvent:
                if event.anchor is not None:
                    problem(t("anchors and aliases (&name / *name) are not supported"), event.start_mark)
                    break
                value = scalars.value(event)
                if value is _BAD_TAG:
                    problem(t("tag {tag} is not allowed (plain data only)", tag=event.tag), event.start_mark)
                    break
                if value is _TOO_BIG:
                    problem(out_of_range(event.value), event.start_mark, _dotted(child_path()))
                    value = None
                elif type(value) is float and not math.isfinite(value):
                    problem(t("NaN and infinity are not allowed"), event.start_mark, _dotted(child_path()))
                    value = None
                place(value, event.start_mark)
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                frame = stack.pop()
                place(frame[0], frame[4])
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if event.anchor is not None:
                    problem(t("anchors and aliases (&name / *name) are not supported"), event.start_mark)
                    break
                tag = event.tag
                if tag is not None and tag not in ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
                    problem(t("tag {tag} is not allowed (plain data only)", tag=tag), event.start_mark)
                    break
                if len(stack) >= MAX_DEPTH:
                    problem(t("exceeds the maximum nesting depth ({depth} levels)", depth=MAX_DEPTH), event.start_mark)
                    break
                container: Any = {} if kind is MappingStartEvent else []
                stack.append([container, child_path(), _NO_KEY, {}, event.start_mark])
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    problem(t("more than one YAML document (a second '---'); give one"), event.start_mark)
                    break
            elif kind is AliasEvent:
                problem(t("anchors and aliases (&name / *name) are not supported"), event.start_mark)
                break
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        msg = t("YAML syntax: {message}", message=exc.problem or exc.context)
        if mark is not None:
            problem(msg, mark)
        else:
            problems.append(Problem(name, msg))
    except yaml.YAMLError as exc:
        problems.append(Problem(name, t("YAML: {message}", message=exc)))
    except RecursionError:
        problems.append(Problem(name, t("exceeds the maximum nesting depth ({depth} levels)", depth=MAX_DEPTH)))
    finally:
        loader.dispose()
    if problems:
        raise InputError(problems)
    return result


_NO_KEY = object()
_BAD_KEY = object()
_BAD_TAG = object()
_TOO_BIG = object()
_STR = "tag:yaml.org,2002:str"
_PLAIN_TAGS = {
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}


class _Scalars:
    """The value of a scalar event: YAML's own resolver and safe constructors, with the limits above.

    Most scalars of a knowledge base are text: a quoted or block scalar, or a plain one whose first
    character starts none of the resolver's implicit types (numbers, booleans, null, dates), is
    its text as written, without asking the resolver.
    """

    def __init__(self, yaml: Any) -> None:
        self.yaml = yaml
        self.resolver = yaml.resolver.Resolver()
        self.constructor = yaml.constructor.SafeConstructor()
        implicit = self.resolver.yaml_implicit_resolvers
        # the first characters of implicit types; None: a resolver for any first character, so always ask
        self.typed_first = None if None in implicit else frozenset(implicit)

    def value(self, event: Any) -> Any:
        text: str = event.value
        tag = event.tag
        if tag is None:
            plain = event.implicit[0]
            if not plain or (text and self.typed_first is not None and text[0] not in self.typed_first):
                return text
            tag = self.resolver.resolve(self.yaml.ScalarNode, text, event.implicit)
        elif tag == "!":
            tag = self.resolver.resolve(self.yaml.ScalarNode, text, event.implicit)
        if tag == _STR:
            return text
        if tag not in _PLAIN_TAGS:
            return _BAD_TAG
        if tag == "tag:yaml.org,2002:bool" and text.lower() not in ("true", "false"):
            # YAML 1.1 reads yes/no/on/off as booleans; keep them as written (NO is Norway).
            return text
        if tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float") and len(text) > MAX_FLOAT_TEXT:
            return _TOO_BIG  # 0x..., 1:2:3... (sexagesimal) and long digit strings build huge numbers
        node = self.yaml.ScalarNode(tag, text, event.start_mark, event.end_mark, event.style)
        try:
            value = self.constructor.yaml_constructors[tag](self.constructor, node)
        except (ValueError, self.yaml.YAMLError):
            return _TOO_BIG if tag == "tag:yaml.org,2002:int" else text
        if type(value) is int and abs(value) > MAX_INTEGER:
            return _TOO_BIG
        if type(value) is float:
            return value + 0.0  # -0.0 is 0.0
        return value


def _dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def load(path: str, *, max_bytes: int = MAX_BYTES, stdin: IO[bytes] | None = None) -> Document:
    """Read and parse one YAML or JSON document (JSON by the .json suffix or a leading '{')."""
    return parse_file(read_bytes(path, max_bytes=max_bytes, stdin=stdin), path)


def parse_file(raw: bytes, path: str) -> Document:
    """Decode and parse the bytes read from `path` ('-' for stdin), as `load` does."""
    name = "<stdin>" if path == "-" else path
    text = decode(raw, name)
    if not text.strip():
        raise InputError([Problem(name, t("the input is empty"))])
    if path.lower().endswith(".json"):
        return parse_json(text, name)
    return parse(text, name, json_first=path == "-")
