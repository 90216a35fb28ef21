"""How much of a target group uses a network: survey shares by country and age, with documented fallbacks.

For each place the profile asks for (a country, or `global`), the share of the target ages that
use the network is the mean over the ages (each year of age counts once, open bands up to
OLDEST) of the first of:

1. a band of one of the place's surveys that covers that age (a survey of that age group, such as
   a teen survey, before a population survey; then the narrowest band; then broad measures of use
   before habitual and daily ones; then the newest);
2. the network's share of the place's whole population (from its population surveys, see
   below) times the network's age profile at that age;
3. the share its reach level (0-3, a sourced fact per country, region group or `global`) stands
   for (LEVEL_SHARE) times the age profile.

Surveys of one place and kind (population surveys; surveys of one age group) count in different
units (ever used, used last month, weekly). So they are put on one scale: the survey that covers
most networks is the reference, and another survey's figures have their odds (p / (100 - p))
multiplied by the median ratio of the reference's odds to theirs, over the networks both report
(at least two; else they stand as published). This is "bridging"; on the odds, a bridged figure
stays below 100 % and the networks keep their order.

The age profile is the network's share of each age divided by its share of the whole population,
from the country where the network's surveys cover most ages in two bands or more (the US,
then Germany, on a tie; one wide band has no shape to lend).
A network blocked in a place has no users there; a restricted one (throttled, out of the app
stores) counts RESTRICTED_FACTOR of them. A group of countries is the mean of its countries.

The result also gives the network's share of the whole population of the same places: their
ratio is the affinity (how concentrated the network's audience is in the target group).
Everything a platform needs is computed once per platform; answers are memoised per question.
"""

from __future__ import annotations

import functools
import math
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from smm_advisor.advice.memo import PerObject
from smm_advisor.vocabulary import GLOBAL, MAX_AGE, MIN_BAND_AGE, REGION_GROUPS

if TYPE_CHECKING:
    from smm_advisor.knowledge.models import KnowledgeBase, Platform, Survey

LEVEL_SHARE: dict[int, float] = {0: 2.0, 1: 6.0, 2: 22.0, 3: 50.0}  # % a reach level stands for (docs/methodology.md)
UNKNOWN_LEVEL_SHARE = 6.0  # a reach level recorded as unknown counts as niche
OLDEST = 79  # open bands (65+, 70+) count for the ages up to this one
RESTRICTED_FACTOR = 0.5
PROFILE_PREFERENCE = ("US", "DE")  # whose age profile stands in, when several countries are equally covered
FREQUENCY_CLASS = {"ever": 0, "yearly": 0, "monthly": 0, "weekly": 1, "regular": 1, "daily": 2}
MIN_SHARED = 2  # networks two surveys must both report before one is bridged to the other
MEMO_LIMIT = 8_192  # places x ages remembered before all are forgotten (a varied batch asks about ~4,000)

Basis = Literal["survey", "total", "level", "blocked"]


class PlaceShare(NamedTuple):
    """The estimate for one place: % of the target ages, % of the whole population, and what it rests on."""

    place: str
    share: float
    population: float
    basis: Basis
    survey: str | None = None  # the survey that gave the bands or the total
    level: int | None = None  # the reach level used (basis "level")
    restriction: str | None = None  # the kind of a partial restriction, which halves the share
    profiled: bool = False  # some of the asked ages rest on the network's age profile (filled or shaped)


class Estimate(NamedTuple):
    """The target group's share that uses the network, over every asked place."""

    share: float
    population: float
    places: tuple[PlaceShare, ...]
    profile_from: str | None  # the country whose age profile filled or shaped some of the asked ages

    @classmethod
    def of(cls, shares: tuple[PlaceShare, ...], by_age: bool, profile_from: str | None) -> Estimate:
        """The mean over the places; `profile_from` is named where some ages came from the age profile."""
        share = sum(p.share for p in shares) / len(shares)
        population = sum(p.population for p in shares) / len(shares)
        profiled = by_age and any(p.profiled for p in shares)
        return cls(share, population, shares, profile_from if profiled else None)

    @property
    def affinity(self) -> float:
        """Target share / population share: above 1, the audience is concentrated in the target group."""
        return affinity(self.share, self.population)


MAX_AFFINITY = 1_000.0  # a bound for a population share next to nothing (real ones stay below 10)


def affinity(share: float, population: float) -> float:
    """share / population, 1 for no population share, at most MAX_AFFINITY (never infinite)."""
    return min(share / population, MAX_AFFINITY) if population > 0 else 1.0


@functools.lru_cache(maxsize=4096)
def places(regions: tuple[str, ...]) -> tuple[str, ...]:
    """The countries (or `global`) a profile's regions stand for, sorted."""
    found: set[str] = set()
    for region in regions:
        if region == GLOBAL:
            found.add(GLOBAL)
        else:
            found |= REGION_GROUPS.get(region, frozenset({region}))
    return tuple(sorted(found))


class Bridges:
    """Per survey: the reference survey of its place and kind, and the factor onto the reference's scale."""

    def __init__(self, kb: KnowledgeBase) -> None:
        totals: dict[str, dict[str, float]] = {}
        for platform in kb.platforms:
            for entry in platform.audience:
                if entry.total is not None and entry.survey in kb.surveys:
                    totals.setdefault(entry.survey, {})[platform.id] = entry.total
        families: dict[tuple[object, ...], list[str]] = {}
        for key, survey in sorted(kb.surveys.items()):
            family = (survey.country, survey.scope) + (() if survey.scope == "population" else survey.bands)
            families.setdefault(family, []).append(key)
        self.reference: dict[str, str] = {}
        self.factor: dict[str, float] = {}
        for members in families.values():
            ref = min(
                members,
                key=lambda k: (
                    -len(totals.get(k, {})),
                    FREQUENCY_CLASS[kb.surveys[k].frequency],
                    -kb.surveys[k].year,
                    k,
                ),
            )
            for key in members:
                self.reference[key] = ref
                shared = sorted(set(totals.get(key, {})) & set(totals.get(ref, {})))
                ratios = sorted(_odds_ratio(totals[ref][p], totals[key][p]) for p in shared)
                ratios = [ratio for ratio in ratios if 0 < ratio < math.inf]
                self.factor[key] = _median(ratios) if key != ref and len(ratios) >= MIN_SHARED else 1.0

    def rescaled(self, survey: str, percent: float) -> float:
        """A percent of `survey` on its reference's scale: its odds times the survey's factor.

        On the odds (p / (100 - p)), not on the percent: a weekly figure of 79 % and one of 34 %
        stay below 100 % and in their order on a yearly scale, where a factor on the percent
        would put both at the cap (2.7 x 79 %). For small shares it is the same as a factor.
        """
        factor = self.factor[survey]
        if factor == 1.0 or percent >= 100.0:
            return min(100.0, percent)
        odds = factor * _odds(percent)
        return 100.0 if math.isinf(odds) else 100.0 * odds / (1.0 + odds)


def _odds_ratio(reference: float, percent: float) -> float:
    """The reference's odds over the percent's; 0 where either is 0 or 100 (not bridged on)."""
    if not (0 < reference < 100 and 0 < percent < 100) or _odds(percent) == 0:
        return 0.0
    return _odds(reference) / _odds(percent)


def _odds(percent: float) -> float:
    """p / (100 - p) for 0 <= p < 100."""
    return percent / (100.0 - percent)


def _within_100(mean: float, weights: list[float]) -> float:
    """The factor s >= 1 for which the mean of min(100, s x mean x w) over the weights is `mean` again.

    The weights (an age profile over a band, their mean 1) spread a band's figure over its ages;
    where an age would pass 100 %, it is held at 100 % and s lifts the others by what it lost.
    s is 1 where no age passes 100 %.
    """
    if mean >= 100.0 or mean <= 0.0 or mean * max(weights) <= 100.0:
        return 1.0
    ordered = sorted(weights, reverse=True)
    n = len(ordered)
    for capped in range(1, n):  # the `capped` heaviest ages at 100 %
        rest = sum(ordered[capped:])
        if rest <= 0.0:  # the ages left have no users in the profile: there is nothing to lift
            break
        scale = (n * mean - 100.0 * capped) / (mean * rest)
        if scale * mean * ordered[capped] <= 100.0:
            return scale
    # Every age the profile gives users is at 100 % and the mean is still short: they stay at 100 %.
    return 100.0 / (mean * min(w for w in ordered if w > 0.0))


def _median(values: list[float]) -> float:
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


class AudienceModel:
    """One platform's survey data arranged by place and year of age, with memoised estimates."""

    def __init__(self, kb: KnowledgeBase, platform: Platform, bridges: Bridges) -> None:
        self.platform = platform
        self.blocked = frozenset(u.country for u in platform.unavailable)
        self.restricted = {r.country: r.kind for r in platform.restricted}
        entries = [(kb.surveys[a.survey], a) for a in platform.audience if a.survey in kb.surveys]
        # place -> age -> (percent on the reference scale, survey id): the narrowest band, broad measures, newest
        candidates: dict[str, dict[int, list[tuple[tuple[bool, int, int, int, str], float, str, tuple[int, int]]]]] = {}
        for survey, entry in entries:
            if survey.scope == "population" and len(survey.bands) == 1:
                continue  # one band for the whole population says nothing about age: its total counts below
            for label, percent in entry.bands.items():
                if percent is None:
                    continue
                low, high = _band(label)
                rank = (
                    survey.scope != "group",
                    high - low,
                    FREQUENCY_CLASS[survey.frequency],
                    -survey.year,
                    entry.survey,
                )
                value = bridges.rescaled(entry.survey, percent)
                for age in range(max(low, MIN_BAND_AGE), min(high, OLDEST) + 1):
                    candidates.setdefault(survey.country, {}).setdefault(age, []).append(
                        (rank, value, entry.survey, (low, high))
                    )
        chosen = {place: {age: min(found) for age, found in ages.items()} for place, ages in candidates.items()}
        self.by_age: dict[str, dict[int, tuple[float, str]]] = {
            place: {age: (best[1], best[2]) for age, best in ages.items()} for place, ages in chosen.items()
        }
        # place -> (percent of the whole population on the reference scale, survey id)
        self.total: dict[str, tuple[float, str]] = {}
        population = sorted(
            (
                (entry.survey != bridges.reference[entry.survey], FREQUENCY_CLASS[survey.frequency], -survey.year),
                survey.country,
                bridges.rescaled(entry.survey, entry.total),
                entry.survey,
            )
            for survey, entry in entries
            if survey.scope == "population" and entry.total is not None
        )
        for _, place, value, key in population:
            self.total.setdefault(place, (value, key))
        self.bridged = {
            key: key != bridges.reference[key] and bridges.factor[key] != 1.0 for _, a in entries for key in [a.survey]
        }
        self.reference = {a.survey: bridges.reference[a.survey] for _, a in entries}
        bands = {place: {age: best[3] for age, best in ages.items()} for place, ages in chosen.items()}
        self.profile_from, self.age_index = self._age_profile(bands)
        self.shaped: dict[str, frozenset[int]] = self._shape(bands)
        self._tables: dict[str, _AgeTable] = {}
        self._levels: dict[str, int | None] = {}

    def _age_profile(self, bands: dict[str, dict[int, tuple[int, int]]]) -> tuple[str | None, dict[int, float]]:
        """The country lending the network its age profile: with a total and two bands or more, the widest.

        One band carries no shape: a single wide band of young people (YPulse's 13-39) over a
        population total would make every age in it "1.9 times the population" in every other
        country (Telegram among young Americans: 42%, where the US has no figure at all).
        """
        candidates = [c for c in self.total if len(set(bands.get(c, {}).values())) >= 2 and self.total[c][0] > 0]
        if not candidates:
            return None, {}

        def rank(country: str) -> tuple[int, int, str]:
            preferred = PROFILE_PREFERENCE.index(country) if country in PROFILE_PREFERENCE else len(PROFILE_PREFERENCE)
            return (-len(self.by_age[country]), preferred, country)

        for country in sorted(candidates, key=rank):
            total = self.total[country][0]
            profile = {age: percent / total for age, (percent, _) in self.by_age[country].items()}
            if math.isfinite(sum(profile.values())):  # a total next to nothing (a subnormal float) gives no shape
                return country, profile
        return None, {}

    def _shape(self, bands: dict[str, dict[int, tuple[int, int]]]) -> dict[str, frozenset[int]]:
        """Give a band of several years of age the shape of the network's age profile; return the ages shaped.

        A band's figure is the mean over its ages. Where the age profile (another country's) covers
        every age of the band, each age gets the band's figure times its profile value over the
        profile's mean across the band: ARD/ZDF's 34 % of Germans aged 14-29 on Facebook stays the
        band's mean, but the teenagers in it get less than the 25-year-olds, as the profile has it.
        Where that would pass 100 % at some ages, those ages get 100 % and the others are scaled up
        until the mean is the band's again (_within_100): 98.8 % of Italians aged 13-19 on WhatsApp
        leaves no room for a 13-year-old at 85 %.
        """
        shaped: dict[str, frozenset[int]] = {}
        index = self.age_index
        for place, ages in bands.items():
            if place == self.profile_from or not index:
                continue
            done: set[int] = set()
            for (low, high), members in _by_band(ages).items():
                span = range(max(low, MIN_BAND_AGE), min(high, OLDEST) + 1)
                if len(span) < 2 or any(age not in index for age in span):
                    continue
                shape = [index[age] for age in span]
                if min(shape) == max(shape):  # the profile is flat across the band: nothing to shape
                    continue
                mean = sum(shape) / len(shape)
                weights = [v / mean for v in shape]
                scales: dict[float, float] = {}  # per band figure (one, unless two surveys share the band)
                for age in members:
                    value, survey = self.by_age[place][age]
                    if value not in scales:
                        scales[value] = _within_100(value, weights)
                    self.by_age[place][age] = (min(100.0, value * scales[value] * index[age] / mean), survey)
                    done.add(age)
            if done:
                shaped[place] = frozenset(done)
        return shaped

    def _from_profile(self, base: float, age: int) -> float:
        """A place's share at an age no band covers: its total scaled by the age profile.

        The users are scaled (total x the profile's share at that age / its share of all ages), or,
        where that is lower, the non-users are (100 - (100 - total) x the profile's non-users at
        that age / its non-users of all ages). They agree where the place's total is the profile
        country's; in a place where the network is more widespread, the second keeps the estimate
        below 100 % (YouTube among British teenagers), elsewhere the first is the lower.
        """
        index = self.age_index.get(age)
        if index is None or self.profile_from is None:
            return base
        users = base * index
        total = self.total[self.profile_from][0]
        at_age = total * index
        if users <= base or total >= 100.0:
            return min(100.0, users)
        non_users = 100.0 - (100.0 - base) * (100.0 - at_age) / (100.0 - total)
        return min(100.0, users, non_users)

    def level(self, place: str) -> int | None:
        """The most specific reach level: the country, then a group it belongs to, then global."""
        key = self.reach_key(place)
        return None if key is None else self.platform.reach[key].value

    def reach_key(self, place: str) -> str | None:
        """The key of the most specific reach level recorded for a place."""
        reach = self.platform.reach
        keys = [place] + [g for g, members in sorted(REGION_GROUPS.items()) if place in members] + [GLOBAL]
        return next((key for key in keys if key in reach), None)

    def _table(self, place: str, base: float) -> _AgeTable:
        """Per year of age 0..OLDEST: the place's percent (a band's, else base x age profile), with running counts."""
        found = self._tables.get(place)
        if found is None:
            banded = self.by_age.get(place, {})
            shaped = self.shaped.get(place, frozenset())
            values: list[float] = []
            filled = [0]
            profiled = [0]
            counts: dict[str, list[int]] = {key: [0] for key in sorted({key for _, key in banded.values()})}
            for age in range(OLDEST + 1):
                band = banded.get(age)
                values.append(self._from_profile(base, age) if band is None else band[0])
                filled.append(filled[-1] + (band is None))
                profiled.append(profiled[-1] + (band is None or age in shaped))
                for key, running in counts.items():
                    running.append(running[-1] + (band is not None and band[1] == key))
            found = self._tables[place] = _AgeTable(values, filled, profiled, counts)
        return found

    def place_share(self, place: str, ages: tuple[int, int] | None) -> PlaceShare:
        """The estimate for one place (Audiences.place_column remembers it for every platform at once)."""
        if place in self.blocked:
            return PlaceShare(place, 0.0, 0.0, "blocked")
        base, total, level = self._base(place)
        basis: Basis
        profiled = False
        if ages is None:
            share, basis, survey = base, ("total" if total else "level"), (total[1] if total else None)
        else:
            table = self._table(place, base)
            low = min(ages[0], OLDEST)  # ages beyond OLDEST count as OLDEST: open bands end there
            high = max(low, min(ages[1], OLDEST)) + 1
            share = sum(table.values[low:high]) / (high - low)
            filled = table.filled[high] - table.filled[low]
            profiled = table.profiled[high] > table.profiled[low] and self.profile_from is not None
            if filled * 2 <= high - low:
                # the survey that gave most of the ages (on a tie, the first id)
                basis, survey, most = "survey", None, 0
                for key, counts in table.banded.items():
                    if counts[high] - counts[low] > most:
                        survey, most = key, counts[high] - counts[low]
            else:
                basis, survey = ("total", total[1]) if total is not None else ("level", None)
        kind = self.restricted.get(place)
        factor = RESTRICTED_FACTOR if kind else 1.0
        return PlaceShare(place, share * factor, base * factor, basis, survey, level, kind, profiled)

    def _base(self, place: str) -> tuple[float, tuple[float, str] | None, int | None]:
        """The place's share of the whole population: (share, (total, its survey) or None, reach level or None)."""
        total = self.total.get(place)
        level = None if total is not None else self._levels.get(place, -1)
        if level == -1:
            level = self._levels[place] = self.level(place)
        base = total[0] if total is not None else (UNKNOWN_LEVEL_SHARE if level is None else LEVEL_SHARE[level])
        return base, total, level

    def _span(self, place: str, ages: tuple[int, int]) -> tuple[dict[int, tuple[float, str]], range]:
        """The place's band figures by year of age, and the asked years of age."""
        low = min(ages[0], OLDEST)  # ages beyond OLDEST count as OLDEST: open bands end there
        high = max(low, min(ages[1], OLDEST))
        return self.by_age.get(place, {}), range(low, high + 1)

    def surveys_read(self, place: str, ages: tuple[int, int] | None) -> tuple[set[str], str | None]:
        """What the estimate for one place rests on, for a report's sources.

        The surveys it took figures from (for ages no band covers: the place's total and the age
        profile's bands and total; for ages of a shaped band, the profile's bands and total too),
        each with the survey it was bridged to; and the key of the
        reach level it fell back on, if it did. A blocked place rests on its block alone.
        """
        if place in self.blocked:
            return set(), None
        _, total, _ = self._base(place)
        read: set[str] = set()
        unbanded: list[int] = []
        banded, span = self._span(place, ages) if ages is not None else ({}, range(0))
        shaped: list[int] = []
        for age in span:
            found = banded.get(age)
            if found is not None:
                read.add(found[1])
                if age in self.shaped.get(place, ()):
                    shaped.append(age)
            else:
                unbanded.append(age)
        if (ages is None or unbanded) and total is not None:
            read.add(total[1])
        if self.profile_from is not None:
            profiled = [self.by_age[self.profile_from][age][1] for age in unbanded + shaped if age in self.age_index]
            if profiled:
                read |= {*profiled, self.total[self.profile_from][1]}
        read |= {self.reference[key] for key in read if self.bridged.get(key)}
        by_level = (ages is None or bool(unbanded)) and total is None
        return read, self.reach_key(place) if by_level else None


class _AgeTable(NamedTuple):
    """One place's percent per year of age (index = age), and running counts up to each age (index = age + 1)."""

    values: list[float]
    filled: list[int]  # ages not covered by a band
    profiled: list[int]  # ages not covered by a band, or covered by one the age profile shaped
    banded: dict[str, list[int]]  # per survey (in id order): ages whose band it gave


def _by_band(ages: dict[int, tuple[int, int]]) -> dict[tuple[int, int], list[int]]:
    """The ages grouped by the band whose figure they took."""
    groups: dict[tuple[int, int], list[int]] = {}
    for age, band in sorted(ages.items()):
        groups.setdefault(band, []).append(age)
    return groups


def _band(label: str) -> tuple[int, int]:
    if label.endswith("+"):
        return int(label[:-1]), MAX_AGE
    low, _, high = label.partition("-")
    return int(low), int(high)


def _whole_population(survey: Survey) -> bool:
    """A survey of a whole population ends with an open band (65+, 70+); one of teens does not."""
    return survey.bands[-1].endswith("+")


bridges_for: PerObject[KnowledgeBase, Bridges] = PerObject(Bridges)
"""The knowledge base's bridges between surveys, computed once per knowledge base object."""


class PlaceColumn(NamedTuple):
    """Every platform's estimate for one place: % of the target ages, % of the population, the estimates."""

    shares: tuple[float, ...]
    populations: tuple[float, ...]
    items: tuple[PlaceShare, ...]
    profiled: tuple[bool, ...]  # whether some asked ages rest on the age profile (PlaceShare.profiled)
    described: dict[tuple[str, int], tuple[dict[str, Any], str]]  # (language, platform) -> rules._place's answer


class Audiences:
    """Every platform's audience model for one knowledge base, and the estimates of all of them per question.

    One question (places, ages) is answered for every platform at once and remembered: a batch asks
    the same few questions over and over.
    """

    def __init__(self, kb: KnowledgeBase) -> None:
        bridges = bridges_for(kb)
        self.models = [AudienceModel(kb, p, bridges) for p in kb.platforms]
        self.index = {id(p): i for i, p in enumerate(kb.platforms)}
        self._estimates: dict[tuple[tuple[str, ...], tuple[int, int] | None], tuple[Estimate, ...]] = {}
        self._columns: dict[tuple[str, tuple[int, int] | None], PlaceColumn] = {}
        # what a place's figure rests on, as a reason's parameters and text, per language (rules._place)
        self.places: dict[tuple[object, ...], tuple[dict[str, Any], str]] = {}

    def place_column(self, place: str, ages: tuple[int, int] | None) -> PlaceColumn:
        """Every platform's estimate for one place, as numbers (and the estimates behind them)."""
        key = (place, ages)
        found = self._columns.get(key)
        if found is None:
            if len(self._columns) >= MEMO_LIMIT:
                self._columns.clear()
            items = tuple(m.place_share(place, ages) for m in self.models)
            found = self._columns[key] = PlaceColumn(
                tuple(p.share for p in items),
                tuple(p.population for p in items),
                items,
                tuple(p.profiled for p in items),
                {},
            )
        return found

    def place_columns(self, where: tuple[str, ...], ages: tuple[int, int] | None) -> list[PlaceColumn]:
        """Every platform's estimate for each of the places."""
        return [self.place_column(place, ages) for place in where]

    def shares(self, where: tuple[str, ...], ages: tuple[int, int] | None) -> tuple[list[float], list[float]]:
        """Every platform's % of the target group and % of the population, the mean over the places."""
        return self.shares_of(self.place_columns(where, ages))

    @staticmethod
    def shares_of(columns: list[PlaceColumn]) -> tuple[list[float], list[float]]:
        """The mean over the places' columns: % of the target group, % of the population."""
        if len(columns) == 1:
            return list(columns[0].shares), list(columns[0].populations)
        n = len(columns)
        share = [total / n for total in map(sum, zip(*(c.shares for c in columns), strict=True))]
        population = [total / n for total in map(sum, zip(*(c.populations for c in columns), strict=True))]
        return share, population

    def items(self, index: int, where: tuple[str, ...], ages: tuple[int, int] | None) -> tuple[PlaceShare, ...]:
        """Platform `index`'s estimate per place."""
        return tuple(self.place_column(place, ages).items[index] for place in where)

    def estimate(self, index: int, where: tuple[str, ...], ages: tuple[int, int] | None) -> Estimate:
        """Platform `index`'s estimate for these places and ages."""
        return Estimate.of(self.items(index, where, ages), ages is not None, self.models[index].profile_from)

    def estimates(self, where: tuple[str, ...], ages: tuple[int, int] | None) -> tuple[Estimate, ...]:
        """Each platform's estimate (in the knowledge base's order) for these places and ages."""
        key = (where, ages)
        found = self._estimates.get(key)
        if found is None:
            if len(self._estimates) >= MEMO_LIMIT:
                self._estimates.clear()
            found = self._estimates[key] = tuple(self.estimate(i, where, ages) for i in range(len(self.models)))
        return found


audiences_for: PerObject[KnowledgeBase, Audiences] = PerObject(Audiences, limit=16)
"""The audience models of a knowledge base object, built once."""


def model_for(kb: KnowledgeBase, platform: Platform) -> AudienceModel:
    """The platform's audience model (one per platform of this knowledge base)."""
    audiences = audiences_for(kb)
    return audiences.models[audiences.index[id(platform)]]
