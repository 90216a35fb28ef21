"""Batch scoring at speed: the scorer's own functions, each evaluated once per distinct input.

`scoring.recommend` judges every platform by every applicable rule, for each profile. A batch of
100,000 profiles asks the same questions over and over: a rule's verdicts for all platforms
depend on a few fields of the profile (`goal_fit` on the goals, `market_fit` on the market), and
those fields take few distinct values. `BatchScorer` therefore computes a whole column (one rule,
every platform) once per distinct combination of the fields that rule read, and combines the
columns per profile the way `score_platform` and `recommend` do: the same floating-point
operations in the same order, the same rounding, the same ties, the same reasons.

Nothing about which fields a rule reads is written down here. A column is computed against a
stand-in profile that notes each field read, in order, with its value; the memo is a decision
tree over those reads. That is exact for any rule that is a pure function of the platform and
the profile (which rules.py promises), whatever fields it reads, now or after a change. Hidden
inputs that are fixed during a run (the language of the reasons) are covered by keeping one
scorer per batch run.

What is duplicated from scoring.py is the arithmetic of combining verdicts and the shape of the
JSON record. Both are checked: the first profiles of every batch are also scored by
`scoring.recommend` and rendered by `render.recommendation_payload`, and a single difference
switches the batch to that reference path for good; tests compare the two on many profiles.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, NamedTuple, cast

from .models import KnowledgeBase, Profile, Recommendation
from .render import recommendation_payload
from .rules import RULES, Verdict, applicable
from .scoring import BASE, _round_tenths, effective_weights, exclusion, recommend, top_reasons

CHECKED_PROFILES = 3  # profiles per batch scored both ways before the fast path is trusted
_DICT = object()  # marks a dict turned into a key, so that it never equals a tuple value


class _Failed(NamedTuple):
    """A rule that raised for one platform: the reference path is used if its verdict is needed."""

    error: Exception


class _Reads:
    """Stands in for a Profile and notes the fields read: name and value, first read only."""

    __slots__ = ("_profile", "_reads")

    def __init__(self, profile: Profile) -> None:
        self._profile = profile
        self._reads: dict[str, Any] = {}

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._profile, name)
        self._reads.setdefault(name, value)
        return value


def _key(value: Any) -> Any:
    """A hashable key that is equal only for values that behave alike (dicts keep their order)."""
    if isinstance(value, dict):
        return (_DICT, tuple((k, _key(v)) for k, v in value.items()))
    if isinstance(value, float):
        return (float, value.hex())  # 0.0 and -0.0 print differently, so they are different keys
    return value


class Memo:
    """f(profile) remembered in a decision tree over the profile fields f read.

    A node is (field name, {key of its value: child}); a leaf holds the result. The tree is grown
    on misses; a lookup reads the fields the tree asks for, so it never needs to know the function.
    """

    def __init__(self, fn: Callable[[Any], Any]) -> None:
        self._fn = fn
        self._root: list[Any] = [None]  # a one-slot holder, so that the root can be replaced like any child
        self.misses = 0

    def __call__(self, profile: Profile) -> Any:
        node = self._root[0]
        while node is not None:
            if type(node) is _Leaf:
                return node.result
            name, children = node
            try:
                node = children.get(_key(getattr(profile, name)))
            except TypeError:  # an unhashable value: do not remember
                return self._fn(profile)
        return self._miss(profile)

    def _miss(self, profile: Profile) -> Any:
        self.misses += 1
        reads = _Reads(profile)
        result = self._fn(reads)
        try:
            path = [(name, _key(value)) for name, value in reads._reads.items()]
            hash(tuple(path))
        except TypeError:
            return result
        holder: Any = self._root
        slot: Any = 0
        for name, key in path:
            node = holder[slot]
            if node is None:
                node = holder[slot] = (name, {})
            elif type(node) is _Leaf or node[0] != name:
                return result  # cannot happen for a pure function; if it does, just do not remember
            holder, slot = node[1], key
        if holder[slot] if isinstance(holder, list) else holder.get(slot) is not None:
            return result
        holder[slot] = _Leaf(result)
        return result


class _Leaf(NamedTuple):
    result: Any


class _Column:
    """One rule's verdicts for every platform, with their fits and the scaled points per factor."""

    __slots__ = ("fits", "scaled", "verdicts")

    def __init__(self, verdicts: tuple[Verdict | _Failed, ...]) -> None:
        self.verdicts = verdicts
        self.fits = tuple(v.fit if isinstance(v, Verdict) else 0.0 for v in verdicts)
        self.scaled: dict[float, list[float]] = {}

    def points(self, factor: float) -> list[float]:
        """Each platform's points in tenths, before rounding: (factor * fit) * 10, as _round_tenths has it."""
        found = self.scaled.get(factor)
        if found is None:
            found = self.scaled[factor] = [factor * fit * 10 for fit in self.fits]
        return found


class _Exclusions:
    """Every platform's exclusion reason (or None), and the `excluded` records they make."""

    __slots__ = ("reasons", "records")

    def __init__(self, reasons: tuple[str | None, ...], records: list[dict[str, Any]]) -> None:
        self.reasons = reasons
        self.records = records


class BatchScorer:
    """recommend() + recommendation_payload() for one knowledge base and one --top, remembered."""

    def __init__(self, kb: KnowledgeBase, top: int | None = None) -> None:
        self.kb = kb
        self.top = top
        self.platforms = kb.platforms
        self.ids = [p.id for p in self.platforms]
        self.names = [p.name for p in self.platforms]
        self.rules = {name: Memo(self._column_of(rule)) for name, rule in RULES.items()}
        self.exclusions = Memo(self._exclusions)
        self.weights = Memo(lambda profile: effective_weights(kb, profile))
        self.applicable = Memo(applicable)
        self.kb_info = {"version": kb.version, "as_of": kb.as_of.isoformat()}
        self.to_check = CHECKED_PROFILES
        self.fast = True

    def payload(self, profile: Profile) -> dict[str, Any]:
        """The JSON record of `profile`'s recommendation, as recommendation_payload(recommend(...)) makes it."""
        if not self.fast:
            return self._reference(profile)
        fast = self._payload(profile)
        if self.to_check:
            self.to_check -= 1
            reference = self._reference(profile)
            if fast is None or _encode(fast) != _encode(reference):
                self.fast = False
            return reference
        return fast if fast is not None else self._reference(profile)

    def _reference(self, profile: Profile) -> dict[str, Any]:
        return recommendation_payload(recommend(self.kb, profile, top=self.top))

    def _column_of(self, rule: Callable[..., Verdict]) -> Callable[[Any], _Column]:
        platforms = self.platforms

        def column(profile: Any) -> _Column:
            verdicts: list[Verdict | _Failed] = []
            for platform in platforms:
                try:
                    verdicts.append(rule(platform, profile))
                except Exception as exc:  # the reference path raises it, if the verdict is ever needed
                    verdicts.append(_Failed(exc))
            return _Column(tuple(verdicts))

        return column

    def _exclusions(self, profile: Any) -> _Exclusions:
        reasons = tuple(exclusion(p, profile) for p in self.platforms)
        records = [
            {"platform": pid, "name": name, "reason": why}
            for pid, name, why in sorted(zip(self.ids, self.names, reasons, strict=True))
            if why
        ]
        return _Exclusions(reasons, records)

    def _payload(self, profile: Profile) -> dict[str, Any] | None:
        """As score_platform + recommend compute it; None when a needed rule raised (use the reference)."""
        weights = self.weights(profile)
        names = [n for n in self.applicable(profile) if weights.get(n, 0.0) > 0]
        total_weight = sum(weights[n] for n in names)
        columns = [cast(_Column, self.rules[n](profile)) for n in names]
        factors = [BASE * weights[n] / total_weight for n in names] if total_weight else []
        excluded = cast(_Exclusions, self.exclusions(profile))
        base = round(BASE * 10)
        if factors:
            sums = [sum(points) for points in zip(*[c.points(f) for c, f in zip(columns, factors, strict=True)])]
        else:
            sums = [0.0] * len(self.platforms)
        ranked = sorted(
            ((base + round(s)) / 10, pid, i)
            for i, (pid, s, why) in enumerate(zip(self.ids, sums, excluded.reasons, strict=True))
            if not why
        )
        ranked.sort(key=lambda item: -item[0])  # stable: equal scores stay in platform-id order
        if self.top is not None:
            ranked = ranked[: self.top]
        recommendations = []
        for rank, (score, pid, i) in enumerate(ranked, start=1):
            verdicts = [c.verdicts[i] for c in columns]
            if any(isinstance(v, _Failed) for v in verdicts):
                return None
            raw = [f * c.fits[i] for c, f in zip(columns, factors, strict=True)]
            tenths = _round_tenths(raw)
            contributions = [
                _Contribution(n, t / 10, cast(Verdict, v).reason)
                for n, v, t in zip(names, verdicts, tenths, strict=True)
            ]
            reasons = top_reasons(cast(Any, contributions))
            recommendations.append(
                {"rank": rank, "platform": pid, "name": self.names[i], "score": score, "reasons": list(reasons)}
            )
        return {
            "schema_version": Recommendation.model_fields["schema_version"].default,
            "profile": profile.model_dump(mode="json"),
            "knowledge_base": self.kb_info,
            "recommendations": recommendations,
            "excluded": excluded.records,
        }


class _Contribution(NamedTuple):
    """What top_reasons reads of a Contribution, without building a model per rule and platform."""

    rule: str
    points: float
    reason: str


def _encode(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
