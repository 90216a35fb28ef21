"""The one scorer: (knowledge base, profile) -> recommendation, for a single answer and for a batch.

    score = 100 x the product of the rules' factors, each to the power of its weight

Each factor (0..1) says how far a network falls short on one count; nothing makes up for a
shortfall elsewhere. Shown as parts that add up: 100 minus what each rule took, the loss split
among the rules by the logarithm of their factors (so the split does not depend on their order).
Rounded to tenths by the largest-remainder method, the parts add up exactly to the shown score.
Ranked by score, then by the share of the target group that uses the network, then by id (for
determinism only: networks equal in both are shown as tied). docs/methodology.md argues it.

Speed comes from memoising inside this one scorer: a rule's verdicts for every platform depend on
a few profile fields (rules.RULE_FIELDS), so a batch computes each column once per distinct value
of those fields and per language.
"""

from __future__ import annotations

import itertools
import math
import operator
from collections import OrderedDict
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, TypeAlias

from smm_advisor.advice.memo import PerObject
from smm_advisor.advice.result import (
    Contribution,
    Excluded,
    KnowledgeBaseInfo,
    Ranked,
    ReasonLine,
    Recommendation,
    Tier,
)
from smm_advisor.advice.rules import RULE_FIELDS, RULES, STRONG, Judged, applicable, tenths
from smm_advisor.codes import Reason
from smm_advisor.i18n import compact, first_sentence, language, long_date, number, pick, t
from smm_advisor.vocabulary import GLOBAL, REGION_GROUPS

if TYPE_CHECKING:
    from smm_advisor.advice.profiles import Profile
    from smm_advisor.knowledge.models import KnowledgeBase, Platform

BASE_SCORE = 100.0  # the explanation's starting point: a network with no shortfall on any count
TIERS: tuple[tuple[float, Tier], ...] = ((65.0, "recommended"), (50.0, "possible"), (0.0, "weak"))
# Entries a memo keeps before it forgets them all: reached within the first few thousand profiles
# of a varied batch, so that memory stays flat after that.
MEMO_LIMIT = 4_096


def tier(score: float) -> Tier:
    """recommended (65+), possible (50-65) or weak (below 50): one scale for every format."""
    for floor, name in TIERS:
        if score >= floor:
            return name
    return TIERS[-1][1]


def exclusion(platform: Platform, profile: Profile) -> Reason | None:
    """Why a platform cannot be recommended at all, or None."""
    state = platform.lifecycle
    if state.state == "discontinued":
        return _excluded(platform, "excluded.discontinued", {"since": state.since.isoformat() if state.since else None})
    if platform.id in profile.exclude:
        return _excluded(platform, "excluded.on_request", {})
    unmet = [r for r in profile.require if not meets(platform, r)]
    if unmet:
        return _excluded(platform, "excluded.requirements", {"requirements": unmet})
    countries: set[str] = set()
    for region in profile.regions:
        if region == GLOBAL:
            return None
        countries |= REGION_GROUPS.get(region, frozenset({region}))
    blocked = {u.country for u in platform.unavailable}
    if countries and countries <= blocked:
        return _excluded(platform, "excluded.blocked", {"countries": sorted(countries)})
    return None


def _excluded(platform: Platform, code: str, params: dict[str, Any]) -> Reason:
    """The reason of an exclusion, its text written from the code and the parameters."""
    if code == "excluded.discontinued":
        state = platform.lifecycle
        change = first_sentence(pick(state.change or "", state.change_de))
        since = params["since"]
        text = t(
            "discontinued on {date}: {change}",
            date=long_date(date.fromisoformat(since)) if since else "?",
            change=change,
        )
    elif code == "excluded.on_request":
        text = t("excluded on request (--exclude)")
    elif code == "excluded.requirements":
        text = t("does not meet the requirement(s) {unmet} (--require)", unmet=", ".join(params["requirements"]))
    else:
        why = {u.country: pick(u.reason, u.reason_de) for u in platform.unavailable}
        countries = params["countries"]
        text = t(
            "not available in {where}: {reasons}",
            where=", ".join(countries),
            reasons="; ".join(sorted({why[c] for c in countries})),
        )
    return Reason(code, params, text)


def meets(platform: Platform, requirement: str) -> bool:
    """A hard requirement: self-serve ads, a B2B/B2C strength of 2+, or a format supported well (2+)."""
    if requirement == "ads":
        return platform.self_serve_ads.value is True
    if requirement in ("b2b", "b2c"):
        level = getattr(platform.orientation, requirement).value
        return level is not None and level >= 2
    fact = platform.formats.get(requirement)  # type: ignore[call-overload]
    return fact is not None and fact.value is not None and fact.value >= 2


def effective_weights(kb: KnowledgeBase, profile: Profile) -> dict[str, float]:
    """The knowledge base's rule weights times the profile's factors (--weight RULE=FACTOR)."""
    factors: dict[str, float] = {str(k): v for k, v in profile.weights.items()}
    weights: dict[str, float] = {}
    for rule, weight in kb.rules.items():
        base = weight if isinstance(weight, (int, float)) else getattr(weight, profile.market)
        weights[str(rule)] = base * factors.get(str(rule), 1.0)
    return weights


def weighted(values: list[float], weights: list[float]) -> list[float]:
    """Each factor to the power of its weight (a factor of 0 counts as 1e-9, so that its share can be told)."""
    return [max(v, 1e-9) ** w for v, w in zip(values, weights, strict=True)]


def combine(values: list[float], weights: list[float]) -> tuple[float, list[float]]:
    """The unrounded score and what each rule took from BASE_SCORE (negative; they sum to score - 100)."""
    return split(weighted(values, weights))


def split(factors: list[float]) -> tuple[float, list[float]]:
    """The unrounded score of weighted factors and what each took from BASE_SCORE."""
    score = BASE_SCORE * math.prod(factors)
    logs = [math.log(f) for f in factors]
    total = sum(logs)
    loss = BASE_SCORE - score
    return score, [loss * (lg / total) * -1 if total else 0.0 for lg in logs]


def round_tenths(values: list[float], target: int | None = None) -> list[int]:
    """Round to whole tenths so that the parts sum to `target` (default: their rounded sum), largest remainder."""
    scaled = [v * 10 for v in values]
    if target is None:
        target = round(sum(scaled))
    floors = [math.floor(s) for s in scaled]
    short = target - sum(floors)
    order = sorted(range(len(scaled)), key=lambda i: (-(scaled[i] - floors[i]), i))
    for i in order[:short]:
        floors[i] += 1
    return floors


class Column:
    """A rule's judgement of every platform, with what depends on a weight computed once per weight.

    Per weight: the factors to its power, and each platform's reason line with the key it is
    ordered by among a network's reasons (see _reasons_of), made when first asked for.
    """

    __slots__ = ("_lines", "_powered", "judged", "rule", "serial")
    _serials = itertools.count()

    def __init__(self, rule: str, judged: Judged) -> None:
        self.rule = rule
        self.judged = judged
        self.serial = next(Column._serials)  # names the column in memo keys: unlike id(), never reused
        self._powered: dict[float, list[float]] = {}
        self._lines: dict[float, list[Line | bool | None]] = {}

    def powered(self, exponent: float) -> list[float]:
        found = self._powered.get(exponent)
        if found is None:
            values = self.judged.values
            found = self._powered[exponent] = weighted(values, [exponent] * len(values))
        return found

    def lines(self, exponent: float) -> list[Line | bool | None]:
        """Per platform, its reason line under this weight once made (_reasons_of), else False."""
        found = self._lines.get(exponent)
        if found is None:
            found = self._lines[exponent] = [False] * len(self.judged.values)
        return found


# A reason line with its order key: (0, -factor, rule) for a plus, (1, factor, rule) for a minus.
Line: TypeAlias = "tuple[int, float, str, ReasonLine]"


def _line(rule: str, factor: float, reason: Reason) -> Line | None:
    """A plus (factor >= STRONG), highest first, or a minus, the lowest factor (what cost most) first.

    The points a rule takes grow with the logarithm of its factor (split), so the lowest factor
    cost most; equal factors are in the order of the rules' names. A rule that did not apply to
    the network's judgement (lifecycle of an active network) is left out.
    """
    if factor < STRONG:
        return (1, factor, rule, ReasonLine(rule, "-", reason))
    if factor == 1.0 and rule == "lifecycle":
        return None
    return (0, -factor, rule, ReasonLine(rule, "+", reason))


class Scorer:
    """Scores profiles against one knowledge base, remembering what depends on a few profile fields only.

    A rule's column depends on the fields it reads (rules.RULE_FIELDS), the exclusions on the
    exclusions, requirements and regions, and a platform's contributions on its columns and
    weights: each is computed once per distinct value and language. At most MEMO_LIMIT are kept
    (flat memory in long batches): a rule's columns least recently used go first, the others'
    memos (a few distinct values in any batch) are forgotten all at once.
    """

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._columns: dict[str, OrderedDict[tuple[Any, ...], Column]] = {rule: OrderedDict() for rule in RULES}
        self._excluded: dict[tuple[Any, ...], tuple[Reason | None, ...]] = {}
        self._applied: dict[tuple[Any, ...], tuple[dict[str, float], list[str]]] = {}
        self._ids = [p.id for p in kb.platforms]

    def column(self, rule: str, profile: Profile) -> Judged:
        """The rule's judgement of every platform of the knowledge base, in its order."""
        return self._column(rule, profile).judged

    def _column(self, rule: str, profile: Profile) -> Column:
        memo = self._columns[rule]  # one memo per rule: a churning rule never evicts the others' columns
        key = (language(), _KEYS[rule](profile))
        found = memo.get(key)
        if found is None:
            if len(memo) >= MEMO_LIMIT:
                memo.popitem(last=False)
            found = memo[key] = Column(rule, RULES[rule](self.kb, profile))
        elif len(memo) >= MEMO_LIMIT // 2:
            memo.move_to_end(key)  # kept longest: what a batch asks again and again (most ask one country)
        return found

    def score(self, index: int, profile: Profile) -> tuple[float, tuple[Contribution, ...]]:
        """Platform `index`'s score (to the tenth) and every applicable rule's contribution."""
        weights, names = self._weights(profile)
        columns = [self._column(n, profile) for n in names]
        return _parts(index, columns, [weights[n] for n in names])

    def _weights(self, profile: Profile) -> tuple[dict[str, float], list[str]]:
        """The effective weights and the rules that apply with a weight above 0, remembered."""
        key = (profile.market, tuple(profile.weights.items()), bool(profile.goals), profile.ads, bool(profile.content))
        found = self._applied.get(key)
        if found is None:
            if len(self._applied) >= MEMO_LIMIT:
                self._applied.clear()
            weights = effective_weights(self.kb, profile)
            found = self._applied[key] = (weights, [n for n in applicable(profile) if weights.get(n, 0.0) > 0])
        return found

    def exclusions(self, profile: Profile) -> tuple[Reason | None, ...]:
        """Why each platform cannot be recommended (None: it can), remembered per distinct input."""
        key = (language(), profile.exclude, profile.require, profile.regions)
        found = self._excluded.get(key)
        if found is None:
            if len(self._excluded) >= MEMO_LIMIT:
                self._excluded.clear()
            found = self._excluded[key] = tuple(exclusion(p, profile) for p in self.kb.platforms)
        return found

    def recommend(self, profile: Profile, top: int | None = None, detail: bool = True) -> Recommendation:
        """Rank every platform that qualifies; list the others under `excluded` with the reason.

        Every qualifying platform is scored (the score to the tenth is the rounded product); the
        reasons are written for the ranked ones shown (`top`), and with `detail` the parts that add
        up to the score (--explain, compare, robustness; a batch asks for none).
        """
        kb = self.kb
        weights, names = self._weights(profile)
        columns = [self._column(n, profile) for n in names]
        exponents = [weights[n] for n in names]
        powered = [c.powered(w) for c, w in zip(columns, exponents, strict=True)]
        count = len(kb.platforms)
        shares = self.column("audience", profile).shares or [0.0] * count
        reasons = self.exclusions(profile)
        prod = math.prod  # tenths, inline: this runs for every platform of every profile
        # (-score, -share, both in tenths, id, index): sorted as they come, best first; the id for determinism only
        scored = [
            (-round(BASE_SCORE * prod(factors) * 10), -round(share * 10), pid, i)
            for factors, share, pid, i, why in zip(
                zip(*powered, strict=True) if powered else [()] * count, shares, self._ids, range(count), reasons,
                strict=True,
            )
            if why is None
        ]  # fmt: skip
        scored.sort()
        shown = scored if top is None else scored[:top]
        made = [c.lines(w) for c, w in zip(columns, exponents, strict=True)]
        ranked: list[Ranked] = []
        rank = 0
        for position, (minus_score, minus_share, pid, index) in enumerate(shown):
            key = (minus_score, minus_share)
            before = position > 0 and scored[position - 1][:2] == key
            after = position + 1 < len(scored) and scored[position + 1][:2] == key
            rank = rank if before else position + 1  # competition ranks (1, 2, 2, 4): equal keys are a tie
            score = -minus_score / 10
            contributions: tuple[Contribution, ...] = ()
            if detail:
                exact, contributions = _parts(index, columns, exponents)
                assert exact == score  # the parts add up to the score that ranked it
            why = _reasons_of(index, columns, exponents, made)
            ranked.append(
                Ranked(
                    rank=rank,
                    platform=pid,
                    name=kb.platforms[index].name,
                    score=score,
                    tier=tier(score),
                    tied=before or after,
                    audience_share=-minus_share / 10,
                    reasons=why,
                    contributions=contributions,
                )
            )
        excluded = [
            Excluded(platform=self._ids[i], name=kb.platforms[i].name, reason=why)
            for i, why in enumerate(reasons)
            if why
        ]
        excluded.sort(key=lambda e: e.platform)
        return Recommendation(
            profile=profile,
            knowledge_base=KnowledgeBaseInfo(version=kb.version, as_of=kb.as_of),
            recommendations=tuple(ranked),
            excluded=tuple(excluded),
            lang=language(),
        )


def _reasons_of(
    index: int, columns: list[Column], exponents: list[float], made: list[list[Line | bool | None]]
) -> tuple[ReasonLine, ...]:
    """Platform `index`'s reasons in order (_line), each line made once per column and weight (`made`)."""
    lines: list[Line] = []
    for column, exponent, known in zip(columns, exponents, made, strict=True):
        line = known[index]
        if line is False:
            reason = column.judged.reason(index)
            line = known[index] = _line(column.rule, column.powered(exponent)[index], reason)
        if line is not None:
            lines.append(line)  # type: ignore[arg-type]
    lines.sort()
    return tuple(line[3] for line in lines)


def _parts(index: int, columns: list[Column], exponents: list[float]) -> tuple[float, tuple[Contribution, ...]]:
    """Platform `index`'s score (to the tenth) and the contributions that add up to it."""
    factors = [c.powered(w)[index] for c, w in zip(columns, exponents, strict=True)]
    score, parts = split(factors)
    points = round_tenths(parts, tenths(score) - tenths(BASE_SCORE))
    contributions = tuple(
        Contribution(rule=c.rule, factor=round(factor, 3), points=tenth / 10, reason=c.judged.reason(index))
        for factor, c, tenth in zip(factors, columns, points, strict=True)
    )
    return (tenths(BASE_SCORE) + sum(points)) / 10, contributions


# The key of a rule's column: the profile fields the rule reads (rules.RULE_FIELDS).
_KEYS: dict[str, Callable[[Profile], Any]] = {
    rule: operator.attrgetter(*fields) if fields else (lambda profile: ()) for rule, fields in RULE_FIELDS.items()
}


def failed_gates(
    ranked: list[tuple[str, float]], min_score: float | None, missing: list[str] | tuple[str, ...]
) -> list[tuple[str, str]]:
    """The CI gates a ranking of (platform id, score) fails, as (gate, message).

    The gates: --min-score (the best score), --fail-if-missing (each platform id on its own).
    """
    gates: list[tuple[str, str]] = []
    best = ranked[0][1] if ranked else 0.0
    if min_score is not None and best < min_score:
        message = t(
            "--min-score: the best network scores {best}, below {limit}", best=number(best), limit=compact(min_score)
        )
        gates.append((f"--min-score {compact(min_score)}", message))
    shown = {pid for pid, _ in ranked}
    return gates + [
        (f"--fail-if-missing {pid}", t("--fail-if-missing: {platform} is not in the ranking", platform=pid))
        for pid in missing
        if pid not in shown
    ]


scorer_for: PerObject[KnowledgeBase, Scorer] = PerObject(Scorer, limit=16)
"""The scorer of a knowledge base object (one per knowledge base, so that its memos carry over)."""


def score_platform(kb: KnowledgeBase, platform: Platform, profile: Profile) -> tuple[float, tuple[Contribution, ...]]:
    """One platform's score and contributions (compare uses it)."""
    index = next(i for i, p in enumerate(kb.platforms) if p is platform)
    return scorer_for(kb).score(index, profile)


def recommend(kb: KnowledgeBase, profile: Profile, top: int | None = None, detail: bool = True) -> Recommendation:
    """Rank every platform that qualifies; list the others under `excluded` with the reason."""
    return scorer_for(kb).recommend(profile, top, detail)
