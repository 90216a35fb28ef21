"""The named scoring rules: each judges one platform for one profile on a scale of -1 to +1.

A rule returns a Verdict (fit and a one-line reason a marketer can read). Rules are pure: no I/O,
no clock, no randomness. Their weights live in the knowledge base; the scorer turns fit and
weight into points. Which rules apply depends on the profile only, so every platform is judged
by the same rules and the scores are comparable.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

from smm_advisor.i18n import first_sentence, goal_name, join, pick, t
from smm_advisor.vocabulary import GLOBAL, REGION_GROUPS

if TYPE_CHECKING:  # rules read fields only, so the quick path's snapshot objects serve as well
    from smm_advisor.knowledge.models import AudienceSurvey, Level, Platform, Profile


@dataclass(frozen=True)
class Verdict:
    """A rule's judgement: fit from -1 (works against the profile) to +1 (fits it best)."""

    fit: float
    reason: str


Rule: TypeAlias = "Callable[[Platform, Profile], Verdict]"


def level_fit(level: int) -> float:
    """Map a 0-3 strength onto -1..+1 (0 -> -1, 1 -> -1/3, 2 -> +1/3, 3 -> +1)."""
    return (level - 1.5) / 1.5


def _level(fact: Level | None) -> int | None:
    return None if fact is None else fact.value


def market_fit(platform: Platform, profile: Profile) -> Verdict:
    """B2B and B2C strength against the profile's market (both: the stronger of the two)."""
    b2b, b2c = platform.orientation.b2b.value, platform.orientation.b2c.value
    if profile.market == "b2b":
        pairs = [("B2B", b2b)]
    elif profile.market == "b2c":
        pairs = [("B2C", b2c)]
    else:
        pairs = [("B2B", b2b), ("B2C", b2c)]
    known = [(name, lvl) for name, lvl in pairs if lvl is not None]
    if not known:
        return Verdict(0.0, t("market.unknown", markets=join([n for n, _ in pairs])))
    name, lvl = max(known, key=lambda p: p[1])
    return Verdict(level_fit(lvl), t("market.fit", level=t(f"level.{lvl}"), market=name, n=lvl))


def goal_fit(platform: Platform, profile: Profile) -> Verdict:
    """Mean of the goal strengths; the reason names the best and the weakest goal."""
    judged = [(g, platform.goals[g]) for g in profile.goals if g in platform.goals]
    unknown = [g for g in profile.goals if g not in platform.goals]
    if not judged:
        return Verdict(0.0, t("goal.none", goals=", ".join(goal_name(g) for g in unknown)))
    fit = sum(level_fit(gf.level) for _, gf in judged) / len(profile.goals)
    best = max(judged, key=lambda p: (p[1].level, -profile.goals.index(p[0])))
    reason = t("goal.best", goal=goal_name(best[0]), n=best[1].level, reason=pick(best[1].reason, best[1].reason_de))
    worst = min(judged, key=lambda p: (p[1].level, profile.goals.index(p[0])))
    if len(judged) > 1 and worst[1].level < best[1].level:
        reason += "; " + t("goal.worst", goal=goal_name(worst[0]), n=worst[1].level)
    if unknown:
        reason += "; " + t("goal.missing", goals=", ".join(goal_name(g) for g in unknown))
    return Verdict(fit, reason)


def _countries(region: str) -> frozenset[str]:
    return REGION_GROUPS.get(region, frozenset({region})) if region != GLOBAL else frozenset()


def reach_level(platform: Platform, region: str) -> tuple[int | None, str]:
    """Reach in one region: the most specific known entry (country, then its group, then global)."""
    blocked = {u.country for u in platform.unavailable}
    countries = _countries(region)
    if countries and countries <= blocked:
        return 0, t("reach.unavailable", region=region)
    candidates = [region] + [g for g, members in sorted(REGION_GROUPS.items()) if region in members]
    for key in candidates:
        fact = platform.reach.get(key)
        if fact is not None and fact.value is not None:
            return fact.value, key
    if region in REGION_GROUPS:
        inner = [platform.reach[c].value for c in sorted(REGION_GROUPS[region]) if c in platform.reach]
        levels = [v for v in inner if v is not None]
        if levels:
            return round(sum(levels) / len(levels)), region
    return _level(platform.reach[GLOBAL]), GLOBAL


def regional_reach(platform: Platform, profile: Profile) -> Verdict:
    """Mean reach over the profile's regions; countries where it is blocked count as none."""
    levels: list[tuple[str, int]] = []
    for region in profile.regions:
        lvl, basis = reach_level(platform, region)
        if lvl is not None:
            levels.append((region if basis == region else t("reach.by", region=region, basis=basis), lvl))
    if not levels:
        return Verdict(0.0, t("reach.unknown"))
    fit = sum(level_fit(lvl) for _, lvl in levels) / len(levels)
    shown = ", ".join(f"{name} {lvl}/3" for name, lvl in levels[:3])
    more = t("reach.more", n=len(levels) - 3) if len(levels) > 3 else ""
    return Verdict(fit, t("reach.fit", regions=shown + more))


def survey_countries(profile: Profile) -> set[str]:
    """The countries whose surveys speak for the profile's regions (DE stands for DACH).

    survey_for reads the regions only through this (fastpath.py relies on it).
    """
    wanted: set[str] = set()
    for region in profile.regions:
        wanted |= _countries(region)
        if region == "dach" or region in REGION_GROUPS["dach"]:
            wanted.add("DE")
    return wanted


def survey_for(platform: Platform, profile: Profile) -> tuple[AudienceSurvey | None, bool]:
    """The survey to read ages from, and whether it is only a proxy for the profile's regions.

    Among the surveys with a published share for a band that overlaps the profile's ages: those of
    a profile country first (DE stands for DACH), else any (a proxy); then the newest; then US.
    """
    wanted = survey_countries(profile)
    lo, hi = (profile.age.min, profile.age.max) if profile.age else (0, 200)

    def covers(s: AudienceSurvey) -> bool:
        return any(
            b.percent is not None and b.min <= hi and (b.max if b.max is not None else 200) >= lo for b in s.bands
        )

    usable = [s for s in platform.audience if covers(s)]
    local = [s for s in usable if s.country in wanted]
    pool, proxy = (local, False) if local else (usable, True)
    if not pool:
        return None, False
    return sorted(pool, key=lambda s: (-s.year, s.country != "US", s.survey))[0], proxy


def audience_age(platform: Platform, profile: Profile) -> Verdict:
    """Share of the profile's age range that uses the platform, from a named survey."""
    assert profile.age is not None
    survey, proxy = survey_for(platform, profile)
    if survey is None:
        return Verdict(0.0, t("age.none"))
    lo, hi = profile.age.min, profile.age.max
    total = weight = 0.0
    covered: list[tuple[int, int]] = []
    for band in survey.bands:
        if band.percent is None:
            continue
        top = band.max if band.max is not None else 120
        overlap = min(hi, top) - max(lo, band.min) + 1
        if overlap > 0:
            total += band.percent * overlap
            weight += overlap
            covered.append((max(lo, band.min), min(hi, top)))
    if weight == 0:
        return Verdict(0.0, t("age.noband", survey=f"{survey.survey} {survey.year}", ages=profile.age))
    share = total / weight
    fit = max(-1.0, min(1.0, (share - 25.0) / 25.0))
    where = t("age.proxy", country=survey.country) if proxy else survey.country
    name = survey.survey if str(survey.year) in survey.survey else f"{survey.survey} {survey.year}"
    ages = f"{min(c[0] for c in covered)}-{max(c[1] for c in covered)}"
    if sum(b - a + 1 for a, b in covered) < hi - lo + 1:  # the survey publishes only part of the range
        ages = t("age.part", part=ages, ages=profile.age)
    return Verdict(fit, t("age.fit", share=f"{share:.0f}", ages=ages, survey=name, where=where))


def content_fit(platform: Platform, profile: Profile) -> Verdict:
    """The best match between what the business can produce and the platform's formats."""
    scored = [(f, _level(platform.formats.get(f))) for f in profile.content]
    known = [(f, lvl) for f, lvl in scored if lvl is not None]
    if not known:
        return Verdict(-1.0, t("content.none", formats=", ".join(profile.content)))
    best, lvl = max(known, key=lambda p: (p[1], -profile.content.index(p[0])))
    return Verdict(level_fit(lvl), t("content.fit", format=best, role=t(f"content.role.{lvl}"), n=lvl))


def ads_fit(platform: Platform, profile: Profile) -> Verdict:
    """With an ad budget, self-serve advertising counts for a platform and its absence against."""
    has = platform.self_serve_ads.value
    if has is None:
        return Verdict(0.0, t("ads.unknown"))
    return Verdict(1.0, t("ads.yes")) if has else Verdict(-1.0, t("ads.no"))


def lifecycle(platform: Platform, profile: Profile) -> Verdict:
    """A network that pivoted away from social use counts against; a rename is only noted."""
    state = platform.lifecycle
    change = first_sentence(pick(state.change or "", state.change_de))
    if state.state == "pivoted":
        return Verdict(-1.0, t("life.pivoted", year=f"{state.since:%Y}", change=change))
    if state.state == "renamed":
        return Verdict(0.0, t("life.renamed", year=f"{state.since:%Y}", change=change))
    return Verdict(0.0, t("life.active"))


RULES: dict[str, Rule] = {
    "market_fit": market_fit,
    "goal_fit": goal_fit,
    "audience_age": audience_age,
    "regional_reach": regional_reach,
    "content_fit": content_fit,
    "ads_fit": ads_fit,
    "lifecycle": lifecycle,
}


def applicable(profile: Profile) -> list[str]:
    """The rules this profile asks for, in a fixed order."""
    wanted = {
        "market_fit": True,
        "goal_fit": bool(profile.goals),
        "audience_age": profile.age is not None,
        "regional_reach": True,
        "content_fit": bool(profile.content),
        "ads_fit": profile.ads is True,
        "lifecycle": True,
    }
    return [name for name in RULES if wanted[name]]
