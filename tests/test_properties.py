"""Property tests over generated profiles and generated knowledge bases.

CI runs the default profile (a few hundred examples per property); `HYPOTHESIS_PROFILE=long`
runs 10,000 examples per property.
"""

from __future__ import annotations

import os
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smm_advisor.advice.profiles import from_flags
from smm_advisor.advice.scoring import recommend
from smm_advisor.knowledge.models import GoalFit, KnowledgeBase, Profile, Recommendation
from smm_advisor.knowledge.store import load_knowledge_base
from smm_advisor.vocabulary import CONTENT_FORMATS, GOALS, MARKETS
from tests.conftest import SRC, WEIGHTS, kb_data, platform_data

settings.register_profile("default", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=10_000, deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

KB = load_knowledge_base(None)
REGIONS = ["global", "dach", "eu", "DE", "AT", "CH", "US", "CN", "FR", "JP", "IN", "BR", "NO"]
FLAGS = {"market": "--market", "goals": "--goal", "age": "--age", "regions": "--region", "content": "--content"}


@st.composite
def profiles(draw: st.DrawFn) -> dict[str, Any]:
    lo = draw(st.integers(13, 120))
    hi = draw(st.integers(lo, 120))
    raw: dict[str, Any] = {
        "market": draw(st.sampled_from(MARKETS)),
        "goals": draw(st.lists(st.sampled_from(GOALS), max_size=5)),
        "regions": draw(st.lists(st.sampled_from(REGIONS), max_size=4)),
        "content": draw(st.lists(st.sampled_from(CONTENT_FORMATS), max_size=4)),
    }
    if draw(st.booleans()):
        raw["age"] = f"{lo}-{hi}"
    ads = draw(st.sampled_from([None, True, False]))
    if ads is not None:
        raw["ads"] = ads
    if draw(st.booleans()):
        rules = st.sampled_from(sorted(WEIGHTS))
        raw["weights"] = draw(st.dictionaries(rules, st.sampled_from([0.0, 0.5, 2.0, 10.0]), max_size=3))
        raw["require"] = draw(st.lists(st.sampled_from(["ads", "b2b", "b2c", "image", "chat"]), max_size=2))
        raw["exclude"] = draw(st.lists(st.sampled_from(["tiktok", "x", "a", "b"]), max_size=2))
    return raw


def check_invariants(kb: KnowledgeBase, rec: Recommendation) -> None:
    ranked = rec.recommendations
    assert [r.rank for r in ranked] == list(range(1, len(ranked) + 1))
    assert all(0 <= r.score <= 100 for r in ranked)
    keys = [(-r.score, r.platform) for r in ranked]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)
    for r in ranked:
        assert round(50 + sum(c.points for c in r.contributions or ()), 1) == r.score
    assert {r.platform for r in ranked} | {e.platform for e in rec.excluded} == {p.id for p in kb.platforms}


@given(profiles())
def test_no_valid_profile_breaks_an_invariant_on_the_bundled_kb(raw: dict[str, Any]) -> None:
    rec = recommend(KB, from_flags(raw, FLAGS))
    check_invariants(KB, rec)
    assert rec == recommend(KB, from_flags(raw, FLAGS))


@given(profiles(), st.randoms(use_true_random=False))
def test_the_order_of_repeated_inputs_changes_nothing(raw: dict[str, Any], rnd: Any) -> None:
    shuffled = dict(raw)
    for key in ("goals", "regions", "content"):
        items = list(raw[key]) * 2
        rnd.shuffle(items)
        shuffled[key] = [item.upper() if rnd.random() < 0.5 else item for item in items]
    assert recommend(KB, from_flags(raw, FLAGS)) == recommend(KB, from_flags(shuffled, FLAGS))


levels = st.integers(0, 3)


def fact(value: int) -> dict[str, Any]:
    return {"value": value, **SRC}


@st.composite
def platforms(draw: st.DrawFn, pid: str) -> dict[str, Any]:
    bands = [(13, 29), (30, 49), (50, 64), (65, None)]
    survey = {
        "survey": "Survey",
        "country": draw(st.sampled_from(["US", "DE"])),
        "year": draw(st.integers(2020, 2026)),
        "unit": "ever use",
        "population": "adults",
        "bands": [
            {"min": lo, "max": hi, "percent": draw(st.one_of(st.none(), st.floats(0, 100)))} | {"unknown": "n/a"}
            for lo, hi in bands
        ],
        **SRC,
    }
    state = draw(st.sampled_from(["active", "active", "renamed", "pivoted", "discontinued"]))
    lifecycle: dict[str, Any] = {"state": state, **SRC}
    if state != "active":
        lifecycle |= {"since": "2020-01-01", "change": "changed"}
    return platform_data(
        pid,
        lifecycle=lifecycle,
        orientation={"b2b": fact(draw(levels)), "b2c": fact(draw(levels))},
        formats={f: fact(draw(levels)) for f in draw(st.lists(st.sampled_from(CONTENT_FORMATS), unique=True))},
        reach={
            "global": fact(draw(levels)),
            **{r: fact(draw(levels)) for r in draw(st.sets(st.sampled_from(["DE", "US", "dach", "eu"])))},
        },
        unavailable=[
            {"country": c, "reason": "blocked", **SRC} for c in draw(st.sets(st.sampled_from(["CN", "DE", "US"])))
        ],
        audience=[survey] if draw(st.booleans()) else [],
        goals={g: {"level": draw(levels), "reason": "a reason", **SRC} for g in draw(st.sets(st.sampled_from(GOALS)))},
        self_serve_ads={"value": draw(st.booleans()), **SRC},
    )


@st.composite
def knowledge_bases(draw: st.DrawFn) -> KnowledgeBase:
    ids = draw(st.lists(st.sampled_from(["a", "b", "c", "d", "e", "f"]), min_size=1, max_size=6, unique=True))
    weights = {rule: draw(st.sampled_from([0.0, 0.5, 1.0, 3.0])) for rule in WEIGHTS}
    return KnowledgeBase.model_validate(kb_data(*[draw(platforms(pid)) for pid in ids], rules=weights))


@given(knowledge_bases(), profiles())
def test_generated_knowledge_bases_never_break_an_invariant(kb: KnowledgeBase, raw: dict[str, Any]) -> None:
    profile = from_flags(raw, FLAGS)
    rec = recommend(kb, profile)
    check_invariants(kb, rec)
    reordered = kb.model_copy(update={"platforms": tuple(reversed(kb.platforms))})
    assert recommend(reordered, profile) == rec


@given(knowledge_bases(), profiles(), st.sampled_from(GOALS))
def test_a_stronger_matching_goal_never_lowers_a_score(kb: KnowledgeBase, raw: dict[str, Any], goal: str) -> None:
    profile = from_flags({**raw, "goals": [goal]}, FLAGS)
    target = kb.platforms[0]
    fit = GoalFit.model_validate({"level": 0, "reason": "a reason", **SRC})
    weaker: dict[str, GoalFit] = {**{str(k): v for k, v in target.goals.items()}, goal: fit}
    low_kb = kb.model_copy(update={"platforms": (target.model_copy(update={"goals": weaker}), *kb.platforms[1:])})
    high = {**weaker, goal: weaker[goal].model_copy(update={"level": 3})}
    high_kb = kb.model_copy(update={"platforms": (target.model_copy(update={"goals": high}), *kb.platforms[1:])})

    def score(k: KnowledgeBase) -> float | None:
        return next((r.score for r in recommend(k, profile).recommendations if r.platform == target.id), None)

    low, high_score = score(low_kb), score(high_kb)
    if low is not None and high_score is not None:
        assert high_score >= low


def test_profiles_strategy_produces_valid_profiles() -> None:
    assert isinstance(from_flags({"market": "b2b", "age": "13-13"}, FLAGS), Profile)
