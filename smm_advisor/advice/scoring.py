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
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

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
from smm_advisor.advice.rules import RULE_FIELDS, RULES, STRONG, Judged, applicable
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
    return next(name for floor, name in TIERS if score >= floor)


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


def tenths_of(score: float) -> int:
    """A score in whole tenths: what it is shown and ranked as."""
    return round(score * 10)


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
    """A rule's judgement of every platform, with the factors to a weight's power computed once per weight."""

    __slots__ = ("_powered", "judged", "serial")
    _serials = itertools.count()

    def __init__(self, judged: Judged) -> None:
        self.judged = judged
        self.serial = next(Column._serials)  # names the column in memo keys: unlike id(), never reused
        self._powered: dict[float, list[float]] = {}

    def powered(self, exponent: float) -> list[float]:
        found = self._powered.get(exponent)
        if found is None:
            values = self.judged.values
            found = self._powered[exponent] = weighted(values, [exponent] * len(values))
        return found


class Scorer:
    """Scores profiles against one knowledge base, remembering what depends on a few profile fields only.

    A rule's column depends on the fields it reads (rules.RULE_FIELDS), the exclusions on the
    exclusions, requirements and regions, and a platform's contributions on its columns and
    weights: each is computed once per distinct value and language, and forgotten all at once
    when MEMO_LIMIT entries accumulate (flat memory in long batches).
    """

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._columns: dict[str, dict[tuple[Any, ...], Column]] = {rule: {} for rule in RULES}
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
                memo.clear()
            found = memo[key] = Column(RULES[rule](self.kb, profile))
        return found

    def score(self, index: int, profile: Profile) -> tuple[float, tuple[Contribution, ...]]:
        """Platform `index`'s score (to the tenth) and every applicable rule's contribution."""
        weights, names = self._weights(profile)
        columns = [self._column(n, profile) for n in names]
        factors = [c.powered(weights[n])[index] for c, n in zip(columns, names, strict=True)]
        score, contributions, _ = _parts(index, names, [c.judged for c in columns], factors)
        return score, contributions

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
        judged = [c.judged for c in columns]
        powered = [c.powered(weights[n]) for c, n in zip(columns, names, strict=True)]
        if powered:
            prod = math.prod  # tenths_of, inline: this runs for every platform of every profile
            scores = [round(BASE_SCORE * prod(factors) * 10) / 10 for factors in zip(*powered, strict=True)]
        else:
            scores = [tenths_of(BASE_SCORE) / 10] * len(kb.platforms)
        shares = self.column("audience", profile).shares or [0.0] * len(kb.platforms)
        reasons = self.exclusions(profile)
        ids = self._ids
        scored = [
            (scores[i], round(shares[i], 1), ids[i], i) for i in range(len(ids)) if not reasons[i]
        ]  # fmt: skip
        excluded = [
            Excluded(platform=ids[i], name=kb.platforms[i].name, reason=why) for i, why in enumerate(reasons) if why
        ]
        scored.sort(key=_ORDER)
        ranks = _ranks([(s, share) for s, share, *_ in scored])
        shown = scored if top is None else scored[:top]
        ranked: list[Ranked] = []
        for (score, share, pid, index), (rank, tied) in zip(shown, ranks, strict=False):
            exact, contributions, why = _parts(index, names, judged, [p[index] for p in powered], detail)
            assert exact == score  # the parts add up to the score that ranked it
            ranked.append(
                Ranked(
                    rank=rank,
                    platform=pid,
                    name=kb.platforms[index].name,
                    score=score,
                    tier=tier(score),
                    tied=tied,
                    audience_share=share,
                    reasons=why,
                    contributions=contributions,
                )
            )
        excluded.sort(key=lambda e: e.platform)
        return Recommendation(
            profile=profile,
            knowledge_base=KnowledgeBaseInfo(version=kb.version, as_of=kb.as_of),
            recommendations=tuple(ranked),
            excluded=tuple(excluded),
            lang=language(),
        )


def _parts(
    index: int, names: list[str], columns: list[Judged], factors: list[float], detail: bool = True
) -> tuple[float, tuple[Contribution, ...], tuple[ReasonLine, ...]]:
    """Platform `index`'s score (to the tenth), its contributions (with `detail`) and its reasons."""
    score, parts = split(factors)
    reasons = _reasons(names, [column.reason(index) for column in columns], factors, parts)
    if not detail:
        return tenths_of(score) / 10, (), reasons
    tenths = round_tenths(parts, tenths_of(score) - tenths_of(BASE_SCORE))
    contributions = tuple(
        Contribution(rule=n, factor=round(factor, 3), points=tenth / 10, reason=column.reason(index))
        for n, factor, column, tenth in zip(names, factors, columns, tenths, strict=True)
    )
    return (tenths_of(BASE_SCORE) + sum(tenths)) / 10, contributions, reasons


def _reasons(
    names: list[str], reasons: list[Reason], factors: list[float], parts: list[float]
) -> tuple[ReasonLine, ...]:
    """The pluses (factor >= STRONG, highest first), then the minuses (what cost most first), signed.

    A rule that did not apply to the network's judgement (lifecycle of an active network) is left out.
    """
    pluses = [(-f, n, i) for i, (n, f) in enumerate(zip(names, factors, strict=True)) if f >= STRONG]
    minuses = [(part, n, i) for i, (n, f, part) in enumerate(zip(names, factors, parts, strict=True)) if f < STRONG]
    pluses.sort()
    minuses.sort()
    return (
        *(ReasonLine(n, "+", reasons[i]) for f, n, i in pluses if not (n == "lifecycle" and f == -1)),
        *(ReasonLine(n, "-", reasons[i]) for _, n, i in minuses),
    )


def _order(item: tuple[float, float, str, int]) -> tuple[float, float, str]:
    return (-item[0], -item[1], item[2])


_ORDER = _order


# The key of a rule's column: the profile fields the rule reads (rules.RULE_FIELDS).
_KEYS: dict[str, Callable[[Profile], Any]] = {
    rule: operator.attrgetter(*fields) if fields else (lambda profile: ()) for rule, fields in RULE_FIELDS.items()
}


def _ranks(keys: list[tuple[float, float]]) -> list[tuple[int, bool]]:
    """Competition ranks (1, 2, 2, 4) over sorted (score, share) keys; equal keys are a tie."""
    out: list[tuple[int, bool]] = []
    for i, key in enumerate(keys):
        rank = out[i - 1][0] if i and keys[i - 1] == key else i + 1
        tied = (i > 0 and keys[i - 1] == key) or (i + 1 < len(keys) and keys[i + 1] == key)
        out.append((rank, tied))
    return out


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
