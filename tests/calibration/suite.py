"""The calibration suite: expert scenarios, survey orders and discrimination, as functions.

tests/test_calibration.py asserts them; scripts/calibration.py prints the table in
docs/methodology.md from them. Nothing here is tuned to the knowledge base: the survey orders
read the surveys from it, the scenarios from scenarios.yaml.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from smm_advisor.advice.profiles import Profile, from_flags
from smm_advisor.advice.result import Recommendation
from smm_advisor.advice.scoring import recommend
from smm_advisor.knowledge.models import KnowledgeBase

HERE = Path(__file__).resolve().parent
FLAGS = {k: k for k in ("market", "goals", "age", "regions", "content", "ads", "require", "exclude")}

# The surveys whose order a pure-audience profile must follow (Kendall tau >= TAU_MIN): survey, band.
SURVEY_ORDERS: tuple[tuple[str, str], ...] = (
    ("pew-us-teens-2024", "13-17"),
    ("pew-us-adults-2025", "18-29"),
    ("pew-us-adults-2025", "65+"),
    ("jim-de-teens-2025", "12-19"),
    ("labadolescenza-it-teens-2023", "13-19"),
)
TAU_MIN = 0.6
DISCRIMINATION_PROFILES = 2_000
DISCRIMINATION_SEED = 12
MAX_TIED_FIRST = 0.02
MAX_FIRST_SHARE = 0.30
MIN_WINNERS = 10


def profile(fields: dict[str, Any]) -> Profile:
    return from_flags(dict(fields), FLAGS)


def load_scenarios() -> list[dict[str, Any]]:
    data = yaml.safe_load((HERE / "scenarios.yaml").read_text(encoding="utf-8"))
    return list(data["scenarios"])


def failures(scenario: dict[str, Any], rec: Recommendation) -> list[str]:
    """What of the scenario's bounds the recommendation breaks (empty: it passes)."""
    order = [r.platform for r in rec.recommendations]
    rank = {pid: i + 1 for i, pid in enumerate(order)}
    excluded = {e.platform for e in rec.excluded}
    expect = scenario["expect"]
    found: list[str] = []
    if "first" in expect and (not order or order[0] not in expect["first"]):
        found.append(f"first is {order[0] if order else None}, expected one of {expect['first']}")
    if "top" in expect:
        n, wanted = expect["top"]["n"], expect["top"]["include"]
        inside = [p for p in wanted if rank.get(p, 999) <= n]
        if (expect["top"].get("any") and not inside) or (not expect["top"].get("any") and len(inside) < len(wanted)):
            found.append(f"top {n} is {order[:n]}, expected {wanted}")
    if "within" in expect:
        n, only = expect["within"]["n"], expect["within"]["only"]
        stray = [p for p in order[:n] if p not in only]
        if stray:
            found.append(f"top {n} is {order[:n]}: {stray} not among {only}")
    for a, b in expect.get("before", []):
        if rank.get(a, 999) >= rank.get(b, 999):
            found.append(f"{a} (#{rank.get(a)}) is not above {b} (#{rank.get(b)})")
    if "not_top" in expect:
        n, ids = expect["not_top"]["n"], expect["not_top"]["ids"]
        inside = [p for p in ids if rank.get(p, 999) <= n]
        if inside:
            found.append(f"{inside} within the top {n}: {order[:n]}")
    missing = [p for p in expect.get("excluded", []) if p not in excluded]
    if missing:
        found.append(f"{missing} not excluded")
    return found


def kendall_tau(first: list[str], second: list[str]) -> float:
    """Kendall's tau-a between two orders of the same items."""
    pos = {item: i for i, item in enumerate(second)}
    n = len(first)
    concordant = discordant = 0
    for i in range(n):
        for j in range(i + 1, n):
            if pos[first[i]] < pos[first[j]]:
                concordant += 1
            else:
                discordant += 1
    pairs = n * (n - 1) / 2
    return (concordant - discordant) / pairs if pairs else 1.0


@dataclass(frozen=True)
class SurveyOrder:
    survey: str
    band: str
    survey_order: list[str]
    model_order: list[str]
    tau: float


def survey_order(kb: KnowledgeBase, survey_id: str, band: str) -> SurveyOrder:
    """A pure-audience profile (B2C, awareness, the band, the survey's country) against the survey.

    Compared: the broadcast networks (not messengers) with a number for the band, by that number
    (ties by id), against their order in the recommendation.
    """
    survey = kb.surveys[survey_id]
    values: dict[str, float] = {}
    for p in kb.platforms:
        if p.messenger.value is True:
            continue
        for entry in p.audience:
            if entry.survey == survey_id and entry.bands.get(band) is not None:
                values[p.id] = float(entry.bands[band])  # type: ignore[arg-type]
    age = band
    rec = recommend(kb, profile({"market": "b2c", "goals": ["awareness"], "age": age, "regions": [survey.country]}))
    ranked = [r.platform for r in rec.recommendations if r.platform in values]
    expected = sorted(values, key=lambda pid: (-values[pid], pid))
    return SurveyOrder(survey_id, band, expected, ranked, kendall_tau(expected, ranked))


MARKETS = ("b2b", "b2c", "both")
MARKET_WEIGHTS = (0.35, 0.5, 0.15)
GOALS = (
    "awareness", "image", "leads", "sales", "traffic", "support", "loyalty", "feedback", "exchange", "community",
    "recruiting",
)  # fmt: skip
AGES = ("13-17", "16-24", "18-29", "18-34", "25-34", "25-54", "30-49", "35-54", "45-64", "50-69", "65+", "18-65")
REGIONS = (
    ("DE", 16), ("US", 14), ("dach", 8), ("GB", 6), ("AT", 4), ("CH", 4), ("FR", 4), ("eu", 5), ("global", 8),
    ("CN", 5), ("JP", 4), ("KR", 3), ("RU", 3), ("BR", 2), ("IN", 2), ("ES", 2), ("IT", 2), ("greater-china", 2),
    ("apac", 2), ("TW", 1), ("TH", 1),
)  # fmt: skip
FORMATS = ("text", "image", "short-video", "long-video", "live", "stories", "chat")


def random_profiles(n: int, seed: int) -> list[dict[str, Any]]:
    """Plausible profiles: a market, 1-3 goals, mostly an age bracket, 1-2 regions, mostly 1-3 formats."""
    rnd = random.Random(seed)
    names, weights = zip(*REGIONS, strict=True)
    out: list[dict[str, Any]] = []
    for _ in range(n):
        fields: dict[str, Any] = {
            "market": rnd.choices(MARKETS, MARKET_WEIGHTS)[0],
            "goals": rnd.sample(GOALS, rnd.randint(1, 3)),
            "regions": sorted(set(rnd.choices(names, weights, k=rnd.choice((1, 1, 1, 2))))),
        }
        if rnd.random() < 0.75:
            fields["age"] = rnd.choice(AGES)
        if rnd.random() < 0.85:
            fields["content"] = rnd.sample(FORMATS, rnd.randint(1, 3))
        ads = rnd.random()
        if ads < 0.4:
            fields["ads"] = True
        elif ads < 0.6:
            fields["ads"] = False
        out.append(fields)
    return out


@dataclass(frozen=True)
class Discrimination:
    profiles: int
    tied_first: float
    winners: Counter[str]

    @property
    def top_share(self) -> tuple[str, float]:
        pid, count = self.winners.most_common(1)[0]
        return pid, count / self.profiles


def discrimination(
    kb: KnowledgeBase, n: int = DISCRIMINATION_PROFILES, seed: int = DISCRIMINATION_SEED
) -> Discrimination:
    """How often first place is tied, and which networks come first, over n seeded random profiles."""
    tied = 0
    winners: Counter[str] = Counter()
    for fields in random_profiles(n, seed):
        ranked = recommend(kb, profile(fields)).recommendations
        if not ranked:
            continue
        winners[ranked[0].platform] += 1
        tied += ranked[0].tied
    return Discrimination(n, tied / n, winners)
