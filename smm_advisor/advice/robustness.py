"""How stable is a ranking? Leave each rule out once, then shift the weights at random (seeded).

The rules' fits do not depend on the weights, so they are judged once per platform; every run
only re-weighs them. Runs are deterministic for a seed: the same input gives the same report.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from smm_advisor.advice.profiles import Profile
from smm_advisor.advice.result import Recommendation, Robustness, Stability
from smm_advisor.advice.rules import applicable
from smm_advisor.advice.scoring import combine, effective_weights, scorer_for, tier

if TYPE_CHECKING:
    from smm_advisor.knowledge.models import KnowledgeBase

FRAGILE_BELOW = 0.6  # a network that keeps its rank or its tier in fewer runs than this is fragile


def check_robustness(
    kb: KnowledgeBase, profile: Profile, rec: Recommendation, *, runs: int = 200, seed: int = 0, spread: float = 0.5
) -> Robustness:
    """Per ranked platform: the share of runs in which it keeps its rank and its tier."""
    ranked = rec.recommendations
    weights = effective_weights(kb, profile)
    names = [n for n in applicable(profile) if weights.get(n, 0.0) > 0]
    scorer = scorer_for(kb)
    index = {p.id: i for i, p in enumerate(kb.platforms)}
    fits = {r.platform: [scorer.column(n, profile).values[index[r.platform]] for n in names] for r in ranked}
    scenarios: list[list[float]] = []
    for left_out in range(len(names)):
        if len(names) > 1:
            scenarios.append([0.0 if i == left_out else weights[n] for i, n in enumerate(names)])
    rnd = random.Random(seed)
    for _ in range(runs):
        scenarios.append([weights[n] * rnd.uniform(1 - spread, 1 + spread) for n in names])
    rank_kept = dict.fromkeys(fits, 0)
    tier_kept = dict.fromkeys(fits, 0)
    base_rank = {r.platform: r.rank for r in ranked}
    shares = {r.platform: r.audience_share for r in ranked}
    base_tier = {r.platform: tier(r.score) for r in ranked}
    for scenario in scenarios:
        scores = {pid: round(combine(fs, scenario)[0], 1) for pid, fs in fits.items()}
        order = sorted(scores, key=lambda pid: (-scores[pid], -shares[pid], pid))
        for position, pid in enumerate(order, start=1):
            rank_kept[pid] += position == base_rank[pid]
            tier_kept[pid] += tier(scores[pid]) == base_tier[pid]
    n = len(scenarios) or 1
    stats = tuple(
        Stability(
            platform=r.platform,
            rank=r.rank,
            rank_kept=round(rank_kept[r.platform] / n, 3),
            tier=base_tier[r.platform],
            tier_kept=round(tier_kept[r.platform] / n, 3),
            fragile=min(rank_kept[r.platform], tier_kept[r.platform]) / n < FRAGILE_BELOW,
        )
        for r in ranked
    )
    return Robustness(runs=len(scenarios), seed=seed, spread=spread, platforms=stats)
