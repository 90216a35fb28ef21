"""Batch scoring at speed: the scorer's own functions, each evaluated once per distinct input.

`scoring.recommend` judges every platform by every applicable rule, for each profile. A batch of
100,000 profiles asks the same questions over and over: a rule's verdicts for all platforms
depend on a few fields of the profile (`goal_fit` on the goals, `market_fit` on the market), and
those fields take few distinct values. `BatchScorer` therefore computes a whole column (one rule,
every platform) once per distinct combination of the fields that rule read, and combines the
columns per profile the way `score_platform` and `recommend` do: the same floating-point
operations in the same order, the same rounding, the same ties, the same reasons.

Which fields a rule reads is not written down here: a column is computed against a stand-in
profile that notes each field read, with its value, and the memo is a decision tree over those
reads. That is exact for any rule that is a pure function of the platform and the profile (as
rules.py promises), whatever fields it reads, now or after a change. The one exception is told
below: `audience_age` is keyed more narrowly, because rules.py says how it uses the regions.
Inputs that are fixed during a run (the language of the reasons) are covered by keeping one
scorer per batch run.

What is duplicated from scoring.py and render.py is the arithmetic of combining verdicts and the
shape of the JSON record. Both are checked: the first profiles of every batch are also scored and
rendered the reference way (`recommend`, `recommendation_payload`) and one difference switches
the batch to the reference way for good; tests compare the two ways on many profiles.

Memory stays flat: every memo forgets everything once it holds a few thousand results.
"""

from __future__ import annotations

import itertools
import json
import math
import operator
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from .rules import RULES, Verdict, applicable, survey_countries
from .scoring import BASE, effective_weights, exclusion
from .vocabulary import RECOMMENDATION_SCHEMA_VERSION

if TYPE_CHECKING:
    from .models import KnowledgeBase, Profile

CHECKED_PROFILES = 3  # profiles per batch scored both ways before the fast way is trusted
MEMO_LIMIT = 4_000  # results a memo keeps before it forgets them all

encode_json: Callable[[Any], str] = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _record(line: int, payload: dict[str, Any]) -> str:
    """A batch output line (without its newline), as batch.py writes it."""
    return encode_json({"line": line, **payload})


class BatchScorer:
    """`_record(line, recommendation_payload(recommend(kb, profile, top), explain))`, remembered per distinct input.

    `explain` (every rule's points, as --explain shows them) serves the quick path; batches never ask.
    """

    def __init__(self, kb: KnowledgeBase, top: int | None = None, explain: bool = False) -> None:
        self.kb = kb
        self.top = top
        self.explain = explain
        self.ids = [p.id for p in kb.platforms]
        self.names = [p.name for p in kb.platforms]
        self.rules: dict[str, Memo | Keyed] = {name: Memo(_column_of(rule, kb)) for name, rule in RULES.items()}
        if "audience_age" in self.rules:
            self.rules["audience_age"] = Keyed(_column_of(RULES["audience_age"], kb), _age_key(kb))
        self.exclusions = Memo(self._exclusions)
        self.indices = range(len(self.ids))
        self.base = round(BASE * 10)
        self.weights = Memo(lambda profile: effective_weights(kb, profile))
        self.rule_order = {name: rank for rank, name in enumerate(sorted(RULES))}  # top_reasons' tie-break
        self.points: dict[tuple[int, float], list[float]] = {}
        # The record around the parts that vary, in recommendation_payload's order and spelling.
        schema = RECOMMENDATION_SCHEMA_VERSION
        knowledge = encode_json({"version": kb.version, "as_of": kb.as_of.isoformat()})
        self.head = f'"schema_version":{encode_json(schema)},"profile":'
        self.middle = f',"knowledge_base":{knowledge},"recommendations":['
        self.platform_json = [
            f'"platform":{encode_json(pid)},"name":{encode_json(name)},"score":'
            for pid, name in zip(self.ids, self.names, strict=True)
        ]
        self.to_check = CHECKED_PROFILES
        self.fast = True

    def record(self, profile: Profile, line: int) -> str:
        """The output line for `profile`, the `line`-th of the batch (without the newline)."""
        if not self.fast:
            return self._reference(profile, line)
        fast = self._record(profile, line)
        if fast is None:
            return self._reference(profile, line)
        if self.to_check:
            self.to_check -= 1
            reference = self._reference(profile, line)
            if fast != reference:
                self.fast = False
            return reference
        return fast

    def _reference(self, profile: Profile, line: int) -> str:
        from .render import recommendation_payload
        from .scoring import recommend

        return _record(line, recommendation_payload(recommend(self.kb, profile, top=self.top), self.explain))

    def _exclusions(self, profile: Any) -> _Exclusions:
        reasons = tuple(exclusion(p, profile) for p in self.kb.platforms)
        records = [
            {"platform": pid, "name": name, "reason": why}
            for pid, name, why in sorted(zip(self.ids, self.names, reasons, strict=True))
            if why
        ]
        return _Exclusions(reasons, tuple(not why for why in reasons), encode_json(records))

    def document(self, profile: Profile) -> str | None:
        """`recommendation_payload(recommend(kb, profile, top))` as compact JSON, unchecked; None when a rule raised.

        For the quick path (quick.py), which has no reference way to check against: tests do that.
        """
        return self._record(profile, None)

    def _record(self, profile: Profile, line: int | None) -> str | None:
        """As score_platform + recommend compute it; None when a rule raised (the reference way then raises).

        The batch record starts with the line number; without one, it is the recommendation document.
        """
        weights = self.weights(profile)
        names = [n for n in applicable(profile) if weights.get(n, 0.0) > 0]
        total_weight = sum(weights[n] for n in names)
        columns: list[_Column] = [self.rules[n](profile) for n in names]
        for column in columns:
            if column.failed:
                return None
        factors = [BASE * weights[n] / total_weight for n in names] if total_weight else []
        excluded: _Exclusions = self.exclusions(profile)
        # Each platform's points in tenths before rounding, (factor * fit) * 10 as _round_tenths has
        # them, and their sum, whose rounding is the sum of the rounded points (largest remainder).
        points = [self._points(c, f) for c, f in zip(columns, factors, strict=True)]
        sums = list(map(sum, zip(*points, strict=True))) if points else [0.0] * len(self.ids)
        # In recommend's order: score descending, then platform id; a score is (base + tenths) / 10.
        negated = map(operator.neg, map(self.base.__add__, map(round, sums)))
        ranked = sorted(itertools.compress(zip(negated, self.ids, self.indices, strict=True), excluded.kept))
        if self.top is not None:
            ranked = ranked[: self.top]
        order = [self.rule_order[n] for n in names]
        parts = [f'{{"line":{line},' if line is not None else "{", self.head, _profile_json(profile), self.middle]
        for rank, (negative, _, i) in enumerate(ranked, start=1):
            if rank > 1:
                parts.append(",")
            parts += [f'{{"rank":{rank},', self.platform_json[i], repr(-negative / 10), ',"reasons":[']
            tenths = _tenths(i, points, sums[i])
            parts += [_reasons(i, tenths, order, columns), "]"]
            if self.explain:
                parts += [',"contributions":[', _contributions(i, tenths, names, columns), "]"]
            parts.append("}")
        parts += ['],"excluded":', excluded.json, "}"]
        return "".join(parts)

    def _points(self, column: _Column, factor: float) -> list[float]:
        key = (column.serial, factor)
        found = self.points.get(key)
        if found is None:
            if len(self.points) >= MEMO_LIMIT:
                self.points.clear()
            found = self.points[key] = [factor * fit * 10 for fit in column.fits]
        return found


def _profile_json(profile: Profile) -> str:
    """The profile as the batch's encoder writes it.

    pydantic writes it the same way, faster, unless there are floats (only the weights hold some):
    Python and pydantic spell some floats differently (1e-05, 1e-5).
    """
    if profile.weights:
        return encode_json(profile.model_dump(mode="json"))
    return profile.model_dump_json()


def _tenths(i: int, points: list[list[float]], total: float) -> list[int]:
    """Platform i's points per rule in whole tenths, as _round_tenths rounds them.

    From the points in tenths before rounding: each is rounded down, and the tenths missing from
    the rounded total go to the largest remainders (ties: the earlier rule).
    """
    scaled = [p[i] for p in points]
    tenths = list(map(math.floor, scaled))
    short = round(total) - sum(tenths)
    if short:
        for _, j in sorted(zip(map(operator.sub, tenths, scaled), range(len(tenths)), strict=True))[:short]:
            tenths[j] += 1
    return tenths


def _contributions(i: int, tenths: list[int], names: list[str], columns: list[_Column]) -> str:
    """score_platform(...)[1] for platform i (every applicable rule, in order), as JSON list items."""
    return ",".join(
        encode_json({"rule": name, "points": t / 10, "reason": column.reasons[i]})
        for name, t, column in zip(names, tenths, columns, strict=True)
    )


def _reasons(i: int, tenths: list[int], order: list[int], columns: list[_Column]) -> str:
    """top_reasons(score_platform(...)[1]) for platform i, as JSON list items.

    top_reasons lists the rules whose rounded points are not zero by size (ties: by rule name), signed.
    """
    rules = range(len(tenths))
    items = []
    # By -|tenths| (zeros last: they end the list), then by rule name.
    for size, _, t, j in sorted(zip(map(operator.neg, map(abs, tenths)), order, tenths, rules, strict=True)):
        if not size:
            break
        found = columns[j].json[2 * i + (t < 0)]
        items.append(found if found is not None else columns[j].signed(i, t > 0))
    return ",".join(items)


def _age_key(kb: KnowledgeBase) -> Callable[[Profile], Any]:
    """audience_age's key: the ages, and which countries that some survey is from the regions ask for.

    audience_age reads the regions only through rules.survey_countries, and only asks whether a
    survey's country is among them (see rules.survey_for).
    """
    surveyed = frozenset(s.country for p in kb.platforms for s in p.audience)
    wanted: dict[tuple[str, ...], frozenset[str]] = {}

    def key(profile: Profile) -> tuple[Any, frozenset[str]]:
        found = wanted.get(profile.regions)
        if found is None:
            if len(wanted) >= MEMO_LIMIT:
                wanted.clear()
            found = wanted[profile.regions] = frozenset(survey_countries(profile) & surveyed)
        return profile.age, found

    return key


class _Failed(NamedTuple):
    """A rule that raised for one platform: the reference way raises it, if that verdict is needed."""

    error: Exception


_SERIALS = itertools.count()


class _Column:
    """One rule's verdicts for every platform: fits and reasons, and reasons signed as JSON, made when asked."""

    __slots__ = ("failed", "fits", "json", "reasons", "serial")

    def __init__(self, verdicts: list[Verdict | _Failed]) -> None:
        self.serial = next(_SERIALS)  # names the column in caches: unlike id(), never reused
        self.failed = any(isinstance(v, _Failed) for v in verdicts)
        self.fits = tuple(v.fit if isinstance(v, Verdict) else 0.0 for v in verdicts)
        self.reasons = tuple(v.reason if isinstance(v, Verdict) else "" for v in verdicts)
        self.json: list[str | None] = [None] * (2 * len(verdicts))

    def signed(self, i: int, positive: bool) -> str:
        """Platform i's reason as top_reasons signs it ('+ ' or '- '), as a JSON string."""
        slot = 2 * i + (not positive)
        found = self.json[slot]
        if found is None:
            found = self.json[slot] = encode_json(("+ " if positive else "- ") + self.reasons[i])
        return found


def _column_of(rule: Callable[..., Verdict], kb: KnowledgeBase) -> Callable[[Any], _Column]:
    platforms = kb.platforms

    def column(profile: Any) -> _Column:
        verdicts: list[Verdict | _Failed] = []
        for platform in platforms:
            try:
                verdicts.append(rule(platform, profile))
            except Exception as exc:  # the reference way raises it, if the verdict is ever needed
                verdicts.append(_Failed(exc))
        return _Column(verdicts)

    return column


class _Exclusions(NamedTuple):
    """Every platform's exclusion reason (or None), whether it is ranked, and the `excluded` list as JSON."""

    reasons: tuple[str | None, ...]
    kept: tuple[bool, ...]
    json: str


# --------------------------------------------------------------------------- memos


class Memo:
    """f(profile) remembered in a decision tree over the profile fields f read.

    A node is (field name, {key of the field's value: child}); a leaf holds a result. The tree
    grows on misses; a lookup reads the fields the tree asks for, so it needs to know nothing about
    f. Exact for a deterministic f of the profile's fields: equal keys mean values that behave
    alike, so f reads the same fields in the same order and returns the same result.
    """

    def __init__(self, fn: Callable[[Any], Any], limit: int = MEMO_LIMIT) -> None:
        self._fn = fn
        self._top: dict[Any, Any] = {}  # holds the root under _ROOT, so that it is filled like any child
        self._limit = limit
        self._leaves = 0
        self.misses = 0

    def __call__(self, profile: Any) -> Any:
        node = self._top.get(_ROOT)
        while node is not None:
            if type(node) is _Leaf:
                return node.result
            name, children = node
            value = getattr(profile, name)
            kind = type(value)
            try:
                node = children.get(value if kind is str or value is None or kind is bool else _key(value))
            except TypeError:  # an unhashable value: do not remember
                return self._fn(profile)
        return self._miss(profile)

    def _miss(self, profile: Any) -> Any:
        self.misses += 1
        reads = _Reads(profile)
        result = self._fn(reads)
        try:
            path = [(name, _key(value)) for name, value in reads._reads.items()]
            hash(tuple(path))
        except TypeError:
            return result
        if self._leaves >= self._limit:
            self._top.clear()
            self._leaves = 0
        holder, slot = self._top, _ROOT
        for name, key in path:
            node = holder.get(slot)
            if node is None:
                node = holder[slot] = (name, {})
            elif type(node) is _Leaf or node[0] != name:
                return result  # cannot happen for a deterministic f; should it, do not remember
            holder, slot = node[1], key
        if slot not in holder:
            holder[slot] = _Leaf(result)
            self._leaves += 1
        return result


class Keyed:
    """f(profile) remembered under key(profile), for a rule whose key is narrower than the fields it reads."""

    def __init__(self, fn: Callable[[Any], Any], key: Callable[[Profile], Any], limit: int = MEMO_LIMIT) -> None:
        self._fn = fn
        self._key = key
        self._limit = limit
        self._results: dict[Any, Any] = {}
        self.misses = 0

    def __call__(self, profile: Profile) -> Any:
        key = self._key(profile)
        found = self._results.get(key, _Leaf)
        if found is _Leaf:
            self.misses += 1
            if len(self._results) >= self._limit:
                self._results.clear()
            found = self._results[key] = self._fn(profile)
        return found


class _Leaf(NamedTuple):
    result: Any


_ROOT = object()
_DICT = object()  # marks a dict turned into a key, so that it never equals a tuple value


class _Reads:
    """Stands in for a Profile and notes the fields read, in order, with their values.

    A field read once is kept as an attribute of the stand-in, so that later reads (by the next
    platform of a column) cost what reading a profile's field costs.
    """

    def __init__(self, profile: Any) -> None:
        self._profile = profile
        self._reads: dict[str, Any] = {}

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._profile, name)
        self._reads[name] = self.__dict__[name] = value
        return value


def _key(value: Any) -> Any:
    """A hashable key, equal only for values that behave alike: 1, 1.0 and True differ, and so do
    0.0 and -0.0; dicts keep their order."""
    kind = type(value)
    if kind is str or value is None or kind is bool:
        return value
    if kind is tuple:
        for item in value:
            if type(item) is not str:
                return (tuple, tuple(_key(v) for v in value))
        return value
    if kind is dict:
        return (_DICT, tuple((k, _key(v)) for k, v in value.items()))
    if kind is float:
        return (float, value.hex())
    if kind is int:
        return (int, value)
    return value  # a frozen model (AgeRange): equal fields behave alike
