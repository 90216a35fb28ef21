"""Pydantic models: the profile, the knowledge base and the recommendation."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from smm_advisor.vocabulary import (
    RECOMMENDATION_SCHEMA_VERSION,
    RULE_NAMES,
    ContentFormat,
    Goal,
    LengthCounting,
    LifecycleState,
    Market,
    Requirement,
    RuleName,
    TextKind,
)

Strength = Annotated[int, Field(ge=0, le=3, description="0 none, 1 weak, 2 good, 3 strong")]
Percent = Annotated[float, Field(ge=0, le=100)]
Age = Annotated[int, Field(ge=13, le=120)]
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


class GoalFit(Sourced):
    """How well the network serves one marketing goal, and why."""

    level: Strength
    reason: str = Field(min_length=3)
    reason_de: str | None = Field(default=None, description="the reason in German")


class Unavailable(Sourced):
    """A country where the network cannot be reached (blocked, withdrawn, never launched)."""

    country: str = Field(pattern=r"^[A-Z]{2}$")
    reason: str = Field(min_length=3)
    reason_de: str | None = Field(default=None, description="the reason in German")


class AgeBand(Frozen):
    """One published age band of a survey and the share of that band using the network."""

    min: Age
    max: Age | None = Field(default=None, description="null for an open band such as 65+")
    percent: Percent | None
    unknown: str | None = None

    @model_validator(mode="after")
    def _check(self) -> AgeBand:
        if self.max is not None and self.max < self.min:
            raise ValueError(f"max {self.max} is below min {self.min}")
        if self.percent is None and not self.unknown:
            raise ValueError("percent is null: give the reason in 'unknown'")
        return self

    @property
    def label(self) -> str:
        return f"{self.min}+" if self.max is None else f"{self.min}-{self.max}"


class AudienceSurvey(Sourced):
    """Reach of the network by age band, as one named survey published it."""

    survey: str = Field(min_length=3)
    country: str = Field(pattern=r"^[A-Z]{2}$")
    year: int = Field(ge=2000, le=2100)
    unit: str = Field(min_length=3, description="what percent means, e.g. 'ever use', 'weekly'")
    population: str = Field(min_length=3)
    total_percent: Percent | None = None
    bands: tuple[AgeBand, ...] = ()


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
    audience: tuple[AudienceSurvey, ...] = ()
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


RuleWeights = dict[RuleName, Annotated[float, Field(ge=0, le=100)]]


class KnowledgeBase(Frozen):
    """The validated knowledge base: sources, rule weights and platforms."""

    version: str = Field(min_length=1)
    as_of: date
    sources: dict[str, Source] = {}
    rules: RuleWeights
    platforms: tuple[Platform, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> KnowledgeBase:
        from smm_advisor.knowledge.facts import cited_keys

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


# --------------------------------------------------------------------------- profile


class AgeRange(Frozen):
    """The audience's age range, inclusive."""

    min: Age
    max: Age

    @model_validator(mode="after")
    def _ordered(self) -> AgeRange:
        if self.min > self.max:
            from smm_advisor.i18n import t

            raise ValueError(t("p.age_order", min=self.min, max=self.max))
        return self

    def __str__(self) -> str:
        return f"{self.min}-{self.max}"


class Profile(Frozen):
    """A business described for the advisor, normalised (ids lower-case, sorted, unique)."""

    market: Market = "both"
    goals: tuple[Goal, ...] = ()
    age: AgeRange | None = None
    regions: tuple[str, ...] = ("global",)
    content: tuple[ContentFormat, ...] = ()
    ads: bool | None = None
    weights: dict[RuleName, Annotated[float, Field(ge=0, le=10)]] = Field(
        default={}, description="a factor per rule, multiplying the knowledge base's weight (0 switches it off)"
    )
    require: tuple[Requirement, ...] = Field(default=(), description="hard requirements a network must meet")
    exclude: tuple[str, ...] = Field(default=(), description="platform ids never to recommend")


class ProfileFile(Frozen):
    """A profile file as people write it (YAML or JSON); its keys mirror the command-line flags.

    Words are case-insensitive and synonyms are accepted (German goal names such as Bekanntheit,
    Anfragen, Abverkauf; 'reels' for short-video), so the lists are strings here; the advisor
    normalises them into a Profile and names every word it does not know.
    """

    market: str | None = Field(default=None, description="b2b, b2c or both", examples=["b2b"])
    goals: list[str] = Field(
        default=[],
        description="awareness, image, leads, sales, traffic, support, loyalty, feedback, exchange, "
        "community, recruiting (or the seed's German names)",
        examples=[["leads", "image"]],
    )
    age: str | AgeRange | None = Field(default=None, description="'25-54', '65+' or {min, max}", examples=["25-54"])
    regions: list[str] = Field(
        default=[], description="ISO 3166-1 alpha-2 codes or dach, eu, global", examples=[["DE", "AT", "CH"]]
    )
    content: list[str] = Field(
        default=[], description="text, image, short-video, long-video, live, stories, chat", examples=[["image"]]
    )
    ads: bool | None = Field(default=None, description="a paid-advertising budget or not")
    weights: dict[str, float] = Field(
        default={}, description="RULE: FACTOR, multiplying the knowledge base's weight", examples=[{"audience_age": 2}]
    )
    require: list[str] = Field(
        default=[], description="ads, b2b, b2c or a content format the network must support well", examples=[["ads"]]
    )
    exclude: list[str] = Field(default=[], description="platform ids never to recommend", examples=[["tiktok"]])


# --------------------------------------------------------------------------- recommendation


class Contribution(Frozen):
    """What one rule added to or took from a platform's score."""

    rule: str
    points: float
    reason: str


class Ranked(Frozen):
    """One recommended platform."""

    rank: int = Field(ge=1)
    platform: str
    name: str
    score: float = Field(ge=0, le=100)
    reasons: tuple[str, ...] = Field(description="what moved the score, strongest first, signed")
    contributions: tuple[Contribution, ...] | None = Field(
        default=None, description="every rule's points (with --explain); 50 + their sum = score"
    )


class Excluded(Frozen):
    """A platform left out of the ranking, and why."""

    platform: str
    name: str
    reason: str


class KnowledgeBaseInfo(Frozen):
    """Which knowledge base an answer came from."""

    version: str
    as_of: date


class Stability(Frozen):
    """How often a platform keeps its rank and tier when the rule weights move."""

    platform: str
    rank: int
    rank_kept: float = Field(ge=0, le=1, description="share of runs in which it keeps its rank")
    tier: Literal["recommended", "possible", "weak"]
    tier_kept: float = Field(ge=0, le=1, description="share of runs in which it keeps its tier")
    fragile: bool = Field(description="keeps its rank in fewer than 60% of runs")


class Robustness(Frozen):
    """The stability check: each rule left out once, then weights shifted at random (seeded)."""

    runs: int
    seed: int
    spread: float = Field(description="weights are multiplied by a factor within 1 +- spread")
    platforms: tuple[Stability, ...]


class PortfolioPick(Frozen):
    """One network of a portfolio and why it is in it."""

    platform: str
    name: str
    score: float
    overlap: float = Field(ge=0, le=1, description="largest overlap with the networks picked before it")
    hours_per_week: float | None
    why: str
    effort: str


class Portfolio(Frozen):
    """Networks that work together: diminishing returns for overlap, within an hours budget."""

    size: int
    hours_budget: float | None
    total_hours: float | None
    picks: tuple[PortfolioPick, ...]
    warnings: tuple[str, ...]


class Recommendation(Frozen):
    """The advisor's answer for one profile; its JSON form is the `recommend --format json` output."""

    schema_version: str = RECOMMENDATION_SCHEMA_VERSION
    profile: Profile
    knowledge_base: KnowledgeBaseInfo
    recommendations: tuple[Ranked, ...]
    excluded: tuple[Excluded, ...]
    portfolio: Portfolio | None = Field(default=None, description="with --portfolio N (schema 1.1)")
    robustness: Robustness | None = Field(default=None, description="with --robustness (schema 1.1)")
