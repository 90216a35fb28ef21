"""Property tests over generated profiles and generated knowledge bases.

CI runs the default profile (a few hundred examples per property); `HYPOTHESIS_PROFILE=long`
runs 10,000 examples per property.
"""

from __future__ import annotations

import os
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smm_advisor.advice.profiles import Profile, from_flags
from smm_advisor.advice.result import Recommendation
from smm_advisor.advice.scoring import recommend
from smm_advisor.knowledge.models import GoalFit, KnowledgeBase
from smm_advisor.knowledge.store import PlatformNames, load_knowledge_base, platform_names
from smm_advisor.vocabulary import CONTENT_FORMATS, GOALS, MARKETS
from tests.conftest import SRC, WEIGHTS, kb_data, platform_data

# CI (the default): the same 150 examples per property on every run, as the fuzz targets do, so that a
# red build is the code's doing and reproduces. The search for new failures is the long profile's:
# HYPOTHESIS_PROFILE=long, 10,000 random examples per property (a failure found there becomes a unit test).
settings.register_profile(
    "default",
    max_examples=150,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("long", max_examples=10_000, deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

KB = load_knowledge_base(None)
REGIONS = ["global", "dach", "eu", "apac", "DE", "AT", "CH", "US", "CN", "FR", "JP", "IN", "BR", "NO", "RU"]
FLAGS = {"market": "--market", "goals": "--goal", "age": "--age", "regions": "--region", "content": "--content"}


@st.composite
def profiles(draw: st.DrawFn) -> dict[str, Any]:
    lo = draw(st.integers(10, 120))
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
        raw["exclude"] = draw(st.lists(st.sampled_from(["tiktok", "x", "Twitter", "a", "b"]), max_size=2))
    return raw


def known(raw: dict[str, Any], kb: KnowledgeBase) -> tuple[dict[str, Any], PlatformNames]:
    """The profile with only the platform names `kb` knows excluded (others are input errors), and the names."""
    names = platform_names(kb)
    return {**raw, "exclude": [n for n in raw.get("exclude", []) if names.resolve(n)]}, names


def check_invariants(kb: KnowledgeBase, rec: Recommendation) -> None:
    ranked = rec.recommendations
    assert all(0 <= r.score <= 100 for r in ranked)
    keys = [(-r.score, -r.audience_share, r.platform) for r in ranked]
    assert keys == sorted(keys)
    for r in ranked:  # competition ranks: one more than the networks strictly ahead; equal keys are ties
        ahead = sum(1 for o in ranked if (o.score, o.audience_share) > (r.score, r.audience_share))
        level = sum(1 for o in ranked if (o.score, o.audience_share) == (r.score, r.audience_share))
        assert (r.rank, r.tied) == (ahead + 1, level > 1)
        assert round(100 + sum(c.points for c in r.contributions or ()), 1) == r.score
        assert all(0 <= c.factor <= 1 and c.points <= 0 for c in r.contributions or ())
    assert {r.platform for r in ranked} | {e.platform for e in rec.excluded} == {p.id for p in kb.platforms}


@given(profiles())
def test_no_valid_profile_breaks_an_invariant_on_the_bundled_kb(raw: dict[str, Any]) -> None:
    raw, names = known(raw, KB)
    rec = recommend(KB, from_flags(raw, FLAGS, names))
    check_invariants(KB, rec)
    assert rec == recommend(KB, from_flags(raw, FLAGS, names))


@given(profiles(), st.randoms(use_true_random=False))
def test_the_order_of_repeated_inputs_changes_nothing(raw: dict[str, Any], rnd: Any) -> None:
    raw, names = known(raw, KB)
    shuffled = dict(raw)
    for key in ("goals", "regions", "content", "exclude"):
        items = list(raw[key]) * 2
        rnd.shuffle(items)
        shuffled[key] = [item.upper() if rnd.random() < 0.5 else item for item in items]
    assert recommend(KB, from_flags(raw, FLAGS, names)) == recommend(KB, from_flags(shuffled, FLAGS, names))


levels = st.integers(0, 3)


def fact(value: int) -> dict[str, Any]:
    return {"value": value, **SRC}


BANDS = {"us": ["13-29", "30-49", "50-64", "65+"], "de": ["14-29", "30-49", "50-69", "70+"], "teens": ["12-19"]}
SURVEYS = {
    key: {
        "name": f"Survey {key}",
        "label": f"Survey {key}",
        "country": "DE" if key != "us" else "US",
        "year": 2025,
        "unit": "% who use it",
        "frequency": "weekly" if key == "de" else "ever",
        "scope": "group" if key == "teens" else "population",
        "population": "people",
        "bands": bands,
        **SRC,
    }
    for key, bands in BANDS.items()
}
percents = st.one_of(st.none(), st.floats(0, 100))


@st.composite
def platforms(draw: st.DrawFn, pid: str) -> dict[str, Any]:
    audience = [
        {"survey": key, "total": draw(percents), "bands": {b: draw(percents) for b in BANDS[key]}, "unknown": "n/a"}
        | SRC
        for key in draw(st.sets(st.sampled_from(sorted(BANDS))))
    ]
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
        restricted=[
            {"country": c, "kind": "throttled", "reason": "throttled", **SRC}
            for c in draw(st.sets(st.sampled_from(["RU", "AT"])))
        ],
        audience=sorted(audience, key=lambda a: a["survey"]),
        goals={g: {"level": draw(levels), "reason": "a reason", **SRC} for g in draw(st.sets(st.sampled_from(GOALS)))},
        self_serve_ads={"value": draw(st.booleans()), **SRC},
    )


@st.composite
def knowledge_bases(draw: st.DrawFn) -> KnowledgeBase:
    ids = draw(st.lists(st.sampled_from(["a", "b", "c", "d", "e", "f"]), min_size=1, max_size=6, unique=True))
    weights = {rule: draw(st.sampled_from([0.0, 0.5, 1.0, 3.0])) for rule in WEIGHTS}
    data = kb_data(*[draw(platforms(pid)) for pid in ids], rules=weights)
    return KnowledgeBase.model_validate({**data, "surveys": SURVEYS})


@given(knowledge_bases(), profiles())
def test_generated_knowledge_bases_never_break_an_invariant(kb: KnowledgeBase, raw: dict[str, Any]) -> None:
    raw, names = known(raw, kb)
    profile = from_flags(raw, FLAGS, names)
    rec = recommend(kb, profile)
    check_invariants(kb, rec)
    reordered = kb.model_copy(update={"platforms": tuple(reversed(kb.platforms))})
    assert recommend(reordered, profile) == rec


@given(knowledge_bases(), profiles(), st.sampled_from(GOALS))
def test_a_stronger_matching_goal_never_lowers_a_score(kb: KnowledgeBase, raw: dict[str, Any], goal: str) -> None:
    raw, names = known(raw, kb)
    profile = from_flags({**raw, "goals": [goal]}, FLAGS, names)
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
