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

import math
from typing import TYPE_CHECKING, Any

from smm_advisor.advice.memo import PerObject
from smm_advisor.advice.result import Contribution, Excluded, KnowledgeBaseInfo, Ranked, Recommendation, Tier
from smm_advisor.advice.rules import RULE_FIELDS, RULES, Verdict, applicable, estimate
from smm_advisor.i18n import first_sentence, language, pick, t
from smm_advisor.knowledge.models import KnowledgeBase
from smm_advisor.vocabulary import GLOBAL, REGION_GROUPS

if TYPE_CHECKING:
    from smm_advisor.advice.profiles import Profile
    from smm_advisor.knowledge.models import Platform

BASE_SCORE = 100.0  # the explanation's starting point: a network with no shortfall on any count
TIERS: tuple[tuple[float, Tier], ...] = ((65.0, "recommended"), (50.0, "possible"), (0.0, "weak"))
MEMO_LIMIT = 4_096  # columns a memo keeps before it forgets them all (flat memory in long batches)


def tier(score: float) -> Tier:
    """recommended (65+), possible (50-65) or weak (below 50): one scale for every format."""
    return next(name for floor, name in TIERS if score >= floor)


def exclusion(platform: Platform, profile: Profile) -> str | None:
    """Why a platform cannot be recommended at all, or None."""
    state = platform.lifecycle
    if state.state == "discontinued":
        change = first_sentence(pick(state.change or "", state.change_de))
        return t("excl.discontinued", date=f"{state.since:%Y-%m-%d}", change=change)
    if platform.id in profile.exclude:
        return t("excl.exclude")
    unmet = [r for r in profile.require if not meets(platform, r)]
    if unmet:
        return t("excl.require", unmet=", ".join(unmet))
    countries: set[str] = set()
    for region in profile.regions:
        if region == GLOBAL:
            return None
        countries |= REGION_GROUPS.get(region, frozenset({region}))
    blocked = {u.country: pick(u.reason, u.reason_de) for u in platform.unavailable}
    if countries and countries <= set(blocked):
        where = ", ".join(sorted(countries))
        return t("excl.region", where=where, reasons="; ".join(sorted({blocked[c] for c in countries})))
    return None


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


def combine(values: list[float], weights: list[float]) -> tuple[float, list[float]]:
    """The unrounded score and what each rule took from BASE_SCORE (negative; they sum to score - 100)."""
    factors = [max(v, 1e-9) ** w for v, w in zip(values, weights, strict=True)]
    score = BASE_SCORE * math.prod(factors)
    logs = [math.log(f) for f in factors]
    total = sum(logs)
    loss = BASE_SCORE - score
    return score, [loss * (lg / total) * -1 if total else 0.0 for lg in logs]


def round_tenths(values: list[float]) -> list[int]:
    """Round to whole tenths so that the parts sum to the rounded total (largest remainder)."""
    scaled = [v * 10 for v in values]
    target = round(sum(scaled))
    floors = [math.floor(s) for s in scaled]
    short = target - sum(floors)
    order = sorted(range(len(scaled)), key=lambda i: (-(scaled[i] - floors[i]), i))
    for i in order[:short]:
        floors[i] += 1
    return floors


class Scorer:
    """Scores profiles against one knowledge base, remembering each rule's verdicts per distinct input."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._columns: dict[tuple[Any, ...], tuple[Verdict, ...]] = {}

    def column(self, rule: str, profile: Profile) -> tuple[Verdict, ...]:
        """The rule's verdict for every platform of the knowledge base, in its order."""
        key = (rule, language(), *(_hashable(getattr(profile, f)) for f in RULE_FIELDS[rule]))
        found = self._columns.get(key)
        if found is None:
            if len(self._columns) >= MEMO_LIMIT:
                self._columns.clear()
            judge = RULES[rule]
            found = self._columns[key] = tuple(judge(self.kb, p, profile) for p in self.kb.platforms)
        return found

    def score(
        self, index: int, profile: Profile, names: list[str], weights: dict[str, float]
    ) -> tuple[float, tuple[Contribution, ...]]:
        """Platform `index`'s score (to the tenth) and every applicable rule's contribution."""
        verdicts = [self.column(n, profile)[index] for n in names]
        _, parts = combine([v.value for v in verdicts], [weights[n] for n in names])
        tenths = round_tenths(parts)
        contributions = tuple(
            Contribution(rule=n, factor=round(v.value ** weights[n], 3), points=tenth / 10, reason=v.reason)
            for n, v, tenth in zip(names, verdicts, tenths, strict=True)
        )
        return (round(BASE_SCORE * 10) + sum(tenths)) / 10, contributions

    def recommend(self, profile: Profile, top: int | None = None) -> Recommendation:
        """Rank every platform that qualifies; list the others under `excluded` with the reason."""
        kb = self.kb
        weights = effective_weights(kb, profile)
        names = [n for n in applicable(profile) if weights.get(n, 0.0) > 0]
        scored: list[tuple[float, float, str, int, tuple[Contribution, ...]]] = []
        excluded: list[Excluded] = []
        for index, platform in enumerate(kb.platforms):
            why = exclusion(platform, profile)
            if why:
                excluded.append(Excluded(platform=platform.id, name=platform.name, reason=why))
                continue
            score, contributions = self.score(index, profile, names, weights)
            share = round(estimate(kb, platform, profile).share, 1)
            scored.append((score, share, platform.id, index, contributions))
        scored.sort(key=lambda item: (-item[0], -item[1], item[2]))
        ranks = _ranks([(s, share) for s, share, *_ in scored])
        ranked = tuple(
            Ranked(
                rank=rank,
                platform=pid,
                name=kb.platforms[index].name,
                score=score,
                tier=tier(score),
                tied=tied,
                audience_share=share,
                reasons=top_reasons(contributions),
                contributions=contributions,
            )
            for (score, share, pid, index, contributions), (rank, tied) in zip(scored, ranks, strict=True)
        )
        if top is not None:
            ranked = ranked[:top]
        excluded.sort(key=lambda e: e.platform)
        return Recommendation(
            profile=profile,
            knowledge_base=KnowledgeBaseInfo(version=kb.version, as_of=kb.as_of),
            recommendations=ranked,
            excluded=tuple(excluded),
        )


def _ranks(keys: list[tuple[float, float]]) -> list[tuple[int, bool]]:
    """Competition ranks (1, 2, 2, 4) over sorted (score, share) keys; equal keys are a tie."""
    out: list[tuple[int, bool]] = []
    for i, key in enumerate(keys):
        rank = out[i - 1][0] if i and keys[i - 1] == key else i + 1
        tied = (i > 0 and keys[i - 1] == key) or (i + 1 < len(keys) and keys[i + 1] == key)
        out.append((rank, tied))
    return out


def _hashable(value: Any) -> Any:
    return value if not isinstance(value, dict) else tuple(sorted(value.items()))


STRONG = 0.85  # a factor at least this high is a plus in the reasons; below it, a minus


def top_reasons(contributions: tuple[Contribution, ...]) -> tuple[str, ...]:
    """The pluses (factor >= STRONG, highest first), then the minuses (what cost most first), signed.

    A rule that did not apply to the network's judgement (lifecycle of an active network) is left out.
    """
    ranked = sorted(contributions, key=lambda c: (-c.factor, c.rule))
    pluses = [f"+ {c.reason}" for c in ranked if c.factor >= STRONG and not (c.rule == "lifecycle" and c.factor == 1)]
    minuses = sorted((c for c in contributions if c.factor < STRONG), key=lambda c: (c.points, c.rule))
    return tuple(pluses + [f"- {c.reason}" for c in minuses])


def failed_gates(ranked: list[tuple[str, float]], min_score: float | None, missing: list[str]) -> list[str]:
    """The CI gates a ranking of (platform id, score) fails: --min-score (the best score), --fail-if-missing."""
    gates: list[str] = []
    best = ranked[0][1] if ranked else 0.0
    if min_score is not None and best < min_score:
        gates.append(t("gate.min_score", best=f"{best:.1f}", limit=f"{min_score:g}"))
    shown = {pid for pid, _ in ranked}
    return gates + [t("gate.missing", platform=pid) for pid in missing if pid not in shown]


scorer_for: PerObject[KnowledgeBase, Scorer] = PerObject(Scorer, limit=16)
"""The scorer of a knowledge base object (one per knowledge base, so that its memos carry over)."""


def score_platform(kb: KnowledgeBase, platform: Platform, profile: Profile) -> tuple[float, tuple[Contribution, ...]]:
    """One platform's score and contributions (compare uses it)."""
    weights = effective_weights(kb, profile)
    names = [n for n in applicable(profile) if weights.get(n, 0.0) > 0]
    index = next(i for i, p in enumerate(kb.platforms) if p is platform)
    return scorer_for(kb).score(index, profile, names, weights)


def recommend(kb: KnowledgeBase, profile: Profile, top: int | None = None) -> Recommendation:
    """Rank every platform that qualifies; list the others under `excluded` with the reason."""
    return scorer_for(kb).recommend(profile, top)
