"""The named scoring rules: each judges one platform for one profile with a factor and one line of reason.

Every rule gives a factor from 0 to 1: how far the network falls short of what the profile needs
on one count (audience, goals, market, content, ads, lifecycle). The scorer multiplies them, so a
shortfall on one count is never made up by strength on another: a network that cannot carry what
the business makes, or reaches none of its audience, falls whatever else it has
(docs/methodology.md argues the factors).

Rules are pure: no I/O, no clock, no randomness. Which rules apply depends on the profile only,
so every platform is judged by the same rules and the scores are comparable. `RULE_FIELDS` names
the profile fields each rule reads, so that the scorer can remember a rule's verdicts per distinct
value of just those fields.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeAlias

from smm_advisor.advice.audience import (
    Audiences,
    Estimate,
    PlaceColumn,
    affinity,
    audiences_for,
    bridges_for,
    places,
)
from smm_advisor.codes import Reason
from smm_advisor.i18n import (
    N_,
    NC_,
    catalog,
    first_sentence,
    format_name,
    goal_name,
    join,
    language,
    number,
    pick,
    restriction_name,
    t,
    tc,
)

if TYPE_CHECKING:
    from smm_advisor.advice.profiles import Profile
    from smm_advisor.knowledge.models import GoalFit, KnowledgeBase, Level, Platform


class Verdict:
    """A rule's judgement: a factor from 0 (rules the network out) to 1 (no shortfall), and the reason.

    The reason (a code, its parameters and the text made of them) may be given as a function that
    makes it: a batch shows the reasons of a few networks per profile, so a reason is made when it
    is first read. The audience rule also says the share of the target group that uses the network
    (the tie-break).
    """

    __slots__ = ("_reason", "share", "value")

    def __init__(self, value: float, reason: Reason | Callable[[], Reason], share: float | None = None) -> None:
        self.value = value
        self.share = share
        self._reason = reason

    @property
    def reason(self) -> Reason:
        if not isinstance(self._reason, Reason):
            self._reason = self._reason()
        return self._reason

    def __repr__(self) -> str:
        return f"Verdict({self.value!r}, {self.reason.text!r})"


Rule: TypeAlias = "Callable[[KnowledgeBase, Platform, Profile], Verdict]"

# Factors by strength (0-3) and for an unknown strength; docs/methodology.md says why.
MARKET_FACTOR = {0: 0.25, 1: 0.5, 2: 0.75, 3: 1.0}
MARKET_UNKNOWN = 0.6
CONTENT_FACTOR = {0: 0.25, 1: 0.55, 2: 0.85, 3: 1.0}
CONTENT_UNKNOWN = 0.45
GOAL_FACTOR = {0: 0.2, 1: 0.5, 2: 0.8, 3: 1.0}
GOAL_UNKNOWN = 0.6
ADS_FACTOR = {True: 1.0, False: 0.5, None: 0.75}
PIVOTED_FACTOR = 0.8
AFFINITY_POWER = 1.5  # the largest at which pure-audience profiles still follow the surveys (docs/methodology.md)
AFFINITY_SHOWN = 0.15  # the affinity is named in the reason when it is this far from 1 or farther
SHOWN_PLACES = 3
STRONG = 0.85  # a factor at least this high is a plus in the reasons; below it, a minus
STRONG = 0.85  # a factor at least this high is a plus in the reasons; below it, a minus
LEVEL_WORDS = {
    0: NC_("strength", "no"),
    1: NC_("strength", "weak"),
    2: NC_("strength", "good"),
    3: NC_("strength", "strong"),
}
CONTENT_ROLES = {3: N_("its core format"), 2: N_("well supported"), 1: N_("marginal here"), 0: N_("not supported")}
ADS_CODES = {True: "ads_fit.self_serve", False: "ads_fit.none", None: "ads_fit.unknown"}
ADS_TEXTS = {
    "ads_fit.self_serve": N_("self-serve ads"),
    "ads_fit.none": N_("no self-serve ads"),
    "ads_fit.unknown": N_("self-serve ads unknown"),
}


def _level(fact: Level | None) -> int | None:
    return None if fact is None else fact.value


def market_levels(platform: Platform, market: str) -> tuple[list[str], int | None]:
    """The B2B or B2C strength the market asks for (both: the stronger one): ([the side], level), or the sides, None."""
    b2b, b2c = platform.orientation.b2b.value, platform.orientation.b2c.value
    pairs = [("b2b", b2b)] if market == "b2b" else [("b2c", b2c)] if market == "b2c" else [("b2b", b2b), ("b2c", b2c)]
    known = [(side, lvl) for side, lvl in pairs if lvl is not None]
    if not known:
        return [side for side, _ in pairs], None
    side, lvl = max(known, key=lambda p: p[1])
    return [side], lvl


def market_fit(kb: KnowledgeBase, platform: Platform, profile: Profile) -> Verdict:
    """Gate: a network that does not serve the profile's market (B2B, B2C) falls."""
    sides, lvl = market_levels(platform, profile.market)
    if lvl is None:
        return Verdict(MARKET_UNKNOWN, lambda: _market_reason("market_fit.unknown", {"markets": sides}))
    return Verdict(MARKET_FACTOR[lvl], lambda: _market_reason("market_fit.level", {"market": sides[0], "level": lvl}))


def _market_reason(code: str, params: dict[str, Any]) -> Reason:
    if code == "market_fit.unknown":
        text = t("{markets} strength unknown", markets=join([m.upper() for m in params["markets"]]))
    else:
        lvl = params["level"]
        text = t(
            "{level} {market} network ({n}/3)", level=tc(*LEVEL_WORDS[lvl]), market=params["market"].upper(), n=lvl
        )
    return Reason(code, params, text)


def goal_record(fit: GoalFit, market: str) -> tuple[int, str, str | None, str | None]:
    """A goal's strength in the profile's market: (level, reason, German reason, the market whose record it is).

    The B2B or B2C record where one is recorded for the market, else the general one (market None).
    """
    special = fit.b2b if market == "b2b" else fit.b2c if market == "b2c" else None
    if special is not None:
        return special.level, special.reason, special.reason_de, market
    return fit.level, fit.reason, fit.reason_de, None


def goal_fit(kb: KnowledgeBase, platform: Platform, profile: Profile) -> Verdict:
    """Mean strength over the goals (in the profile's market); the reason names the best and the weakest.

    A plus leads with the best goal and why; a minus with the weakest and why, so that the first
    clause (all a short view shows) says what the sign says.
    """
    judged = [(g, goal_record(platform.goals[g], profile.market)[0]) for g in profile.goals if g in platform.goals]
    unknown = [g for g in profile.goals if g not in platform.goals]
    if not judged:
        return Verdict(
            GOAL_UNKNOWN, lambda: _goal_reason(platform, profile.market, "goal_fit.unknown", {"goals": unknown})
        )
    value = (sum(GOAL_FACTOR[level] for _, level in judged) + GOAL_UNKNOWN * len(unknown)) / len(profile.goals)

    def reason() -> Reason:
        best = max(judged, key=lambda p: (p[1], -profile.goals.index(p[0])))
        worst = min(judged, key=lambda p: (p[1], profile.goals.index(p[0])))
        lead, other = (best, worst) if value >= STRONG else (worst, best)
        params = {
            "goal": lead[0],
            "level": lead[1],
            "market": goal_record(platform.goals[lead[0]], profile.market)[3],
            "other": {"goal": other[0], "level": other[1]} if worst[1] < best[1] else None,
            "unknown": unknown,
        }
        return _goal_reason(platform, profile.market, "goal_fit.level", params)

    return Verdict(value, reason)


def _goal_reason(platform: Platform, market: str, code: str, params: dict[str, Any]) -> Reason:
    if code == "goal_fit.unknown":
        text = t("no data on goal(s) {goals}", goals=", ".join(goal_name(g) for g in params["goals"]))
        return Reason(code, params, text)
    _, prose, prose_de, _ = goal_record(platform.goals[params["goal"]], market)
    text = t("{goal} {n}/3: {reason}", goal=goal_name(params["goal"]), n=params["level"], reason=pick(prose, prose_de))
    other = params["other"]
    if other is not None:
        text += "; " + t("{goal} {n}/3", goal=goal_name(other["goal"]), n=other["level"])
    if params["unknown"]:
        text += "; " + t("no data on {goals}", goals=", ".join(goal_name(g) for g in params["unknown"]))
    return Reason(code, params, text)


def estimates(kb: KnowledgeBase, profile: Profile) -> tuple[Estimate, ...]:
    """Every platform's share of the profile's target group (audience.py), in the knowledge base's order."""
    ages = (profile.age.min, profile.age.max) if profile.age else None
    return audiences_for(kb).estimates(places(profile.regions), ages)


def estimate(kb: KnowledgeBase, platform: Platform, profile: Profile) -> Estimate:
    """One platform's share of the profile's target group."""
    return estimates(kb, profile)[audiences_for(kb).index[id(platform)]]


def tenths(value: float) -> int:
    """A score or a share in whole tenths (76.44 -> 764): what it is shown, ranked and tied as."""
    return round(value * 10)


def audience_factors(shares: list[float], populations: list[float], by_age: bool) -> list[float]:
    """sqrt(1 - (1 - u) ** c) for each target share u, with c = (2a / (1 + a)) ** AFFINITY_POWER.

    a is the affinity (target share / population share; 1 without ages). At c = 1 this is the
    square root of the share: diminishing returns (reaching 90% is not one and a half times as good
    as reaching 60%). A network whose users are concentrated in the target group (a > 1) counts as
    if it reached the group c times over (c < 2.8), a diluted one less. It stays below 1 unless the
    network reaches everyone, so big networks never saturate into a tie. (One list for every
    network of a column: a new column is made for most profiles of a batch.)
    """
    pow_, sqrt = math.pow, math.sqrt
    out: list[float] = []
    for share, population in zip(shares, populations, strict=True):
        concentration = affinity(share, population) if by_age else 1.0
        tries = pow_(2 * concentration / (1 + concentration), AFFINITY_POWER)
        out.append(sqrt(1 - pow_(1 - min(1.0, share / 100), tries)))
    return out


def audience_column(kb: KnowledgeBase, profile: Profile) -> Judged:
    """How much of the target group (ages, places) uses each network, and how concentrated it is there.

    Judged for every network at once from numbers; a reason is made when it is read.
    """
    by_age = profile.age is not None
    ages = (profile.age.min, profile.age.max) if profile.age else None
    audiences = audiences_for(kb)
    columns = audiences.place_columns(places(profile.regions), ages)
    shares, populations = audiences.shares_of(columns)
    values = audience_factors(shares, populations, by_age)
    models = audiences.models
    shown = columns[:SHOWN_PLACES]
    more = max(0, len(columns) - SHOWN_PLACES)
    lang = language()
    ages_params = None if ages is None else {"min": ages[0], "max": ages[1]}  # shared by the reasons: never changed

    def reason(index: int) -> Reason:
        """'63% of your target group (ages 18-29) use it (US: Pew 2025); 1.7x its share of all ages'.

        The network's age-profile country is named only where some asked ages came from the
        profile (a place whose basis is a total or a reach level).
        """
        share, population = shares[index], populations[index]
        concentration = affinity(share, population)
        described = [_place(audiences, kb, column, index, lang) for column in shown]
        params = {
            "share": tenths(share) / 10,
            "ages": ages_params,
            "places": [params for params, _ in described],
            "more_places": more,
            "age_profile": (
                models[index].profile_from if by_age and any(column.profiled[index] for column in columns) else None
            ),
            "affinity": (
                round(concentration, 2)
                if by_age and population > 0 and abs(concentration - 1) >= AFFINITY_SHOWN
                else None
            ),
        }
        return Reason("audience.share", params, _audience_text(params, [text for _, text in described], lang))

    return Judged(values, reason, shares)


# The audience reason's pieces, translated once per language (_audience_text).
AUDIENCE_TEXTS = (
    N_("your target group (ages {ages})"),
    N_("the population"),
    N_("+{n} more"),
    N_("{share}% of {who} use it"),
    N_("ages by its {country} age profile"),
    N_("{times}x its share of all ages"),
)
_AUDIENCE_TEXTS: dict[str, tuple[str, ...]] = {}


def _audience_text(params: dict[str, Any], bases: list[str], lang: str) -> str:
    """The audience reason's text, from its parameters and the text of what each shown place rests on."""
    texts = _AUDIENCE_TEXTS.get(lang)
    if texts is None:
        texts = _AUDIENCE_TEXTS[lang] = tuple(catalog(lang).gettext(text) for text in AUDIENCE_TEXTS)
    group, population, more, uses, profiled, concentrated = texts
    ages = params["ages"]
    who = group.format(ages=f"{ages['min']}-{ages['max']}") if ages else population
    based = "; ".join(bases)
    if params["more_places"]:
        based += "; " + more.format(n=params["more_places"])
    text = uses.format(share=_percent(params["share"]), who=who) + f" ({based})"
    if params["age_profile"] is not None:
        text += "; " + profiled.format(country=params["age_profile"])
    if params["affinity"] is not None:
        text += "; " + concentrated.format(times=number(params["affinity"]))
    return text


def audience(kb: KnowledgeBase, platform: Platform, profile: Profile) -> Verdict:
    """The audience verdict of one network (see audience_column)."""
    return audience_column(kb, profile).verdict(audiences_for(kb).index[id(platform)])


def _percent(value: float) -> str:
    return f"{value:.0f}" if value >= 1 or value == 0 else "<1"


def _place(
    audiences: Audiences, kb: KnowledgeBase, column: PlaceColumn, index: int, lang: str
) -> tuple[dict[str, Any], str]:
    """What platform `index`'s figure for one place rests on, as parameters and as text ('DE: ARD/ZDF 2025').

    Remembered per place column, and per what it says: the same place, basis and survey give the
    same parameters (one dict, shared: never changed) and text.
    """
    found = column.described.get((lang, index))
    if found is None:
        place = column.items[index]
        key = (lang, place.place, place.basis, place.survey, place.level, place.restriction)
        found = audiences.places.get(key)
        if found is None:
            bridges = bridges_for(kb)
            rescaled = place.survey is not None and bridges.factor[place.survey] != 1.0
            params = {
                "place": place.place,
                "basis": place.basis,
                "survey": place.survey,
                "scale": bridges.reference[place.survey] if rescaled and place.survey is not None else None,
                "level": place.level,
                "restriction": place.restriction,
            }
            found = audiences.places[key] = (params, _basis_text(kb, params))
        column.described[(lang, index)] = found
    return found


def _basis_text(kb: KnowledgeBase, place: dict[str, Any]) -> str:
    where = t("worldwide") if place["place"] == "global" else place["place"]
    if place["basis"] == "blocked":
        return t("{place}: blocked", place=where)
    if place["basis"] == "level":
        text = t("{place}: no survey, reach {n}/3", place=where, n="?" if place["level"] is None else place["level"])
    else:
        survey, ref = kb.surveys[place["survey"]], kb.surveys[place["scale"]] if place["scale"] is not None else None
        label = pick(survey.label, survey.label_de)
        if ref is not None:
            label = t("{survey} on the {ref} scale", survey=label, ref=pick(ref.label, ref.label_de))
        text = t(
            N_("{place}: {survey}") if place["basis"] == "survey" else N_("{place}: total of {survey}"),
            place=where,
            survey=label,
        )
    if place["restriction"]:
        text += ", " + t("{kind}, counted half", kind=restriction_name(place["restriction"]))
    return text


def content_fit(kb: KnowledgeBase, platform: Platform, profile: Profile) -> Verdict:
    """Gate: the best match between what the business can produce and the platform's formats."""
    scored = [(f, _level(platform.formats.get(f))) for f in profile.content]
    known = [(f, lvl) for f, lvl in scored if lvl is not None]
    if not known:
        return Verdict(
            CONTENT_UNKNOWN, lambda: _content_reason("content_fit.unknown", {"formats": list(profile.content)})
        )
    best, lvl = max(known, key=lambda p: (p[1], -profile.content.index(p[0])))
    return Verdict(CONTENT_FACTOR[lvl], lambda: _content_reason("content_fit.level", {"format": best, "level": lvl}))


def _content_reason(code: str, params: dict[str, Any]) -> Reason:
    if code == "content_fit.unknown":
        formats = ", ".join(format_name(f) for f in params["formats"])
        return Reason(code, params, t("none of your formats ({formats}) is supported", formats=formats))
    lvl = params["level"]
    return Reason(
        code,
        params,
        t("your {format}: {role} ({n}/3)", format=format_name(params["format"]), role=t(CONTENT_ROLES[lvl]), n=lvl),
    )


def ads_fit(kb: KnowledgeBase, platform: Platform, profile: Profile) -> Verdict:
    """With an ad budget, self-serve advertising counts for a platform and its absence against."""
    has = platform.self_serve_ads.value
    code = ADS_CODES[has]
    return Verdict(ADS_FACTOR[has], lambda: Reason(code, {}, t(ADS_TEXTS[code])))


def lifecycle(kb: KnowledgeBase, platform: Platform, profile: Profile) -> Verdict:
    """Gate: a network that pivoted away from social use counts less; a rename is only noted."""
    state = platform.lifecycle
    if state.state in ("pivoted", "renamed"):
        assert state.since is not None
        params = {"since": state.since.isoformat()}
        code = f"lifecycle.{state.state}"
        return Verdict(
            PIVOTED_FACTOR if state.state == "pivoted" else 1.0, lambda: _lifecycle_reason(platform, code, params)
        )
    return Verdict(1.0, lambda: Reason("lifecycle.active", {}, t("active")))


def _lifecycle_reason(platform: Platform, code: str, params: dict[str, Any]) -> Reason:
    state = platform.lifecycle
    change = first_sentence(pick(state.change or "", state.change_de))
    year = params["since"][:4]
    message = N_("pivoted {year}: {change}") if code == "lifecycle.pivoted" else N_("renamed {year}: {change}")
    return Reason(code, params, t(message, year=year, change=change))


class Judged:
    """One rule's judgement of every platform, in the knowledge base's order: factors, and reasons on demand.

    The audience rule also gives each platform's share of the target group (the tie-break).
    """

    __slots__ = ("_reason_of", "_reasons", "shares", "values")

    def __init__(
        self, values: list[float], reason_of: Callable[[int], Reason], shares: list[float] | None = None
    ) -> None:
        self.values = values
        self.shares = shares
        self._reason_of = reason_of
        self._reasons: dict[int, Reason] = {}

    @classmethod
    def of(cls, verdicts: list[Verdict]) -> Judged:
        return cls([v.value for v in verdicts], lambda index: verdicts[index].reason)

    def reason(self, index: int) -> Reason:
        found = self._reasons.get(index)
        if found is None:
            found = self._reasons[index] = self._reason_of(index)
        return found

    def verdict(self, index: int) -> Verdict:
        return Verdict(self.values[index], self.reason(index), None if self.shares is None else self.shares[index])


Column: TypeAlias = "Callable[[KnowledgeBase, Profile], Judged]"


def per_platform(rule: Rule) -> Column:
    """A rule that judges one platform at a time, as a column over every platform."""

    def column(kb: KnowledgeBase, profile: Profile) -> Judged:
        return Judged.of([rule(kb, platform, profile) for platform in kb.platforms])

    return column


# Each rule as a column: its verdict for every platform of the knowledge base, in order.
RULES: dict[str, Column] = {
    "audience": audience_column,
    "goal_fit": per_platform(goal_fit),
    "ads_fit": per_platform(ads_fit),
    "market_fit": per_platform(market_fit),
    "content_fit": per_platform(content_fit),
    "lifecycle": per_platform(lifecycle),
}

# The profile fields each rule reads: the scorer remembers a rule's verdicts per distinct value of these.
RULE_FIELDS: dict[str, tuple[str, ...]] = {
    "audience": ("age", "regions"),
    "goal_fit": ("goals", "market"),
    "ads_fit": (),
    "market_fit": ("market",),
    "content_fit": ("content",),
    "lifecycle": (),
}


def applicable(profile: Profile) -> list[str]:
    """The rules this profile asks for, in a fixed order."""
    wanted = {
        "audience": True,
        "goal_fit": bool(profile.goals),
        "ads_fit": profile.ads is True,
        "market_fit": True,
        "content_fit": bool(profile.content),
        "lifecycle": True,
    }
    return [name for name in RULES if wanted[name]]
