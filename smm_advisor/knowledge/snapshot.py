"""The validated knowledge base as plain read-only objects: written once after validation, read without pydantic.

A knowledge base is validated by its pydantic models once, when its cache entry is written
(cache.py). What the advisor works on afterwards is this snapshot: every model object becomes a
`Record` with the same field names and values (dates as dates, tuples as tuples, dicts as dicts)
and, where the model has them, the same methods (`kb.platform(id)`, `kb.source(ref)`,
`effort.hours_per_week`). Reading it back costs an unpickling, not a validation.

It is stored as a pickle and read by an unpickler that admits two constructors, `restore` (a
record by its class name and fields) and `datetime.date`: reading a snapshot makes records, dates,
tuples, dicts, strings and numbers, and a pickle that names anything else is refused before it is
called (`loads`). Pickle rather than JSON because it is read in a third of the time (its strings
are UTF-8 bytes and every record is made once, with no tagged objects to decode), and the read
is on every command's way. Equal strings and dates are written once (`dumps`), so the same
knowledge base always gives the same bytes.
"""

from __future__ import annotations

import io
import pickle
import sys
from collections.abc import Iterator
from datetime import date
from typing import Any

PROTOCOL = 5


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
        """Pickled by class name and fields: the snapshot's form (dumps), and how spawned workers receive one."""
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


def dumps(model: Any) -> bytes:
    """The snapshot of a validated model (and everything in it): Unsupported for anything else."""
    return pickle.dumps(_Records().of(model), protocol=PROTOCOL)


def loads(data: bytes) -> Any:
    """The objects of a snapshot: Records, dates, tuples, dicts and scalars (UnpicklingError for anything else)."""
    return _Unpickler(io.BytesIO(data)).load()


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if module == __name__ and name == "restore":
            return restore
        if module == "datetime" and name == "date":
            return date
        raise pickle.UnpicklingError(f"a snapshot holds no {module}.{name}")


class _Records:
    """Models as records; equal strings and dates made one object, so that pickle writes each once."""

    def __init__(self) -> None:
        self.dates: dict[date, date] = {}

    def of(self, value: Any) -> Any:
        kind = type(value)
        if kind is str:
            return sys.intern(value)
        if value is None or kind in _SCALARS:
            return value
        names = _model_fields(kind)
        if names is not None:  # a model: its fields without a generator (fields()), the hot part of a first run
            return record_class(kind.__name__)({name: self.of(getattr(value, name)) for name in names})
        if isinstance(value, Record):
            return record_class(kind.__name__)({name: self.of(item) for name, item in vars(value).items()})
        if kind is tuple:
            return tuple(self.of(item) for item in value)
        if kind is date:
            return self.dates.setdefault(value, value)
        if kind is dict and all(type(key) is str for key in value):
            return {sys.intern(key): self.of(item) for key, item in value.items()}
        raise Unsupported(f"cannot snapshot a {kind.__name__}")


_SCALARS = frozenset({int, float, bool})
_MODEL_FIELDS: dict[type, tuple[str, ...] | None] = {}


def _model_fields(kind: type) -> tuple[str, ...] | None:
    """The field names of a model class, in order (None for anything else); looked up once per class."""
    try:
        return _MODEL_FIELDS[kind]
    except KeyError:
        found = getattr(kind, "model_fields", None)
        names = _MODEL_FIELDS[kind] = tuple(found) if found is not None else None
        return names


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
