"""The pure scorer: (knowledge base, profile) -> recommendation.

Score = 50 + the sum of the rules' points. A rule's points are 50 x its weight share x its fit,
so the score stays within 0..100 without clamping, and the points, rounded to tenths by the
largest-remainder method, add up exactly to the shown score.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from smm_advisor.advice.rules import RULES, _countries, applicable
from smm_advisor.i18n import first_sentence, pick, t

if TYPE_CHECKING:
    from smm_advisor.knowledge.models import Contribution, KnowledgeBase, Platform, Profile, Recommendation

# exclusion and effective_weights read fields only and need no pydantic (the quick path uses them);
# the result models are imported where they are built.

BASE_SCORE = 50.0  # every score is BASE_SCORE plus the rules' points
BASE = BASE_SCORE


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
        if region == "global":
            return None
        countries |= _countries(region)
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
    return {str(k): v * factors.get(str(k), 1.0) for k, v in kb.rules.items()}


def score_platform(kb: KnowledgeBase, platform: Platform, profile: Profile) -> tuple[float, tuple[Contribution, ...]]:
    """The score and each applicable rule's contribution (in tenths, summing exactly)."""
    from smm_advisor.knowledge.models import Contribution

    weights = effective_weights(kb, profile)
    names = [n for n in applicable(profile) if weights.get(n, 0.0) > 0]
    total_weight = sum(weights[n] for n in names)
    verdicts = [(n, RULES[n](platform, profile)) for n in names]
    raw = [BASE * weights[n] / total_weight * v.fit for n, v in verdicts] if total_weight else []
    tenths = _round_tenths(raw)
    contributions = tuple(
        Contribution(rule=n, points=t / 10, reason=v.reason) for (n, v), t in zip(verdicts, tenths, strict=True)
    )
    return (round(BASE * 10) + sum(tenths)) / 10, contributions


def _round_tenths(values: list[float]) -> list[int]:
    """Round to whole tenths so that the parts sum to the rounded total (largest remainder)."""
    scaled = [v * 10 for v in values]
    target = round(sum(scaled))
    floors = [math.floor(s) for s in scaled]
    short = target - sum(floors)
    order = sorted(range(len(scaled)), key=lambda i: (-(scaled[i] - floors[i]), i))
    for i in order[:short]:
        floors[i] += 1
    return floors


def top_reasons(contributions: tuple[Contribution, ...]) -> tuple[str, ...]:
    """Every contribution that moved the score, strongest first, with its sign."""
    moving = [c for c in contributions if c.points != 0]
    moving.sort(key=lambda c: (-abs(c.points), c.rule))
    return tuple(f"{'+' if c.points > 0 else '-'} {c.reason}" for c in moving)


def failed_gates(ranked: list[tuple[str, float]], min_score: float | None, missing: list[str]) -> list[str]:
    """The CI gates a ranking of (platform id, score) fails: --min-score (the best score), --fail-if-missing."""
    gates: list[str] = []
    best = ranked[0][1] if ranked else 0.0
    if min_score is not None and best < min_score:
        gates.append(t("gate.min_score", best=f"{best:.1f}", limit=f"{min_score:g}"))
    shown = {pid for pid, _ in ranked}
    return gates + [t("gate.missing", platform=pid) for pid in missing if pid not in shown]


def recommend(kb: KnowledgeBase, profile: Profile, top: int | None = None) -> Recommendation:
    """Rank every platform that qualifies; list the others under `excluded` with the reason."""
    from smm_advisor.knowledge.models import Excluded, KnowledgeBaseInfo, Ranked, Recommendation

    scored: list[tuple[float, Platform, tuple[Contribution, ...]]] = []
    excluded: list[Excluded] = []
    for platform in kb.platforms:
        why = exclusion(platform, profile)
        if why:
            excluded.append(Excluded(platform=platform.id, name=platform.name, reason=why))
            continue
        score, contributions = score_platform(kb, platform, profile)
        scored.append((score, platform, contributions))
    scored.sort(key=lambda item: (-item[0], item[1].id))
    if top is not None:
        scored = scored[:top]
    ranked = tuple(
        Ranked(
            rank=i,
            platform=p.id,
            name=p.name,
            score=s,
            reasons=top_reasons(c),
            contributions=c,
        )
        for i, (s, p, c) in enumerate(scored, start=1)
    )
    excluded.sort(key=lambda e: e.platform)
    return Recommendation(
        profile=profile,
        knowledge_base=KnowledgeBaseInfo(version=kb.version, as_of=kb.as_of),
        recommendations=ranked,
        excluded=tuple(excluded),
    )
