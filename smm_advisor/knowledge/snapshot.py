"""A validated knowledge base as plain objects: written beside its cache entry, read without pydantic.

The quick path (quick.py) answers the most common command without importing pydantic, whose
models cost more to build than the whole answer. It reads the knowledge base from a snapshot
that `cache.store` writes from the validated model: every model object becomes a `Record` with
the same field names and values (dates as dates, tuples as tuples, dicts as dicts), so the pure
scoring code, which reads fields only, gives the same answers for either.

The JSON form tags what JSON cannot say: {"~m": class name, field: value, ...} for a model
object, {"~d": "YYYY-MM-DD"} for a date and {"~o": [[key, value], ...]} for a dict (a list of
pairs, so that no key a knowledge base uses can be mistaken for a tag). Arrays are tuples.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

MODEL, DATE, DICT = "~m", "~d", "~o"


class Unsupported(TypeError):
    """A value the snapshot cannot represent: then no snapshot is written (the cache still works)."""


class Record:
    """A knowledge-base object read from a snapshot: its fields as read-only attributes."""

    def __init__(self, fields: dict[str, Any]) -> None:
        self.__dict__.update(fields)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v!r}" for k, v in self.__dict__.items())
        return f"{type(self).__name__}({inner})"


_CLASSES: dict[str, type[Record]] = {}


def record_class(name: str) -> type[Record]:
    """The Record class standing for the model class `name` (one per name, made when first needed)."""
    found = _CLASSES.get(name)
    if found is None:
        found = _CLASSES[name] = type(name, (Record,), {"__module__": __name__})
    return found


def encode(value: Any) -> Any:
    """A validated model (and everything in it) as snapshot JSON data; Unsupported for anything else."""
    kind = type(value)
    fields = getattr(kind, "model_fields", None)
    if fields is not None:
        return {MODEL: kind.__name__, **{name: encode(getattr(value, name)) for name in fields}}
    if value is None or kind in (str, int, float, bool):
        return value
    if kind is date:
        return {DATE: value.isoformat()}
    if kind is tuple:
        return [encode(item) for item in value]
    if kind is dict and all(type(key) is str for key in value):
        return {DICT: [[key, encode(item)] for key, item in value.items()]}
    raise Unsupported(f"cannot snapshot a {kind.__name__}")


def dumps(model: Any) -> str:
    """The snapshot of `model` as one line of JSON."""
    return json.dumps(encode(model), ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def loads(text: str | bytes) -> Any:
    """The objects of a snapshot line: Records, dates, tuples, dicts and JSON scalars."""
    return _frozen(json.loads(text, object_hook=_decoded))


def _frozen(value: Any) -> Any:
    return tuple(_frozen(item) for item in value) if type(value) is list else value


def _decoded(obj: dict[str, Any]) -> Any:
    name = obj.pop(MODEL, None)
    if name is not None:
        return record_class(name)({key: _frozen(value) for key, value in obj.items()})
    if DATE in obj:
        return date.fromisoformat(obj[DATE])
    if DICT in obj:
        return {key: _frozen(value) for key, value in obj[DICT]}
    raise ValueError(f"untagged object in a snapshot: {sorted(obj)}")
