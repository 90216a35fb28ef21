"""Build a validated Profile from flags or a profile file: one normaliser for both."""

from __future__ import annotations

import difflib
import re
from typing import Any

from .errors import InputError, Problem
from .loading import Document
from .models import Profile
from .validation import problems as validation_problems
from .vocabulary import (
    CONTENT_FORMATS,
    COUNTRIES,
    COUNTRY_SYNONYMS,
    FORMAT_SYNONYMS,
    GLOBAL,
    GOAL_SYNONYMS,
    GOALS,
    MARKETS,
    REGION_GROUPS,
)

PROFILE_KEYS = ("market", "goals", "age", "regions", "content", "ads")


def _hint(word: str, choices: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word.lower(), [c.lower() for c in choices], n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def normalise_goal(word: str) -> str | str:
    key = word.strip().lower().replace(" ", "-").replace("_", "-")
    return key if key in GOALS else GOAL_SYNONYMS.get(key, key)


def normalise_region(word: str) -> str:
    key = word.strip()
    if key.lower() in (GLOBAL, *REGION_GROUPS):
        return key.lower()
    code = key.upper()
    return COUNTRY_SYNONYMS.get(code, code)


def normalise_format(word: str) -> str:
    key = word.strip().lower().replace(" ", "-")
    return FORMAT_SYNONYMS.get(key, key)


_AGE = re.compile(r"^\s*(\d{1,3})\s*(?:[-\u2013\u2014]\s*(\d{1,3})|(\+))\s*$")


def parse_age(value: Any) -> dict[str, int] | str:
    """'25-54', '65+' or {min, max} -> {min, max}; a message string when malformed."""
    if isinstance(value, dict):
        return value
    if not isinstance(value, str):
        return f"{value!r} is not an age range (use MIN-MAX, e.g. 25-54)"
    m = _AGE.match(value)
    if not m:
        return f"{value!r} is not an age range (use MIN-MAX, e.g. 25-54)"
    lo = int(m.group(1))
    hi = 120 if m.group(3) else int(m.group(2))
    return {"min": lo, "max": hi}


def _as_list(value: Any) -> list[Any] | None:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, str):
        return [value]
    return None


def normalise(raw: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Case-fold, map synonyms and sort; return the normalised dict and (key, message) problems."""
    out: dict[str, Any] = {}
    issues: list[tuple[str, str]] = []
    for key, value in raw.items():
        if key not in Profile.model_fields:
            allowed = ", ".join(Profile.model_fields)
            issues.append((key, f"unknown key{_hint(str(key), list(Profile.model_fields))} (allowed: {allowed})"))
            continue
        if key not in PROFILE_KEYS:
            out[key] = value
            continue
        if key == "market":
            word = str(value).strip().lower() if value is not None else ""
            if word not in MARKETS:
                issues.append((key, f"{value!r} is not a market{_hint(word, MARKETS)} (allowed: {', '.join(MARKETS)})"))
            else:
                out[key] = word
        elif key == "age":
            if value is None:
                continue
            age = parse_age(value)
            if isinstance(age, str):
                issues.append((key, age))
            else:
                out[key] = age
        elif key == "ads":
            out[key] = value
        else:
            items = _as_list(value)
            if items is None:
                issues.append((key, f"expected a list, got {value!r}"))
                continue
            out[key] = _normalise_items(key, items, issues)
    return out, issues


def _normalise_items(key: str, items: list[Any], issues: list[tuple[str, str]]) -> list[str]:
    result: list[str] = []
    for item in items:
        if not isinstance(item, str):
            issues.append((key, f"{item!r} is not a word"))
            continue
        if key == "goals":
            goal = normalise_goal(item)
            if goal not in GOALS:
                choices = [*GOALS, *GOAL_SYNONYMS]
                issues.append((key, f"{item!r} is not a goal{_hint(item, choices)} (allowed: {', '.join(GOALS)})"))
                continue
            result.append(goal)
        elif key == "content":
            fmt = normalise_format(item)
            if fmt not in CONTENT_FORMATS:
                issues.append(
                    (key, f"{item!r} is not a content format{_hint(item, CONTENT_FORMATS)} "
                          f"(allowed: {', '.join(CONTENT_FORMATS)})")
                )  # fmt: skip
                continue
            result.append(fmt)
        else:
            region = normalise_region(item)
            if region not in COUNTRIES and region not in REGION_GROUPS and region != GLOBAL:
                choices = [GLOBAL, *REGION_GROUPS, *COUNTRIES]
                issues.append(
                    (key, f"{item!r} is not a region{_hint(item, choices)} "
                          "(allowed: an ISO 3166-1 alpha-2 code such as DE, or dach, eu, global)")
                )  # fmt: skip
                continue
            result.append(region)
    order = {"goals": GOALS, "content": CONTENT_FORMATS}.get(key)
    unique = sorted(set(result), key=order.index) if order else sorted(set(result))
    if key == "regions" and not unique:
        unique = [GLOBAL]
    return unique


def _build(data: dict[str, Any], issues: list[Problem], doc: Document) -> Profile:
    """Validate what normalising left, so that every problem is reported at once."""
    from pydantic import ValidationError

    bad = {p.field for p in issues}
    clean = {k: v for k, v in data.items() if k not in bad}
    problems = list(issues)
    try:
        profile = Profile.model_validate(clean)
    except ValidationError as exc:
        located = Document(doc.name, clean, doc.text, doc._positions, doc._locate)
        problems += validation_problems(exc, located, Profile)
    if problems:
        problems.sort(key=lambda p: (p.line or 0, p.column or 0))
        raise InputError(problems)
    return profile


def from_flags(raw: dict[str, Any], flag_names: dict[str, str]) -> Profile:
    """Validate profile fields given as command-line flags; problems name the flag."""
    data, issues = normalise(raw)
    try:
        return _build(data, [Problem("command line", msg, field=key) for key, msg in issues], Document("", data))
    except InputError as exc:
        raise InputError(
            [Problem("command line", p.message, field=_flag_label(p.field, flag_names)) for p in exc.problems]
        ) from None


def _flag_label(field: str, flag_names: dict[str, str]) -> str:
    head, _, rest = field.partition(".")
    flag = flag_names.get(head, head)
    return f"{flag} ({rest})" if rest else flag


def from_document(doc: Document, overrides: dict[str, Any] | None = None) -> Profile:
    """Validate a profile file (flags in `overrides` win); problems carry file, line and key."""
    if not isinstance(doc.data, dict):
        kind = "a list" if isinstance(doc.data, list) else type(doc.data).__name__
        raise InputError([Problem(doc.name, f"the top level must be a mapping of keys, not {kind}", line=1)])
    merged = {**doc.data, **(overrides or {})}
    data, issues = normalise(merged)
    found: list[Problem] = []
    for key, msg in issues:
        line, col = doc.position((key,))
        found.append(Problem(doc.name, msg, field=key, line=line, column=col))
    return _build(data, found, doc)
