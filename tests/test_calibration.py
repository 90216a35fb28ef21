"""The calibration suite on the bundled knowledge base: the contract the advice model is tuned against.

Expert scenarios as rank bounds (tests/calibration/scenarios.yaml), the order of published surveys
for pure-audience profiles (Kendall tau), and discrimination over seeded random profiles.
docs/methodology.md shows the same figures (scripts/calibration.py writes that table).
"""

from __future__ import annotations

from typing import Any

import pytest

from smm_advisor.advice.scoring import recommend
from smm_advisor.knowledge.store import load_knowledge_base
from tests.calibration import suite

KB = load_knowledge_base(None)
SCENARIOS = suite.load_scenarios()


def test_the_suite_has_at_least_25_scenarios_each_with_a_rationale() -> None:
    assert len(SCENARIOS) >= 25
    assert len({s["id"] for s in SCENARIOS}) == len(SCENARIOS)
    for scenario in SCENARIOS:
        assert len(scenario["says"]) >= 20, scenario["id"]
        source = scenario["source"]
        assert source is None or (source["title"] and source["url"].startswith(("https://", "http://")))
        assert scenario["expect"], scenario["id"]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s["id"])
def test_expert_scenario(scenario: dict[str, Any]) -> None:
    rec = recommend(KB, suite.profile(scenario["profile"]))
    assert suite.failures(scenario, rec) == [], scenario["says"]


def test_a_scenario_check_can_fail() -> None:
    scenario = {"expect": {"first": ["bluesky"], "excluded": ["facebook"]}, "profile": {"regions": ["US"]}}
    found = suite.failures(scenario, recommend(KB, suite.profile(scenario["profile"])))
    assert len(found) == 2


@pytest.mark.parametrize(("survey", "band"), suite.SURVEY_ORDERS, ids=str)
def test_pure_audience_profiles_follow_the_survey_order(survey: str, band: str) -> None:
    order = suite.survey_order(KB, survey, band)
    assert len(order.survey_order) >= 2
    assert order.tau >= suite.TAU_MIN, (order.survey_order, order.model_order)


def test_kendall_tau() -> None:
    assert suite.kendall_tau(["a", "b", "c"], ["a", "b", "c"]) == 1
    assert suite.kendall_tau(["a", "b", "c"], ["c", "b", "a"]) == -1
    assert suite.kendall_tau(["a", "b", "c"], ["b", "a", "c"]) == pytest.approx(1 / 3)


def test_discrimination_over_random_plausible_profiles() -> None:
    found = suite.discrimination(KB)
    leader, share = found.top_share
    assert found.tied_first <= suite.MAX_TIED_FIRST
    assert share <= suite.MAX_FIRST_SHARE, (leader, found.winners.most_common(5))
    assert len(found.winners) >= suite.MIN_WINNERS, found.winners


def test_random_profiles_are_seeded_and_valid() -> None:
    first = suite.random_profiles(50, seed=1)
    assert first == suite.random_profiles(50, seed=1)
    assert first != suite.random_profiles(50, seed=2)
    for fields in first:
        suite.profile(fields)  # raises on an invalid profile
