"""What the advice returns: plain immutable objects, built fast, rendered by render/ (JSON by render.json).

Named tuples, not dataclasses: one is defined in a seventh of a frozen dataclass's time (every
command imports all of these), and made faster (a batch makes some twenty per profile).

The shape of their JSON form is the contract in schemas/recommendation.json (and
schemas/comparison.json); render/json.py writes it, and a test validates real output against it.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Literal, NamedTuple

from smm_advisor.codes import Reason
from smm_advisor.vocabulary import COMPARISON_SCHEMA_VERSION, RECOMMENDATION_SCHEMA_VERSION

if TYPE_CHECKING:
    from smm_advisor.advice.profiles import Profile


Tier = Literal["recommended", "possible", "weak"]


class ReasonLine(NamedTuple):
    """One line of why a network ranks where it does: a rule's reason, + for a strength, - for a shortfall."""

    rule: str
    sign: Literal["+", "-"]
    reason: Reason

    def __str__(self) -> str:
        return f"{self.sign} {self.reason.text}"


class Contribution(NamedTuple):
    """What one rule did to a platform's score: its factor and the points it took (100 + the points = score)."""

    rule: str
    factor: float
    points: float
    reason: Reason


class Ranked(NamedTuple):
    """One recommended platform. `rank` is shared by a true tie (same score and audience share)."""

    rank: int
    platform: str
    name: str
    score: float
    tier: Tier
    tied: bool
    audience_share: float
    reasons: tuple[ReasonLine, ...]
    contributions: tuple[Contribution, ...]


class Excluded(NamedTuple):
    """A platform left out of the ranking, and why."""

    platform: str
    name: str
    reason: Reason


class KnowledgeBaseInfo(NamedTuple):
    """Which knowledge base an answer came from."""

    version: str
    as_of: date


class Stability(NamedTuple):
    """How often a platform keeps its rank and tier when the rule weights move."""

    platform: str
    rank: int
    rank_kept: float
    tier: Tier
    tier_kept: float
    fragile: bool


class Robustness(NamedTuple):
    """The stability check: each rule left out once, then weights shifted at random (seeded)."""

    runs: int
    seed: int
    spread: float
    platforms: tuple[Stability, ...]


class PortfolioPick(NamedTuple):
    """One network of a portfolio and why it is in it."""

    platform: str
    name: str
    score: float
    overlap: float
    hours_per_week: float | None
    why: Reason
    effort: Reason


class Portfolio(NamedTuple):
    """Networks that work together: diminishing returns for overlap, within an hours budget."""

    size: int
    hours_budget: float | None
    total_hours: float | None
    picks: tuple[PortfolioPick, ...]
    warnings: tuple[Reason, ...]


class Recommendation(NamedTuple):
    """The advisor's answer for one profile; render.json writes its JSON form."""

    profile: Profile
    knowledge_base: KnowledgeBaseInfo
    recommendations: tuple[Ranked, ...]
    excluded: tuple[Excluded, ...]
    portfolio: Portfolio | None = None
    robustness: Robustness | None = None
    lang: str = "en"  # the language of its texts
    schema_version: str = RECOMMENDATION_SCHEMA_VERSION


class Side(NamedTuple):
    """One network of a comparison."""

    platform: str
    name: str
    score: float
    excluded: Reason | None


class RuleDifference(NamedTuple):
    """One rule's points for both networks and the difference."""

    rule: str
    a_points: float
    b_points: float
    difference: float
    a_reason: Reason
    b_reason: Reason


class Comparison(NamedTuple):
    """`smm-advisor compare A B`: the sum of the differences is the score difference."""

    profile: Profile
    knowledge_base: KnowledgeBaseInfo
    a: Side
    b: Side
    difference: float
    rules: tuple[RuleDifference, ...]
    lang: str = "en"  # the language of its texts
    schema_version: str = COMPARISON_SCHEMA_VERSION
