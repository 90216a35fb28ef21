"""Build a validated Profile from flags or a profile file: one normaliser for both."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from smm_advisor.errors import InputError, Problem
from smm_advisor.i18n import did_you_mean, t
from smm_advisor.knowledge.reader import Document
from smm_advisor.vocabulary import (
    CONTENT_FORMATS,
    COUNTRIES,
    COUNTRY_SYNONYMS,
    FORMAT_SYNONYMS,
    GLOBAL,
    GOAL_SYNONYMS,
    GOALS,
    MARKETS,
    REGION_GROUPS,
    REQUIREMENTS,
    RULE_NAMES,
    platform_key,
)

if TYPE_CHECKING:
    from smm_advisor.knowledge.models import Profile

# Normalising needs no pydantic (the quick path of quick.py uses it alone); building a Profile does.

PROFILE_KEYS = ("market", "goals", "age", "regions", "content", "ads", "weights", "require", "exclude")


def normalise_goal(word: str) -> str:
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


def normalise_rule(word: str) -> str:
    return word.strip().lower().replace("-", "_")


_AGE = re.compile(r"^\s*(\d{1,3})\s*(?:[-\u2013\u2014]\s*(\d{1,3})|(\+))\s*$")


def parse_age(value: Any) -> dict[str, int] | str:
    """'25-54', '65+' or {min, max} -> {min, max}; a message string when malformed."""
    if isinstance(value, dict):
        return value
    m = _AGE.match(value) if isinstance(value, str) else None
    if not m:
        return t("p.not_age", value=repr(value))
    lo = int(m.group(1))
    hi = 120 if m.group(3) else int(m.group(2))
    return {"min": lo, "max": hi}


def parse_weight_flags(items: list[str]) -> tuple[dict[str, Any], list[str]]:
    """['audience_age=2', ...] -> {'audience_age': '2'}; malformed items are returned as messages."""
    weights: dict[str, Any] = {}
    bad: list[str] = []
    for item in items:
        rule, sep, factor = item.partition("=")
        if not sep or not rule.strip() or not factor.strip():
            bad.append(t("p.not_weight", value=repr(item)))
            continue
        weights[rule.strip()] = factor.strip()
    return weights, bad


def flag_fields(
    *,
    market: str | None,
    goal: list[str] | None,
    age: str | None,
    region: list[str] | None,
    content: list[str] | None,
    ads: bool | None,
    weights: dict[str, Any] | None,
    require: list[str] | None,
    exclude: list[str] | None,
) -> dict[str, Any]:
    """The profile flags the user gave, under the profile's keys: they override a profile file field by field."""
    given: dict[str, Any] = {
        "market": market,
        "goals": goal or None,
        "age": age,
        "regions": region or None,
        "content": content or None,
        "ads": ads,
        "weights": weights,
        "require": require or None,
        "exclude": exclude or None,
    }
    return {k: v for k, v in given.items() if v is not None}


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
        if key not in PROFILE_KEYS:
            allowed = ", ".join(PROFILE_KEYS)
            issues.append((key, t("p.unknown_key", hint=did_you_mean(str(key), list(PROFILE_KEYS)), allowed=allowed)))
            continue
        if key == "market":
            word = str(value).strip().lower() if value is not None else ""
            if word not in MARKETS:
                allowed = ", ".join(MARKETS)
                issues.append(
                    (key, t("p.not_market", value=repr(value), hint=did_you_mean(word, MARKETS), allowed=allowed))
                )
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
        elif key == "weights":
            if not isinstance(value, dict):
                issues.append((key, t("p.not_mapping")))
                continue
            out[key] = _normalise_weights(value, issues)
        else:
            items = _as_list(value)
            if items is None:
                issues.append((key, t("p.not_list", value=repr(value))))
                continue
            out[key] = _normalise_items(key, items, issues)
    return out, issues


def _normalise_weights(value: dict[Any, Any], issues: list[tuple[str, str]]) -> dict[str, Any]:
    weights: dict[str, Any] = {}
    for rule, factor in value.items():
        name = normalise_rule(str(rule))
        if name not in RULE_NAMES:
            allowed = ", ".join(RULE_NAMES)
            issues.append(
                ("weights", t("p.not_rule", value=repr(rule), hint=did_you_mean(name, RULE_NAMES), allowed=allowed))
            )
            continue
        weights[name] = factor
    return dict(sorted(weights.items()))


# key -> (normaliser, known words, words a hint may suggest, message when unknown)
_CLOSED_LISTS: dict[str, tuple[Callable[[str], str], tuple[str, ...], tuple[str, ...], str]] = {
    "goals": (normalise_goal, GOALS, (*GOALS, *GOAL_SYNONYMS), "p.not_goal"),
    "content": (normalise_format, CONTENT_FORMATS, CONTENT_FORMATS, "p.not_format"),
    "require": (normalise_format, REQUIREMENTS, REQUIREMENTS, "p.not_requirement"),
}


def _normalise_word(key: str, item: str) -> tuple[str | None, str]:
    """(normalised word or None, message when it is not known)."""
    if key in _CLOSED_LISTS:
        normaliser, known, suggestions, message = _CLOSED_LISTS[key]
        word = normaliser(item)
        if word in known:
            return word, ""
        return None, t(message, value=repr(item), hint=did_you_mean(item, suggestions), allowed=", ".join(known))
    if key == "exclude":
        return platform_key(item), ""
    region = normalise_region(item)
    if region in COUNTRIES or region in REGION_GROUPS or region == GLOBAL:
        return region, ""
    return None, t("p.not_region", value=repr(item), hint=did_you_mean(item, [GLOBAL, *REGION_GROUPS, *COUNTRIES]))


def _normalise_items(key: str, items: list[Any], issues: list[tuple[str, str]]) -> list[str]:
    result: list[str] = []
    for item in items:
        if not isinstance(item, str):
            issues.append((key, t("p.not_word", value=repr(item))))
            continue
        word, message = _normalise_word(key, item)
        if word is None:
            issues.append((key, message))
        else:
            result.append(word)
    order = _CLOSED_LISTS[key][1] if key in _CLOSED_LISTS else None
    unique = sorted(set(result), key=order.index) if order else sorted(set(result))
    if key == "regions" and not unique:
        unique = [GLOBAL]
    return unique


def _build(data: dict[str, Any], issues: list[Problem], doc: Document) -> Profile:
    """Validate what normalising left, so that every problem is reported at once."""
    from pydantic import ValidationError

    from smm_advisor.knowledge.models import Profile
    from smm_advisor.knowledge.validation import problems as validation_problems

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
        return _build(data, [Problem(t("command_line"), msg, field=key) for key, msg in issues], Document("", data))
    except InputError as exc:
        raise InputError(
            [Problem(t("command_line"), p.message, field=_flag_label(p.field, flag_names)) for p in exc.problems]
        ) from None


def _flag_label(field: str, flag_names: dict[str, str]) -> str:
    head, _, rest = field.partition(".")
    flag = flag_names.get(head, head)
    return f"{flag} ({rest})" if rest else flag


def from_document(doc: Document, overrides: dict[str, Any] | None = None) -> Profile:
    """Validate a profile file (flags in `overrides` win); problems carry file, line and key."""
    if not isinstance(doc.data, dict):
        kind = "a list" if isinstance(doc.data, list) else type(doc.data).__name__
        raise InputError([Problem(doc.name, t("p.top_level", kind=kind), line=1)])
    merged = {**doc.data, **(overrides or {})}
    data, issues = normalise(merged)
    found: list[Problem] = []
    for key, msg in issues:
        line, col = doc.position((key,))
        found.append(Problem(doc.name, msg, field=key, line=line, column=col))
    return _build(data, found, doc)
