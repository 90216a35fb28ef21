"""Turn pydantic validation errors into readable `file:line:col: field: problem` lines."""

from __future__ import annotations

import re
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from smm_advisor.errors import InputError, Problem
from smm_advisor.i18n import N_, did_you_mean, t
from smm_advisor.knowledge.reader import Document, Path_

M = TypeVar("M", bound=BaseModel)
UNION_MISMATCH = ("model_type", "dict_type")


def validate(model: type[M], doc: Document) -> M:
    """Validate a parsed document against a model, or raise InputError listing every problem."""
    if not isinstance(doc.data, dict):
        kind = "a list" if isinstance(doc.data, list) else type(doc.data).__name__
        if doc.data is None:
            kind = "empty"
        raise InputError(
            [Problem(doc.name, t("the top level must be a mapping of keys, not {kind}", kind=kind), line=1)]
        )
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError(problems(exc, doc, model)) from None


def problems(exc: ValidationError, doc: Document, model: type[BaseModel]) -> list[Problem]:
    """One Problem per distinct pydantic error, located in the document."""
    out: list[Problem] = []
    seen: set[tuple[Path_, str]] = set()
    errors = exc.errors(include_url=False)
    # A value of a union (a number or a mapping) fails every branch: say what the closest branch wants,
    # not also that it is not a mapping.
    branches: dict[Path_, int] = {}
    for err in errors:
        path = data_path(doc.data, err["loc"])
        branches[path] = branches.get(path, 0) + 1
    errors = [
        e
        for e in errors
        if not (e["type"] in UNION_MISMATCH and branches[data_path(doc.data, e["loc"])] > 1 and len(e["loc"]) > 1)
    ]
    for err in errors:
        if err["type"] == "too_short" and any(
            len(o["loc"]) > len(err["loc"]) and o["loc"][: len(err["loc"])] == err["loc"] for o in errors
        ):
            continue  # pydantic's echo of a failed item: the item's own error says it
        path = data_path(doc.data, err["loc"])
        message = _message(err, model, path)
        if (path, message) in seen:
            continue
        seen.add((path, message))
        line, col = doc.position(path)
        out.append(Problem(doc.name, message, field=label(doc.data, path), line=line, column=col))
    out.sort(key=lambda p: (p.line or 0, p.column or 0))
    return out


def data_path(data: Any, loc: tuple[int | str, ...]) -> Path_:
    """Keep the parts of a pydantic loc that exist in the data (drops union and validator tags)."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            path.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and _is_field(part):
            path.append(part)  # a missing required field: name it
            node = None
    return tuple(path)


def _is_field(part: str) -> bool:
    return re.fullmatch(r"[a-z_][a-z0-9_-]*", part) is not None and part not in {"str", "int", "bool"}


def label(data: Any, path: Path_) -> str:
    """A readable field label: list items of mappings with an `id` are shown by that id."""
    out = ""
    node = data
    for part in path:
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and part < len(node) else None
            ident = item.get("id") if isinstance(item, dict) else None
            out += f"[{ident}]" if isinstance(ident, str) else f"[{part}]"
            node = item
        else:
            out += f".{part}" if out else part
            node = node.get(part) if isinstance(node, dict) else None
    return out or "(top level)"


def _message(err: Any, model: type[BaseModel], path: Path_) -> str:
    kind: str = err["type"]
    msg: str = err["msg"]
    value = err.get("input")
    ctx = err.get("ctx", {})
    if kind == "extra_forbidden":
        allowed = _fields_at(model, path[:-1])
        key = str(path[-1]) if path else ""
        return t("unknown key{hint} (allowed: {allowed})", hint=did_you_mean(key, allowed), allowed=", ".join(allowed))
    if kind == "missing":
        return t("required key is missing")
    if kind == "literal_error":
        allowed = re.findall(r"'([^']*)'", ctx.get("expected", ""))
        hint = did_you_mean(str(value), allowed)
        return t(
            "{value} is not allowed{hint} (allowed: {allowed})",
            value=repr(value),
            hint=hint,
            allowed=", ".join(allowed),
        )
    if kind in ("greater_than_equal", "less_than_equal", "greater_than"):
        key = {
            "greater_than_equal": N_("must be at least {limit}"),
            "less_than_equal": N_("must be at most {limit}"),
            "greater_than": N_("must be greater than {limit}"),
        }[kind]
        limit = ctx.get("ge", ctx.get("le", ctx.get("gt")))
        return t("{message} (got {value})", message=t(key, limit=limit), value=repr(value))
    if kind == "value_error":
        return msg.removeprefix("Value error, ")
    if kind.endswith("_type") or kind.endswith("_parsing"):
        return (
            t("{message} (got {value})", message=msg, value=repr(value)) if not isinstance(value, (dict, list)) else msg
        )
    return msg


def _fields_at(model: type[BaseModel], path: Path_) -> list[str]:
    """Field names of the model found at `path` below `model` (empty if it cannot be told)."""
    current: Any = model
    for part in path:
        current = _step(current, part)
        if current is None:
            return []
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _step(tp: Any, part: str | int) -> Any:
    for candidate in _unwrap(tp):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel) and isinstance(part, str):
            info = candidate.model_fields.get(part)
            if info is not None:
                return info.annotation
        origin = typing.get_origin(candidate)
        args = typing.get_args(candidate)
        if origin in (tuple, list) and isinstance(part, int) and args:
            return args[0]
        if origin is dict and len(args) == 2:
            return args[1]
    return None


def _unwrap(tp: Any) -> list[Any]:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        return [c for arg in typing.get_args(tp) for c in _unwrap(arg)]
    return [tp]
