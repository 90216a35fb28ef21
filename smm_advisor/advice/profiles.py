"""The one profile normaliser: flags, profile files and batch lines become the same Profile.

Words are case-folded and synonyms mapped (German goal names, 'reels', 'UK'), lists sorted and
de-duplicated, numbers checked against their bounds, and every problem reported at once with the
field it belongs to. The result is a plain immutable Profile; no pydantic is needed to build it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from smm_advisor.errors import MAX_PROBLEMS, InputError, Problem
from smm_advisor.i18n import N_, compact, did_you_mean, t
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
    MAX_AGE,
    MIN_BAND_AGE,
    REGION_GROUPS,
    REQUIREMENTS,
    RULE_NAMES,
    RULE_SYNONYMS,
    ContentFormat,
    Goal,
    Market,
    Requirement,
)

if TYPE_CHECKING:
    from smm_advisor.knowledge.store import PlatformNames

PROFILE_KEYS = ("market", "goals", "age", "regions", "content", "ads", "weights", "require", "exclude")
MIN_AGE = MIN_BAND_AGE
MAX_WEIGHT = 10.0
K = TypeVar("K")
V = TypeVar("V")
KNOWN_LISTS_LIMIT = 4_096  # clean values remembered before all are forgotten: a batch repeats the same few
YES = ("true", "yes", "on")
NO = ("false", "no", "off")


class AgeRange(NamedTuple):
    """The audience's age range, inclusive."""

    min: int
    max: int

    def __str__(self) -> str:
        return f"{self.min}-{self.max}"


class Profile(NamedTuple):
    """A business described for the advisor, normalised (ids lower-case, sorted, unique).

    Made only by `_build`, which fills what the input leaves out (market "both", regions global).
    """

    market: Market
    goals: tuple[Goal, ...]
    age: AgeRange | None
    regions: tuple[str, ...]
    content: tuple[ContentFormat, ...]
    ads: bool | None
    weights: dict[str, float]  # a factor per rule (0 switches it off)
    require: tuple[Requirement, ...]
    exclude: tuple[str, ...]

    def payload(self) -> dict[str, Any]:
        """The profile as JSON data (the `profile` of every recommendation)."""
        return {
            "market": self.market,
            "goals": list(self.goals),
            "age": None if self.age is None else {"min": self.age.min, "max": self.age.max},
            "regions": list(self.regions),
            "content": list(self.content),
            "ads": self.ads,
            "weights": dict(self.weights),
            "require": list(self.require),
            "exclude": list(self.exclude),
        }


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
    key = word.strip().lower().replace("-", "_")
    return RULE_SYNONYMS.get(key, key)


_AGE = re.compile(r"^\s*(\d{1,3})\s*(?:[-\u2013\u2014]\s*(\d{1,3})|(\+))\s*$")


_KNOWN_AGES: dict[str, AgeRange] = {}  # '25-54' -> its range: a batch names the same few over and over


def parse_age(value: Any) -> tuple[AgeRange | None, list[tuple[str, str]]]:
    """'25-54', '65+' or {min, max} -> AgeRange; else the (field, message) problems."""
    if type(value) is str:
        known = _KNOWN_AGES.get(value)
        if known is not None:
            return known, []
    age, problems = _parsed_age(value)
    if age is not None and type(value) is str:
        _remember(_KNOWN_AGES, value, age)
    return age, problems


def _remember(memo: dict[K, V], key: K, value: V) -> None:
    """Keep a clean value; a memo at KNOWN_LISTS_LIMIT entries forgets all it holds first (flat memory)."""
    if len(memo) >= KNOWN_LISTS_LIMIT:
        memo.clear()
    memo[key] = value


def _parsed_age(value: Any) -> tuple[AgeRange | None, list[tuple[str, str]]]:
    if isinstance(value, dict):
        unknown = sorted(str(k) for k in value if k not in ("min", "max"))
        problems = (
            [("age", t("unknown key{hint} (allowed: {allowed})", hint="", allowed="min, max"))] if unknown else []
        )
        found: dict[str, int] = {}
        for key in ("min", "max"):
            if key not in value:
                problems.append((f"age.{key}", t("required key is missing")))
                continue
            number = _integer(value[key])
            if number is None:
                problems.append(
                    (
                        f"age.{key}",
                        t("{message} (got {value})", message=t("must be a whole number"), value=repr(value[key])),
                    )
                )
            else:
                found[key] = number
        if problems:
            return None, problems
        lo, hi = found["min"], found["max"]
    else:
        m = _AGE.match(value) if isinstance(value, str) else None
        if not m:
            return None, [("age", t("{value} is not an age range (use MIN-MAX, e.g. 25-54)", value=repr(value)))]
        lo = int(m.group(1))
        hi = MAX_AGE if m.group(3) else int(m.group(2))
    problems = [
        (f"age.{key}", t("{message} (got {value})", message=t(msg, limit=limit), value=repr(number)))
        for key, number in (("min", lo), ("max", hi))
        for msg, limit, bad in (
            (N_("must be at least {limit}"), MIN_AGE, number < MIN_AGE),
            (N_("must be at most {limit}"), MAX_AGE, number > MAX_AGE),
        )
        if bad
    ]
    if not problems and lo > hi:
        problems.append(("age", t("minimum age {min} is above maximum age {max}", min=lo, max=hi)))
    return (None, problems) if problems else (AgeRange(lo, hi), [])


def _integer(value: Any) -> int | None:
    """A whole number from an int or a string of digits (not a bool, not 20.5)."""
    if type(value) is int:
        return value
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= 4:
        return int(value.strip())
    return None


def _number(value: Any) -> float | None:
    """A finite number from an int, a float or a numeric string (not a bool, not NaN or infinity)."""
    if type(value) in (int, float):
        number = float(value)
    elif isinstance(value, str) and len(value) <= 40:
        try:
            number = float(value.strip())
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def _flag(value: Any) -> tuple[bool | None, bool]:
    """(the yes/no value, whether it was understood): true/false, or yes/no/on/off as words."""
    if value is None or type(value) is bool:
        return value, True
    if isinstance(value, str) and value.strip().lower() in YES + NO:
        return value.strip().lower() in YES, True
    return None, False


def flag_fields(
    market: str | None,
    goal: list[str] | None,
    age: str | None,
    region: list[str] | None,
    content: list[str] | None,
    ads: bool | None,
    weight: list[str] | None,
    require: list[str] | None,
    exclude: list[str] | None,
) -> dict[str, Any]:
    """The profile flags the user gave, under the profile's keys: they override a profile file field by field.

    `--weight RULE=FACTOR` items become the `weights` mapping; a malformed one is an InputError.
    """
    weights: dict[str, Any] = {}
    bad: list[str] = []
    for item in weight or []:
        rule, sep, factor = item.partition("=")
        if not sep or not rule.strip() or not factor.strip():
            bad.append(t("{value} is not RULE=FACTOR (e.g. audience=2)", value=repr(item)))
            continue
        weights[rule.strip()] = factor.strip()
    if bad:
        raise InputError([Problem(t("command line"), message, field="--weight") for message in bad])
    given: dict[str, Any] = {
        "market": market,
        "goals": goal or None,
        "age": age,
        "regions": region or None,
        "content": content or None,
        "ads": ads,
        "weights": weights or None,
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


def normalise(raw: dict[str, Any], platforms: PlatformNames | None = None) -> tuple[dict[str, Any], Issues]:
    """Check and normalise every key; return the clean fields and (field, message) problems.

    A field is dotted below its key where the problem is inside it (`age.min`, `weights.goal_fit`).
    Platform ids (`exclude`) are resolved by the knowledge base's names (`platforms`); without
    them a profile that names a platform cannot be checked, which is a programming error.
    """
    out: dict[str, Any] = {}
    issues = Issues()
    for key, value in raw.items():
        if key not in PROFILE_KEYS:
            if issues.full():
                continue  # counted: a line of 100,000 unknown keys costs no 100,000 suggestions
            allowed = ", ".join(PROFILE_KEYS)
            issues.append(
                (
                    key,
                    t(
                        "unknown key{hint} (allowed: {allowed})",
                        hint=did_you_mean(str(key), list(PROFILE_KEYS)),
                        allowed=allowed,
                    ),
                )
            )
            continue
        if key == "market":
            word = value.strip().lower() if isinstance(value, str) else ""
            if word not in MARKETS:
                allowed = ", ".join(MARKETS)
                issues.append(
                    (
                        key,
                        t(
                            "{value} is not a market{hint} (allowed: {allowed})",
                            value=repr(value),
                            hint=did_you_mean(word, MARKETS),
                            allowed=allowed,
                        ),
                    )
                )
            else:
                out[key] = word
        elif key == "age":
            if value is None:
                continue
            age, problems = parse_age(value)
            issues += problems
            if age is not None:
                out[key] = age
        elif key == "ads":
            flag, understood = _flag(value)
            if understood:
                out[key] = flag
            else:
                issues.append((key, t("{value} is not yes or no (true/false)", value=repr(value))))
        elif key == "weights":
            if not isinstance(value, dict):
                issues.append((key, t("expected a mapping of RULE: FACTOR")))
                continue
            out[key] = _normalise_weights(value, issues)
        else:
            items = _as_list(value)
            if items is None:
                issues.append((key, t("expected a list, got {value}", value=repr(value))))
                continue
            out[key] = _normalise_items(key, items, issues, platforms)
    return out, issues


class Issues(list[tuple[str, str]]):
    """(field, message) problems, at most MAX_PROBLEMS with their message: the others are only counted (`more`).

    Finding a suggestion ('did you mean') costs a string comparison per known word; a line of
    100,000 unknown words must not cost 100,000 of them. Callers ask full() before they make one.
    """

    def __init__(self) -> None:
        super().__init__()
        self.more = 0

    def full(self) -> bool:
        """No room for another message: the caller counts the problem instead of describing it."""
        if len(self) < MAX_PROBLEMS:
            return False
        self.more += 1
        return True


def _normalise_weights(value: dict[Any, Any], issues: Issues) -> dict[str, float]:
    weights: dict[str, float] = {}
    for rule, factor in value.items():
        name = normalise_rule(str(rule))
        if name not in RULE_NAMES:
            if issues.full():
                continue
            allowed = ", ".join(RULE_NAMES)
            hint = did_you_mean(name, [*RULE_NAMES, *RULE_SYNONYMS])
            for old, new in RULE_SYNONYMS.items():  # a near miss of an old name suggests the new one
                hint = hint.replace(repr(old), repr(new))
            issues.append(
                (
                    "weights",
                    t("{value} is not a rule{hint} (allowed: {allowed})", value=repr(rule), hint=hint, allowed=allowed),
                )
            )
            continue
        number = _number(factor)
        where = f"weights.{name}"
        if number is None:
            issues.append((where, t("{message} (got {value})", message=t("must be a number"), value=repr(factor))))
        elif not 0 <= number <= MAX_WEIGHT:
            message = (
                t("must be at least {limit}", limit=0)
                if number < 0
                else t("must be at most {limit}", limit=compact(MAX_WEIGHT))
            )
            issues.append((where, t("{message} (got {value})", message=message, value=repr(factor))))
        else:
            weights[name] = number
    return dict(sorted(weights.items()))


# key -> (normaliser, known words, words a hint may suggest, message when unknown)
_CLOSED_LISTS: dict[str, tuple[Callable[[str], str], tuple[str, ...], tuple[str, ...], str]] = {
    "goals": (normalise_goal, GOALS, (*GOALS, *GOAL_SYNONYMS), N_("{value} is not a goal{hint} (allowed: {allowed})")),
    "content": (
        normalise_format,
        CONTENT_FORMATS,
        (*CONTENT_FORMATS, *FORMAT_SYNONYMS),
        N_("{value} is not a content format{hint} (allowed: {allowed})"),
    ),
    "require": (
        normalise_format,
        REQUIREMENTS,
        (*REQUIREMENTS, *FORMAT_SYNONYMS),
        N_("{value} is not a requirement{hint} (allowed: {allowed})"),
    ),
}


def _normalise_word(key: str, item: str, platforms: PlatformNames | None) -> tuple[str | None, Callable[[], str]]:
    """(normalised word or None, the message when it is not known: made only when asked for, see Issues)."""
    if key in _CLOSED_LISTS:
        normaliser, known, suggestions, message = _CLOSED_LISTS[key]
        word = normaliser(item)
        if word in known:
            return word, str
        return None, lambda: t(
            message, value=repr(item), hint=did_you_mean(item, suggestions), allowed=", ".join(known)
        )
    if key == "exclude":
        if platforms is None:
            raise ValueError("a profile that names platforms is normalised with the knowledge base's names")
        found = platforms.resolve(item)
        return found, lambda: platforms.unknown(item)
    region = normalise_region(item)
    if region in COUNTRIES or region in REGION_GROUPS or region == GLOBAL:
        return region, str
    return None, lambda: t(
        "{value} is not a region{hint} (allowed: an ISO 3166-1 alpha-2 code such as DE, or dach, eu, global)",
        value=repr(item),
        hint=did_you_mean(item, [GLOBAL, *REGION_GROUPS, *COUNTRIES]),
    )


_KNOWN_LISTS: dict[tuple[str, tuple[str, ...]], tuple[str, ...]] = {}  # (key, words) -> their clean list


def _normalise_items(key: str, items: list[Any], issues: Issues, platforms: PlatformNames | None) -> list[str]:
    """The words of a list field, normalised, known, each once, in the vocabulary's order (remembered when clean)."""
    remember = key != "exclude" and all(type(item) is str for item in items)  # platform ids depend on the KB
    if remember:
        known = _KNOWN_LISTS.get((key, tuple(items)))
        if known is not None:
            return list(known)
    before = len(issues) + issues.more
    unique = _normalised_items(key, items, issues, platforms)
    if remember and len(issues) + issues.more == before:
        _remember(_KNOWN_LISTS, (key, tuple(items)), tuple(unique))
    return unique


def _normalised_items(key: str, items: list[Any], issues: Issues, platforms: PlatformNames | None) -> list[str]:
    result: list[str] = []
    for item in items:
        word, message = _normalise_word(key, item, platforms) if isinstance(item, str) else (None, None)
        if word is not None:
            result.append(word)
        elif not issues.full():
            issues.append((key, message() if message else t("{value} is not a word", value=repr(item))))
    order = _CLOSED_LISTS[key][1] if key in _CLOSED_LISTS else None
    unique = sorted(set(result), key=order.index) if order else sorted(set(result))
    if key == "regions" and not unique:
        unique = [GLOBAL]
    return unique


def _build(data: dict[str, Any], issues: list[Problem], more: int = 0) -> Profile:
    """The Profile of the clean fields, or InputError with every problem at once (`more`: those only counted)."""
    if issues:
        issues.sort(key=lambda p: (p.line or 0, p.column or 0))
        raise InputError(issues, more=more)
    return Profile(
        market=data.get("market", "both"),
        goals=tuple(data.get("goals", ())),
        age=data.get("age"),
        regions=tuple(data.get("regions", (GLOBAL,))),
        content=tuple(data.get("content", ())),
        ads=data.get("ads"),
        weights=data.get("weights", {}),
        require=tuple(data.get("require", ())),
        exclude=tuple(data.get("exclude", ())),
    )


def from_flags(raw: dict[str, Any], flag_names: dict[str, str], platforms: PlatformNames | None = None) -> Profile:
    """Validate profile fields given as command-line flags; problems name the flag."""
    data, issues = normalise(raw, platforms)
    found = [Problem(t("command line"), msg, field=_flag_label(key, flag_names)) for key, msg in issues]
    return _build(data, found, issues.more)


def _flag_label(field: str, flag_names: dict[str, str]) -> str:
    head, _, rest = field.partition(".")
    flag = flag_names.get(head, head)
    return f"{flag} ({rest})" if rest else flag


def from_document(
    doc: Document,
    overrides: dict[str, Any] | None = None,
    defaults: dict[str, Any] | None = None,
    platforms: PlatformNames | None = None,
) -> Profile:
    """Validate a profile file (flags in `overrides` win; `defaults`, checked before, fill its gaps).

    `platforms` resolves platform ids (aliases, case). Problems carry file, line and key.
    """
    if not isinstance(doc.data, dict):
        kind = "a list" if isinstance(doc.data, list) else type(doc.data).__name__
        line, column = doc.position(())
        raise InputError(
            [
                Problem(
                    doc.name,
                    t("the top level must be a mapping of keys, not {kind}", kind=kind),
                    line=line or 1,
                    column=column,
                )
            ]
        )
    merged = {**(defaults or {}), **doc.data, **(overrides or {})}
    data, issues = normalise(merged, platforms)
    found: list[Problem] = []
    for key, msg in issues:
        line, col = doc.position(tuple(key.split(".")))
        found.append(Problem(doc.name, msg, field=key, line=line, column=col))
    return _build(data, found, issues.more)
