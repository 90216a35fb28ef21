"""Pick N networks that work together: diminishing returns for overlap, within an hours budget.

Greedy and deterministic: each step takes the network that adds the most, i.e. its score times
(1 - half of its largest overlap with the networks already picked); ties go to the platform id.
Overlap between two networks is the audience overlap the knowledge base records for the pair
(level / 3, sourced), else the similarity of their format strengths scaled by 0.6 (formats alone
never make two networks full substitutes).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from smm_advisor.advice.result import Portfolio, PortfolioPick, Ranked, Recommendation
from smm_advisor.codes import Reason
from smm_advisor.i18n import compact, number, pick, t
from smm_advisor.vocabulary import CONTENT_FORMATS

if TYPE_CHECKING:
    from smm_advisor.knowledge.models import KnowledgeBase, Platform

OVERLAP_DISCOUNT = 0.5
FORMAT_SIMILARITY_SCALE = 0.6
STRONG_OVERLAP = 0.6
WEAK_SCORE = 50.0


def format_similarity(a: Platform, b: Platform) -> float:
    """Cosine similarity of the two networks' format strengths (0..1)."""

    def vector(p: Platform) -> list[float]:
        return [float((p.formats[f].value or 0) if f in p.formats else 0) for f in CONTENT_FORMATS]

    va, vb = vector(a), vector(b)
    norm = math.sqrt(sum(x * x for x in va)) * math.sqrt(sum(x * x for x in vb))
    return sum(x * y for x, y in zip(va, vb, strict=True)) / norm if norm else 0.0


def overlap(a: Platform, b: Platform) -> tuple[float, str | None]:
    """Overlap of two networks (0..1) and the knowledge base's reason for it (None: the similarity of their formats)."""
    recorded = [o for o in (*a.overlaps, *b.overlaps) if o.platform in (a.id, b.id)]
    if recorded:
        strongest = max(recorded, key=lambda o: o.level)
        return strongest.level / 3, strongest.reason
    return FORMAT_SIMILARITY_SCALE * format_similarity(a, b), None


def build_portfolio(kb: KnowledgeBase, rec: Recommendation, size: int, hours_budget: float | None = None) -> Portfolio:
    """Choose `size` networks among the ranked ones; say why each is in and warn about poor pairs."""
    candidates: list[Ranked] = list(rec.recommendations)
    picks: list[PortfolioPick] = []
    chosen: list[Platform] = []
    warnings: list[Reason] = []
    spent = 0.0
    skipped: set[str] = set()
    while len(picks) < size:
        best: tuple[float, Ranked, float, str | None] | None = None
        for r in candidates:
            if r.platform in skipped:
                continue
            platform = kb.platform(r.platform)
            hours = _hours(platform)
            if hours_budget is not None and hours is None:  # its cost is unknown: it cannot be kept in a budget
                skipped.add(r.platform)
                warnings.append(note(kb, "portfolio.hours_unknown", {"platform": r.platform}))
                continue
            if hours_budget is not None and hours is not None and spent + hours > hours_budget:
                skipped.add(r.platform)
                warnings.append(note(kb, "portfolio.over_budget", {"platform": r.platform, "hours_per_week": hours}))
                continue
            worst, other = 0.0, None
            for c in chosen:
                value, _ = overlap(platform, c)
                if value > worst:
                    worst, other = value, c.id
            gain = r.score * (1 - OVERLAP_DISCOUNT * worst)
            if best is None or gain > best[0] + 1e-9:
                best = (gain, r, worst, other)
        if best is None:
            warnings.append(note(kb, "portfolio.too_few", {"count": len(picks)}))
            break
        _, r, worst, other = best
        platform = kb.platform(r.platform)
        hours = _hours(platform)
        spent += hours or 0.0
        why = (
            note(kb, "portfolio.best_score", {"score": r.score})
            if not chosen
            else note(kb, "portfolio.adds_most", {"score": r.score, "overlap": round(worst * 100), "with": other})
        )
        picks.append(
            PortfolioPick(
                platform=r.platform,
                name=r.name,
                score=r.score,
                overlap=round(worst, 3),
                hours_per_week=None if hours is None else round(hours, 2),
                why=why,
                effort=_effort(kb, platform),
            )
        )
        chosen.append(platform)
        candidates.remove(r)
    for i, a in enumerate(chosen):
        for b in chosen[i + 1 :]:
            value, reason = overlap(a, b)
            if value >= STRONG_OVERLAP:
                params = {
                    "platforms": [a.id, b.id],
                    "overlap": round(value * 100),
                    "basis": "formats" if reason is None else "recorded",
                }
                warnings.append(note(kb, "portfolio.overlap", params))
    warnings += [
        note(kb, "portfolio.weak_fill", {"platform": p.platform, "score": p.score})
        for p in picks
        if p.score < WEAK_SCORE
    ]
    hours_known = [p.hours_per_week for p in picks if p.hours_per_week is not None]
    total = round(sum(hours_known), 2) if len(hours_known) == len(picks) else None
    return Portfolio(
        size=size, hours_budget=hours_budget, total_hours=total, picks=tuple(picks), warnings=tuple(warnings)
    )


def _hours(platform: Platform) -> float | None:
    return platform.effort.hours_per_week if platform.effort else None


def _effort(kb: KnowledgeBase, platform: Platform) -> Reason:
    effort = platform.effort
    if effort is None or effort.hours_per_week is None:
        return note(kb, "portfolio.effort_unknown", {}, platform.id)
    return note(kb, "portfolio.effort", {"hours_per_week": effort.hours_per_week}, platform.id)


def note(kb: KnowledgeBase, code: str, params: dict[str, Any], about: str | None = None) -> Reason:
    """A portfolio note (why a pick, its effort, a warning): its text written from the code and the parameters.

    `about` names the platform an effort note is about; the other notes name theirs in `params`.
    """

    def name(platform_id: str) -> str:
        return str(kb.platform(platform_id).name)

    if code == "portfolio.best_score":
        text = t("the best score ({score})", score=number(params["score"]))
    elif code == "portfolio.adds_most":
        text = t(
            "adds the most: score {score}, overlap with the chosen {overlap}% ({other})",
            score=number(params["score"]),
            overlap=params["overlap"],
            other="" if params["with"] is None else name(params["with"]),
        )
    elif code == "portfolio.effort":
        assert about is not None
        effort = kb.platform(about).effort
        assert effort is not None
        text = t(
            "{hours} h/week: {reason}",
            hours=compact(params["hours_per_week"]),
            reason=pick(effort.reason, effort.reason_de),
        )
    elif code == "portfolio.effort_unknown":
        text = t("effort unknown")
    elif code == "portfolio.hours_unknown":
        text = t(
            "{name} left out: its hours a week are unknown, so it cannot be kept within the budget",
            name=name(params["platform"]),
        )
    elif code == "portfolio.over_budget":
        text = t(
            "{name} left out: {hours} hours a week would exceed the budget",
            name=name(params["platform"]),
            hours=compact(params["hours_per_week"]),
        )
    elif code == "portfolio.too_few":
        text = t("only {n} network(s) qualify within the budget", n=params["count"])
    elif code == "portfolio.overlap":
        a, b = (kb.platform(p) for p in params["platforms"])
        _, reason = overlap(a, b)
        text = t(
            "{a} and {b} overlap strongly ({overlap}%): {reason}",
            a=a.name,
            b=b.name,
            overlap=params["overlap"],
            reason=t("similar formats") if reason is None else reason,
        )
    else:
        text = t(
            "{name} scores only {score}: a weak fit, picked to fill the portfolio",
            name=name(params["platform"]),
            score=number(params["score"]),
        )
    return Reason(code, params, text)
