"""Which of a network's sourced facts an answer rests on: the sources a report lists under each network.

A network carries facts for every country, goal and format, and facts only the post checker
reads; a report for one profile lists the sources of the facts its advice reads: the market's
orientation, the asked goals (and their market-specific level), formats and ad flag, the
lifecycle, blocks and restrictions in the asked countries, the audience surveys the estimate took
figures from (audience.AudienceModel.surveys_read; the network's figures in them and the surveys
themselves, which the reasons name, bridging references included) or the reach level it fell
back on, and the effort and overlaps the portfolio weighs. All of a network's facts remain one command away:
`smm-advisor platforms show ID`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from smm_advisor.advice.audience import model_for, places

if TYPE_CHECKING:
    from smm_advisor.advice.profiles import Profile
    from smm_advisor.knowledge.models import KnowledgeBase, Platform, Sourced


def facts_behind(kb: KnowledgeBase, platform: Platform, profile: Profile) -> list[tuple[str, Sourced]]:
    """The facts about `platform` that the advice for `profile` reads, each with its path in the knowledge base."""
    found: list[tuple[str, Sourced]] = [("lifecycle", platform.lifecycle)]
    markets = ["b2b", "b2c"] if profile.market == "both" else [profile.market]
    markets += [r for r in profile.require if r in ("b2b", "b2c") and r not in markets]
    found += [(f"orientation.{m}", getattr(platform.orientation, m)) for m in sorted(markets)]
    for goal in profile.goals:
        fit = platform.goals.get(goal)
        if fit is not None:
            found.append((f"goals.{goal}", fit))
            special = fit.b2b if profile.market == "b2b" else fit.b2c if profile.market == "b2c" else None
            if special is not None:
                found.append((f"goals.{goal}.{profile.market}", special))
    for name in dict.fromkeys([*profile.content, *profile.require]):
        fact = platform.formats.get(name)  # type: ignore[arg-type]  # a requirement may name no format
        if fact is not None:
            found.append((f"formats.{name}", fact))
    if profile.ads or "ads" in profile.require:
        found.append(("self_serve_ads", platform.self_serve_ads))
    model = model_for(kb, platform)
    ages = (profile.age.min, profile.age.max) if profile.age else None
    surveys: set[str] = set()
    for place in places(profile.regions):
        read, reach = model.surveys_read(place, ages)
        surveys |= read
        if reach is not None:
            found.append((f"reach.{reach}", platform.reach[reach]))
        found += [(f"unavailable[{i}]", u) for i, u in enumerate(platform.unavailable) if u.country == place]
        found += [(f"restricted[{i}]", r) for i, r in enumerate(platform.restricted) if r.country == place]
    found += [(f"audience[{i}]", entry) for i, entry in enumerate(platform.audience) if entry.survey in surveys]
    found += [(f"surveys.{key}", kb.surveys[key]) for key in sorted(surveys)]  # what a reason's label names
    if platform.effort is not None:
        found.append(("effort", platform.effort))
    found += [(f"overlaps[{i}]", o) for i, o in enumerate(platform.overlaps)]
    return found
