"""The validated knowledge base as plain read-only objects: written once after validation, read without pydantic.

A knowledge base is validated by its pydantic models once, when its cache entry is written
(cache.py). What the advisor works on afterwards is this snapshot: every model object becomes a
`Record` with the same field names and values (dates as dates, tuples as tuples, dicts as dicts)
and, where the model has them, the same methods (`kb.platform(id)`, `kb.source(ref)`,
`effort.hours_per_week`). Reading it back costs a JSON parse, not a validation.

The JSON form tags what JSON cannot say: {"~m": class name, field: value, ...} for a model
object, {"~d": "YYYY-MM-DD"} for a date and {"~o": [[key, value], ...]} for a dict (a list of
pairs, so that no key a knowledge base uses can be mistaken for a tag). Arrays are tuples.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

MODEL, DATE, DICT = "~m", "~d", "~o"


class Unsupported(TypeError):
    """A value the snapshot cannot represent (a bug in the models, not in the data)."""


class Record:
    """A knowledge-base object read from a snapshot: its fields as read-only attributes."""

    def __init__(self, fields: dict[str, Any]) -> None:
        self.__dict__.update(fields)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and vars(other) == vars(self)

    __hash__ = None  # type: ignore[assignment]  # equal by value, so not hashable by identity

    def __reduce__(self) -> tuple[Any, tuple[str, dict[str, Any]]]:
        """Pickled by class name and fields (worker processes receive knowledge bases so)."""
        return restore, (type(self).__name__, self.__dict__)

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v!r}" for k, v in self.__dict__.items())
        return f"{type(self).__name__}({inner})"


class _KnowledgeBase(Record):
    def platform(self, platform_id: str) -> Any:
        for p in self.__dict__["platforms"]:
            if p.id == platform_id:
                return p
        raise KeyError(platform_id)

    def source(self, ref: Any) -> Any:
        return ref if isinstance(ref, Record) else self.__dict__["sources"][ref]


class _Effort(Record):
    @property
    def hours_per_week(self) -> float | None:
        posts, hours = self.__dict__["posts_per_week"], self.__dict__["hours_per_post"]
        return None if posts is None or hours is None else float(posts * hours)


_METHODS: dict[str, type[Record]] = {"KnowledgeBase": _KnowledgeBase, "Effort": _Effort}
_CLASSES: dict[str, type[Record]] = {}


def record_class(name: str) -> type[Record]:
    """The Record class standing for the model class `name` (one per name, made when first needed)."""
    found = _CLASSES.get(name)
    if found is None:
        base = _METHODS.get(name, Record)
        found = _CLASSES[name] = type(name, (base,), {"__module__": __name__})
    return found


def restore(name: str, values: dict[str, Any]) -> Record:
    """A record of the model class `name` (unpickling)."""
    return record_class(name)(values)


def fields(obj: Any) -> Iterator[tuple[str, Any]]:
    """A model's or a record's fields, in order: (name, value)."""
    names = _model_fields(type(obj))
    if names is not None:
        for name in names:
            yield name, getattr(obj, name)
    else:
        yield from vars(obj).items()


def is_object(value: Any) -> bool:
    """A model object or a record (not a scalar, date, tuple or dict)."""
    return isinstance(value, Record) or _model_fields(type(value)) is not None


def encode(value: Any) -> Any:
    """A validated model (and everything in it) as snapshot JSON data; Unsupported for anything else."""
    kind = type(value)
    if value is None or kind in _SCALARS:
        return value
    names = _model_fields(kind)
    if names is not None:  # a model: its fields without a generator (fields()), the hot part of a first run
        out = {MODEL: kind.__name__}
        for name in names:
            out[name] = encode(getattr(value, name))
        return out
    if isinstance(value, Record):
        return {MODEL: kind.__name__, **{name: encode(item) for name, item in fields(value)}}
    if kind is tuple:
        return [encode(item) for item in value]
    if kind is date:
        return {DATE: value.isoformat()}
    if kind is dict and all(type(key) is str for key in value):
        return {DICT: [[key, encode(item)] for key, item in value.items()]}
    raise Unsupported(f"cannot snapshot a {kind.__name__}")


_SCALARS = frozenset({str, int, float, bool})
_MODEL_FIELDS: dict[type, tuple[str, ...] | None] = {}


def _model_fields(kind: type) -> tuple[str, ...] | None:
    """The field names of a model class, in order (None for anything else); looked up once per class."""
    try:
        return _MODEL_FIELDS[kind]
    except KeyError:
        found = getattr(kind, "model_fields", None)
        names = _MODEL_FIELDS[kind] = tuple(found) if found is not None else None
        return names


def dumps(model: Any) -> str:
    """The snapshot of `model` as one line of JSON."""
    return json.dumps(encode(model), ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def loads(text: str | bytes) -> Any:
    """The objects of a snapshot line: Records, dates, tuples, dicts and JSON scalars."""
    return _frozen(json.loads(text, object_hook=_decoded))


def plain(value: Any) -> Any:
    """JSON data of a record or model (dates as ISO strings, tuples as lists), for output."""
    if is_object(value):
        return {name: plain(item) for name, item in fields(value)}
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value


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
