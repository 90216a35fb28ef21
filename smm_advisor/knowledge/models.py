"""The knowledge base's file format as pydantic models: to validate a file once (then cached) and for its schema.

Past validation the advisor works on plain objects (the cache's snapshot), not on these models.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from smm_advisor.knowledge.facts import cited_keys
from smm_advisor.vocabulary import (
    MAX_AGE,
    MIN_BAND_AGE,
    RULE_NAMES,
    ContentFormat,
    Frequency,
    Goal,
    LengthCounting,
    LifecycleState,
    RestrictionKind,
    RuleName,
    TextKind,
)

Strength = Annotated[int, Field(ge=0, le=3, description="0 none, 1 weak, 2 good, 3 strong")]
Percent = Annotated[float, Field(ge=0, le=100)]
Age = Annotated[int, Field(ge=10, le=120)]
PlatformId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=40)]


class Frozen(BaseModel):
    """Base of every model: unknown keys are errors, instances are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --------------------------------------------------------------------------- knowledge base


class Source(Frozen):
    """A document a fact was read in."""

    title: str = Field(min_length=1)
    url: str = Field(pattern=r"^https?://\S+$")
    publisher: str | None = None
    published: date | None = None


class Sourced(Frozen):
    """Where a fact comes from and how old it is.

    `source` is a key of the knowledge base's `sources` table, or a source written in place.
    """

    source: str | Source
    as_of: date = Field(description="the date the value describes (survey field end, doc date)")
    checked: date | None = Field(
        default=None,
        description="when a maintainer last searched for a newer value and found none",
    )
    note: str | None = None


class _Fact(Sourced):
    """A sourced value; subclasses type `value`. `value: null` needs `unknown` saying why."""

    unknown: str | None = None

    @model_validator(mode="after")
    def _unknown_needs_reason(self) -> _Fact:
        if getattr(self, "value", None) is None and not self.unknown:
            raise ValueError("value is null: give the reason in 'unknown'")
        return self


class Level(_Fact):
    """A sourced strength from 0 (none) to 3 (strong)."""

    value: Strength | None


class Flag(_Fact):
    """A sourced yes/no."""

    value: bool | None


class Text(_Fact):
    """A sourced short text."""

    value: str | None


class Lifecycle(Sourced):
    """Whether the network still runs, and what changed."""

    state: LifecycleState
    since: date | None = None
    former_names: tuple[str, ...] = ()
    change: str | None = None
    change_de: str | None = Field(default=None, description="the change in German")

    @model_validator(mode="after")
    def _dated_change(self) -> Lifecycle:
        if self.state != "active" and (self.since is None or not self.change):
            raise ValueError(f"state {self.state!r} needs 'since' (a date) and 'change'")
        return self


class Orientation(Frozen):
    """How well the network serves business-to-business and business-to-consumer marketing."""

    b2b: Level
    b2c: Level


class MarketGoal(Sourced):
    """How well the network serves a goal in one market (B2B or B2C), where a source says it differs."""

    level: Strength
    reason: str = Field(min_length=3)
    reason_de: str | None = Field(default=None, description="the reason in German")


class GoalFit(Sourced):
    """How well the network serves one marketing goal, and why; `b2b`/`b2c` where the market changes it."""

    level: Strength
    reason: str = Field(min_length=3)
    reason_de: str | None = Field(default=None, description="the reason in German")
    b2b: MarketGoal | None = None
    b2c: MarketGoal | None = None


class Unavailable(Sourced):
    """A country where the network cannot be reached (blocked, withdrawn, never launched)."""

    country: str = Field(pattern=r"^[A-Z]{2}$")
    reason: str = Field(min_length=3)
    reason_de: str | None = Field(default=None, description="the reason in German")


class Restriction(Sourced):
    """A partial restriction in one country: throttled, removed from app stores, features blocked."""

    country: str = Field(pattern=r"^[A-Z]{2}$")
    kind: RestrictionKind
    reason: str = Field(min_length=3)
    reason_de: str | None = Field(default=None, description="the reason in German")


BandLabel = Annotated[str, Field(pattern=r"^\d{1,3}(-\d{1,3}|\+)$", description="'18-29' or an open band '65+'")]


def band_range(label: str) -> tuple[int, int | None]:
    """'18-29' -> (18, 29); '65+' -> (65, None)."""
    if label.endswith("+"):
        return int(label[:-1]), None
    low, _, high = label.partition("-")
    return int(low), int(high)


class Survey(Sourced):
    """A survey of who uses which network: described once, cited by every platform's audience entry.

    `scope: population` for a survey of a country's whole (adult, online) population, whose
    `total` is a network's share of that population; `scope: group` for a survey of one group
    (teens), whose total says nothing about the population.
    """

    name: str = Field(min_length=3)
    label: str = Field(min_length=3, max_length=40, description="a short name for reasons, e.g. 'Pew 2025'")
    label_de: str | None = Field(
        default=None, min_length=3, max_length=40, description="the short name in German, where it has words"
    )
    country: str = Field(pattern=r"^([A-Z]{2}|global)$", description="ISO 3166-1 alpha-2, or global")
    year: int = Field(ge=2000, le=2100)
    unit: str = Field(min_length=3, description="what percent means, e.g. '% who ever use it'")
    frequency: Frequency = Field(description="how often the counted people use a network")
    scope: Literal["population", "group"] = Field(description="a whole population, or one group such as teens")
    population: str = Field(min_length=3)
    bands: tuple[BandLabel, ...] = Field(min_length=1, description="the published age bands, youngest first")

    @model_validator(mode="after")
    def _check(self) -> Survey:
        previous_top = -1
        for label in self.bands:
            low, high = band_range(label)
            if low < MIN_BAND_AGE or (high is not None and (high < low or high > MAX_AGE)):
                raise ValueError(f"band {label!r} is not an age range within {MIN_BAND_AGE}-{MAX_AGE}")
            if low <= previous_top:
                raise ValueError(f"band {label!r} overlaps the band before it (bands go youngest first)")
            if high is None and label != self.bands[-1]:
                raise ValueError(f"the open band {label!r} must be the last")
            previous_top = high if high is not None else MAX_AGE
        return self


class Audience(Sourced):
    """One network's numbers in one survey: its share of the whole population and of each band."""

    survey: str = Field(min_length=1, description="a key of the knowledge base's `surveys`")
    total: Percent | None = Field(description="% of the survey's whole population; null when not published")
    bands: dict[BandLabel, Percent | None] = Field(default={}, description="% of each band; null when not found")
    unknown: str | None = Field(default=None, description="why a null is null")

    @model_validator(mode="after")
    def _check(self) -> Audience:
        if (self.total is None or None in self.bands.values()) and not self.unknown:
            raise ValueError("a total or band is null: give the reason in 'unknown'")
        return self


class TextLimit(Sourced):
    """The length limit for one kind of text and how the network counts it."""

    kind: TextKind
    limit: int | None = Field(ge=1)
    counting: LengthCounting
    url_length: int | None = Field(default=None, ge=1, description="every URL counts as this many units")
    unknown: str | None = None

    @model_validator(mode="after")
    def _check(self) -> TextLimit:
        if self.limit is None and not self.unknown:
            raise ValueError("limit is null: give the reason in 'unknown'")
        return self


class HashtagRule(Sourced):
    """How many hashtags a post may carry (null: no published cap)."""

    max_per_post: int | None = Field(ge=0)


class LinkRule(Sourced):
    """Whether links in the body are clickable and how many are allowed."""

    clickable_in_text: bool | None
    max_per_post: int | None = Field(default=None, ge=0)


class Overlap(Sourced):
    """A network whose audience or formats overlap this one's."""

    platform: PlatformId
    level: Strength
    reason: str = Field(min_length=3)


class Effort(Sourced):
    """What keeping one network going costs: posts a week and hours per post, and why."""

    posts_per_week: float | None = Field(ge=0, le=100)
    hours_per_post: float | None = Field(gt=0, le=40)
    reason: str = Field(min_length=3)
    reason_de: str | None = Field(default=None, description="the reason in German")
    unknown: str | None = None

    @model_validator(mode="after")
    def _check(self) -> Effort:
        if (self.posts_per_week is None or self.hours_per_post is None) and not self.unknown:
            raise ValueError("posts_per_week or hours_per_post is null: give the reason in 'unknown'")
        return self

    @property
    def hours_per_week(self) -> float | None:
        if self.posts_per_week is None or self.hours_per_post is None:
            return None
        return self.posts_per_week * self.hours_per_post


class Users(Sourced):
    """Size of the network, as the named metric."""

    value: int | None = Field(ge=0)
    metric: str = Field(min_length=2, description="e.g. 'monthly active users'")
    unknown: str | None = None


class SeedClaim(Sourced):
    """A claim of the 2017 seed text, kept as dated history next to what replaced it."""

    claim: str = Field(min_length=3)
    claimed: date
    verdict: Literal["holds", "outdated", "wrong", "unverified"]
    today: str = Field(min_length=3)


class Platform(Frozen):
    """Every trait the advisor knows about one social network."""

    id: PlatformId
    name: str = Field(min_length=1)
    aliases: tuple[PlatformId, ...] = ()
    operator: Text
    lifecycle: Lifecycle
    orientation: Orientation
    formats: dict[ContentFormat, Level] = {}
    reach: dict[str, Level]
    unavailable: tuple[Unavailable, ...] = ()
    restricted: tuple[Restriction, ...] = ()
    audience: tuple[Audience, ...] = ()
    goals: dict[Goal, GoalFit] = {}
    self_serve_ads: Flag
    messenger: Flag
    ephemeral: Flag
    text_limits: tuple[TextLimit, ...] = ()
    hashtags: HashtagRule | None = None
    links: LinkRule | None = None
    overlaps: tuple[Overlap, ...] = ()
    effort: Effort | None = None
    users: Users | None = None
    history: tuple[SeedClaim, ...] = ()

    @model_validator(mode="after")
    def _check(self) -> Platform:
        from smm_advisor.vocabulary import GLOBAL, region_keys

        known = set(region_keys())
        bad = sorted(k for k in self.reach if k not in known)
        if bad:
            raise ValueError(f"unknown reach region(s) {bad} (allowed: global, dach, eu, ISO codes)")
        if GLOBAL not in self.reach:
            raise ValueError("reach needs a 'global' entry")
        kinds = [t.kind for t in self.text_limits]
        dupes = sorted({k for k in kinds if kinds.count(k) > 1})
        if dupes:
            raise ValueError(f"text_limits lists kind(s) {dupes} more than once")
        return self


Weight = Annotated[float, Field(ge=0, le=100)]


class MarketWeights(Frozen):
    """A rule weight that depends on the profile's market."""

    b2b: Weight
    b2c: Weight
    both: Weight


RuleWeights = dict[RuleName, Weight | MarketWeights]


class KnowledgeBase(Frozen):
    """The validated knowledge base: sources, rule weights and platforms."""

    version: str = Field(min_length=1)
    as_of: date
    sources: dict[str, Source] = {}
    surveys: dict[str, Survey] = {}
    rules: RuleWeights
    platforms: tuple[Platform, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> KnowledgeBase:
        problems: list[str] = []
        missing_rules = sorted(set(RULE_NAMES) - set(self.rules))
        if missing_rules:
            problems.append(f"rules: weight missing for {missing_rules}")
        names: dict[str, str] = {}
        for p in self.platforms:
            for name in (p.id, *p.aliases):
                if name in names:
                    problems.append(f"platform name {name!r} used by {names[name]} and {p.id}")
                names[name] = p.id
        ids = {p.id for p in self.platforms}
        for p in self.platforms:
            for o in p.overlaps:
                if o.platform not in ids:
                    problems.append(f"{p.id}: overlap with unknown platform {o.platform!r}")
            for key in cited_keys(p):
                if key not in self.sources:
                    problems.append(f"{p.id}: source {key!r} is not in 'sources'")
            problems += _audience_problems(p, self.surveys)
        for key, survey in self.surveys.items():
            if isinstance(survey.source, str) and survey.source not in self.sources:
                problems.append(f"surveys.{key}: source {survey.source!r} is not in 'sources'")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def platform(self, platform_id: str) -> Platform:
        for p in self.platforms:
            if p.id == platform_id:
                return p
        raise KeyError(platform_id)

    def source(self, ref: str | Source) -> Source:
        return ref if isinstance(ref, Source) else self.sources[ref]


def _audience_problems(platform: Platform, surveys: dict[str, Survey]) -> list[str]:
    problems: list[str] = []
    seen: set[str] = set()
    for entry in platform.audience:
        survey = surveys.get(entry.survey)
        if survey is None:
            problems.append(f"{platform.id}: audience survey {entry.survey!r} is not in 'surveys'")
            continue
        if entry.survey in seen:
            problems.append(f"{platform.id}: audience lists survey {entry.survey!r} twice")
        seen.add(entry.survey)
        stray = sorted(set(entry.bands) - set(survey.bands))
        if stray:
            problems.append(
                f"{platform.id}: audience {entry.survey}: band(s) {stray} not in the survey's {list(survey.bands)}"
            )
    countries = {u.country for u in platform.unavailable}
    both = sorted(countries & {r.country for r in platform.restricted})
    if both:
        problems.append(f"{platform.id}: {both} listed as both unavailable and restricted")
    return problems


# --------------------------------------------------------------------------- profile


class AgeSpec(Frozen):
    """An age range written as a mapping."""

    min: int | str = Field(description="10-120")
    max: int | str = Field(description="10-120, at least min")


Words = str | list[str] | None  # one word may stand for a list; empty (null) is no words
Regions = str | Literal[False] | list[str | Literal[False]] | None


class ProfileFile(Frozen):
    """A profile file as people write it (YAML or JSON); its keys mirror the command-line flags.

    The schema of what the tool accepts; the advisor's normaliser (advice/profiles.py) checks the
    rest. Words are case-insensitive and synonyms are accepted (German goal names such as
    Bekanntheit, Anfragen, Abverkauf; 'reels' for short-video); a single word may stand for a list.
    YAML 1.1 pitfalls: a standard YAML loader reads NO, No, no, OFF, Off, off, YES, ON (and true and
    false in any case) as booleans. smm-advisor's reader keeps all but true and false as written, so
    `regions: NO` means Norway, and `ads: yes` means true; this schema accepts `false` among the
    regions (a YAML 1.1 Norway) so that a file the tool accepts validates after a standard loader.
    Quote such words ('NO') to be safe with every tool; in JSON, write "NO".
    """

    market: str = Field(default="both", description="b2b, b2c or both", examples=["b2b"])
    goals: Words = Field(
        default=[],
        description="awareness, image, leads, sales, traffic, support, loyalty, feedback, exchange, "
        "community, recruiting (or the seed's German names)",
        examples=[["leads", "image"], "leads"],
    )
    age: str | AgeSpec | None = Field(default=None, description="'25-54', '65+' or {min, max}", examples=["25-54"])
    regions: Regions = Field(
        default=[],
        description="ISO 3166-1 alpha-2 codes or dach, eu, apac, greater-china, global; false: NO (Norway) as a "
        "YAML 1.1 loader reads it",
        examples=[["DE", "AT", "CH"], "NO"],
    )
    content: Words = Field(
        default=[], description="text, image, short-video, long-video, live, stories, chat", examples=[["image"]]
    )
    ads: bool | str | None = Field(default=None, description="a paid-advertising budget or not (true/false, yes/no)")
    weights: dict[str, float | str] = Field(
        default={},
        description="RULE: FACTOR (0-10), multiplying the knowledge base's weight",
        examples=[{"audience": 2}],
    )
    require: Words = Field(
        default=[], description="ads, b2b, b2c or a content format the network must support well", examples=[["ads"]]
    )
    exclude: Words = Field(default=[], description="platform ids never to recommend", examples=[["tiktok"]])
