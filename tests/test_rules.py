"""Each scoring rule on hand-built platforms: the factor and the reason follow the trait."""

from __future__ import annotations

from typing import Any

import pytest

from smm_advisor.advice import rules
from smm_advisor.knowledge.models import KnowledgeBase, Platform
from tests.conftest import SRC, kb_data, lvl, platform_data, profile


def one(**over: Any) -> tuple[KnowledgeBase, Platform]:
    kb = KnowledgeBase.model_validate(kb_data(platform_data("alpha", **over)))
    return kb, kb.platforms[0]


@pytest.mark.parametrize(("level", "factor"), [(0, 0.25), (1, 0.5), (2, 0.75), (3, 1.0)])
def test_market_fit_is_a_factor_by_strength(level: int, factor: float) -> None:
    kb, p = one(orientation={"b2b": lvl(level), "b2c": lvl(0)})
    assert rules.market_fit(kb, p, profile(market="b2b")).value == factor


def test_market_fit_reads_the_asked_market_and_both_takes_the_stronger() -> None:
    kb, p = one(orientation={"b2b": lvl(3), "b2c": lvl(0)})
    assert rules.market_fit(kb, p, profile(market="b2c")).value == rules.MARKET_FACTOR[0]
    both = rules.market_fit(kb, p, profile(market="both"))
    assert both.value == 1.0
    assert "B2B" in both.reason.text
    assert (both.reason.code, both.reason.params) == ("market_fit.level", {"market": "b2b", "level": 3})


def test_market_fit_unknown_says_so() -> None:
    kb, p = one(orientation={"b2b": lvl(None), "b2c": lvl(None)})
    verdict = rules.market_fit(kb, p, profile(market="b2b"))
    assert verdict.value == rules.MARKET_UNKNOWN
    assert "unknown" in verdict.reason.text
    assert (verdict.reason.code, verdict.reason.params) == ("market_fit.unknown", {"markets": ["b2b"]})


def test_goal_fit_averages_goal_factors_and_names_the_best_and_the_weakest() -> None:
    goals = {"leads": {"level": 3, "reason": "lead forms", **SRC}, "sales": {"level": 0, "reason": "no shop", **SRC}}
    kb, p = one(goals=goals)
    verdict = rules.goal_fit(kb, p, profile(goals=["leads", "sales"]))
    assert verdict.value == pytest.approx((1.0 + 0.2) / 2)
    # a minus (below STRONG) leads with the weakest goal and why, then names the best
    assert verdict.reason.text == "sales 0/3: no shop; leads 3/3"
    assert verdict.reason.code == "goal_fit.level"
    assert verdict.reason.params == {
        "goal": "sales", "level": 0, "market": None, "other": {"goal": "leads", "level": 3}, "unknown": [],
    }  # fmt: skip
    goals["sales"] = {"level": 2, "reason": "a shop tab", **SRC}
    kb, p = one(goals=goals)
    plus = rules.goal_fit(kb, p, profile(goals=["leads", "sales"]))
    assert plus.value == pytest.approx((1.0 + 0.8) / 2)
    assert plus.value >= rules.STRONG
    assert plus.reason.text == "leads 3/3: lead forms; sales 2/3"  # a plus leads with the best
    assert (plus.reason.params["goal"], plus.reason.params["other"]) == ("leads", {"goal": "sales", "level": 2})


def test_goal_fit_counts_a_goal_without_data_as_unknown_and_says_so() -> None:
    kb, p = one(goals={"leads": {"level": 3, "reason": "lead forms", **SRC}})
    verdict = rules.goal_fit(kb, p, profile(goals=["leads", "support"]))
    assert verdict.value == pytest.approx((1.0 + rules.GOAL_UNKNOWN) / 2)
    assert "no data on support" in verdict.reason.text
    assert verdict.reason.params["unknown"] == ["support"]


def test_goal_fit_uses_the_market_specific_strength_where_one_is_recorded() -> None:
    awareness = {
        "level": 1,
        "reason": "few consumers",
        "b2b": {"level": 3, "reason": "the B2B marketers' top platform", **SRC},
        **SRC,
    }
    kb, p = one(goals={"awareness": awareness})
    b2b = rules.goal_fit(kb, p, profile(market="b2b", goals=["awareness"]))
    assert (b2b.value, "top platform" in b2b.reason.text, b2b.reason.params["market"]) == (1.0, True, "b2b")
    for market in ("b2c", "both"):
        verdict = rules.goal_fit(kb, p, profile(market=market, goals=["awareness"]))
        assert (verdict.value, "few consumers" in verdict.reason.text, verdict.reason.params["market"]) == (
            0.5,
            True,
            None,
        )


def test_content_fit_takes_the_best_matching_format() -> None:
    kb, p = one(formats={"text": lvl(1), "long-video": lvl(3)})
    verdict = rules.content_fit(kb, p, profile(content=["text", "long-video"]))
    assert verdict.value == 1.0
    assert "long video" in verdict.reason.text
    assert verdict.reason.params == {"format": "long-video", "level": 3}
    assert rules.content_fit(kb, p, profile(content=["text"])).value == rules.CONTENT_FACTOR[1]


def test_content_fit_without_any_known_format_is_unknown() -> None:
    kb, p = one(formats={"text": lvl(None)})
    verdict = rules.content_fit(kb, p, profile(content=["text", "chat"]))
    assert verdict.value == rules.CONTENT_UNKNOWN
    assert (verdict.reason.code, verdict.reason.params) == ("content_fit.unknown", {"formats": ["text", "chat"]})


@pytest.mark.parametrize(("value", "factor"), [(True, 1.0), (False, 0.5), (None, 0.75)])
def test_ads_fit_follows_self_serve_ads(value: bool | None, factor: float) -> None:
    fact: dict[str, Any] = {"value": value, **SRC}
    if value is None:
        fact["unknown"] = "not published"
    kb, p = one(self_serve_ads=fact)
    verdict = rules.ads_fit(kb, p, profile(ads=True))
    assert verdict.value == factor
    assert verdict.reason.code == {True: "ads_fit.self_serve", False: "ads_fit.none", None: "ads_fit.unknown"}[value]


def test_lifecycle_lowers_a_pivot_and_notes_a_rename() -> None:
    kb, pivoted = one(lifecycle={"state": "pivoted", "since": "2023-01-01", "change": "Now a jobs site.", **SRC})
    verdict = rules.lifecycle(kb, pivoted, profile())
    assert verdict.value == rules.PIVOTED_FACTOR
    assert "pivoted 2023" in verdict.reason.text
    assert (verdict.reason.code, verdict.reason.params) == ("lifecycle.pivoted", {"since": "2023-01-01"})
    kb, renamed = one(lifecycle={"state": "renamed", "since": "2023-07-24", "change": "Twitter became X.", **SRC})
    assert rules.lifecycle(kb, renamed, profile()).value == 1.0


def test_applicable_rules_follow_the_profile_only() -> None:
    assert rules.applicable(profile()) == ["audience", "market_fit", "lifecycle"]
    full = profile(goals=["leads"], content=["text"], ads=True)
    assert rules.applicable(full) == list(rules.RULES)
    assert "ads_fit" not in rules.applicable(profile(ads=False))


def test_every_rule_declares_the_profile_fields_it_reads() -> None:
    assert set(rules.RULE_FIELDS) == set(rules.RULES)
    fields = set(profile()._fields)
    assert all(set(f) <= fields for f in rules.RULE_FIELDS.values())
