"""Each scoring rule on hand-built platforms: the sign and the reason follow the trait."""

from __future__ import annotations

import pytest

from smm_advisor.advice import rules
from tests.conftest import SRC, lvl, make_platform, profile


@pytest.mark.parametrize(("level", "fit"), [(0, -1.0), (1, -1 / 3), (2, 1 / 3), (3, 1.0)])
def test_level_fit_maps_strength_onto_minus_one_to_one(level: int, fit: float) -> None:
    assert rules.level_fit(level) == pytest.approx(fit)


def test_market_fit_reads_the_asked_market() -> None:
    p = make_platform(orientation={"b2b": lvl(3), "b2c": lvl(0)})
    assert rules.market_fit(p, profile(market="b2b")).fit == 1.0
    assert rules.market_fit(p, profile(market="b2c")).fit == -1.0
    both = rules.market_fit(p, profile(market="both"))
    assert both.fit == 1.0
    assert "B2B" in both.reason


def test_market_fit_unknown_is_neutral_and_says_so() -> None:
    p = make_platform(orientation={"b2b": lvl(None), "b2c": lvl(None)})
    verdict = rules.market_fit(p, profile(market="b2b"))
    assert verdict.fit == 0.0
    assert "unknown" in verdict.reason


def test_goal_fit_averages_goals_and_names_the_best_reason() -> None:
    goals = {
        "leads": {"level": 3, "reason": "lead forms", **SRC},
        "sales": {"level": 0, "reason": "no shop", **SRC},
    }
    p = make_platform(goals=goals)
    verdict = rules.goal_fit(p, profile(goals=["leads", "sales"]))
    assert verdict.fit == pytest.approx(0.0)
    assert verdict.reason.startswith("leads 3/3: lead forms")
    assert "sales 0/3" in verdict.reason


def test_goal_fit_counts_a_goal_without_data_as_neutral() -> None:
    p = make_platform(goals={"leads": {"level": 3, "reason": "lead forms", **SRC}})
    verdict = rules.goal_fit(p, profile(goals=["leads", "support"]))
    assert verdict.fit == pytest.approx(0.5)
    assert "no data on support" in verdict.reason


def test_regional_reach_prefers_the_most_specific_entry() -> None:
    p = make_platform(reach={"global": lvl(1), "dach": lvl(3), "US": lvl(0)})
    assert rules.reach_level(p, "DE") == (3, "dach")
    assert rules.reach_level(p, "US") == (0, "US")
    assert rules.reach_level(p, "FR") == (1, "global")
    assert rules.regional_reach(p, profile(regions=["DE"])).fit == 1.0


def test_regional_reach_counts_a_blocked_country_as_none() -> None:
    blocked = [{"country": "CN", "reason": "blocked", **SRC}]
    p = make_platform(reach={"global": lvl(3)}, unavailable=blocked)
    assert rules.reach_level(p, "CN") == (0, "unavailable in CN")
    assert rules.regional_reach(p, profile(regions=["CN", "US"])).fit == pytest.approx(0.0)


def _survey(country: str, year: int, percents: list[float]) -> dict[str, object]:
    bands = [{"min": 18, "max": 29}, {"min": 30, "max": 49}, {"min": 50, "max": 64}, {"min": 65}]
    return {
        "survey": f"Survey {country}",
        "country": country,
        "year": year,
        "unit": "ever use",
        "population": "adults",
        "bands": [{**b, "percent": pct} for b, pct in zip(bands, percents, strict=True)],
        **SRC,
    }


def test_audience_age_weights_bands_by_overlap() -> None:
    p = make_platform(audience=[_survey("US", 2025, [80, 40, 20, 10])])
    # 25-34: five years in 18-29 at 80%, five in 30-49 at 40% -> 60%.
    verdict = rules.audience_age(p, profile(age={"min": 25, "max": 34}, regions=["US"]))
    assert "60% of ages 25-34" in verdict.reason
    assert verdict.fit == 1.0
    young = rules.audience_age(p, profile(age={"min": 65, "max": 80}, regions=["US"]))
    assert young.fit < 0


def test_audience_age_uses_the_local_survey_and_marks_a_proxy() -> None:
    p = make_platform(audience=[_survey("US", 2025, [10, 10, 10, 10]), _survey("DE", 2024, [90, 90, 90, 90])])
    local = rules.audience_age(p, profile(age={"min": 20, "max": 30}, regions=["dach"]))
    assert "Survey DE" in local.reason
    assert "proxy" not in local.reason
    other = rules.audience_age(p, profile(age={"min": 20, "max": 30}, regions=["FR"]))
    assert "Survey US" in other.reason
    assert "proxy" in other.reason


def test_audience_age_without_data_is_neutral() -> None:
    verdict = rules.audience_age(make_platform(), profile(age={"min": 20, "max": 30}))
    assert (verdict.fit, verdict.reason) == (0.0, "no age data")


def test_content_fit_takes_the_best_matching_format() -> None:
    p = make_platform(formats={"long-video": lvl(3), "text": lvl(0)})
    verdict = rules.content_fit(p, profile(content=["text", "long-video"]))
    assert verdict.fit == 1.0
    assert "long-video" in verdict.reason
    assert rules.content_fit(p, profile(content=["chat"])).fit == -1.0


def test_ads_fit_follows_self_serve_ads() -> None:
    yes = make_platform(self_serve_ads={"value": True, **SRC})
    no = make_platform(self_serve_ads={"value": False, **SRC})
    assert rules.ads_fit(yes, profile(ads=True)).fit == 1.0
    assert rules.ads_fit(no, profile(ads=True)).fit == -1.0


def test_lifecycle_penalises_a_pivot_and_notes_a_rename() -> None:
    pivot = make_platform(lifecycle={"state": "pivoted", "since": "2023-01-11", "change": "now a job portal", **SRC})
    rename = make_platform(lifecycle={"state": "renamed", "since": "2023-07-24", "change": "was Twitter", **SRC})
    assert rules.lifecycle(pivot, profile()).fit == -1.0
    assert "job portal" in rules.lifecycle(pivot, profile()).reason
    assert rules.lifecycle(rename, profile()).fit == 0.0
    assert "was Twitter" in rules.lifecycle(rename, profile()).reason


def test_applicable_rules_follow_the_profile_only() -> None:
    assert rules.applicable(profile()) == ["market_fit", "regional_reach", "lifecycle"]
    full = profile(goals=["leads"], age={"min": 20, "max": 30}, content=["text"], ads=True)
    assert rules.applicable(full) == list(rules.RULES)
    assert "ads_fit" not in rules.applicable(profile(ads=False))


def test_audience_age_skips_a_newer_survey_without_the_asked_ages() -> None:
    newer = _survey("US", 2025, [80, 40, 20, 10])
    newer["bands"] = [{"min": 18, "max": 29, "percent": 80}, {"min": 30, "max": 49, "percent": None, "unknown": "n/a"}]
    p = make_platform(audience=[newer, _survey("US", 2023, [70, 35, 20, 10])])
    assert "2025" in rules.audience_age(p, profile(age={"min": 20, "max": 25}, regions=["US"])).reason
    assert "2023" in rules.audience_age(p, profile(age={"min": 35, "max": 45}, regions=["US"])).reason


def test_regional_reach_falls_through_an_unknown_entry() -> None:
    p = make_platform(reach={"global": lvl(2), "eu": lvl(None), "dach": lvl(None)})
    assert rules.reach_level(p, "DE") == (2, "global")


def test_audience_age_says_which_part_of_the_range_the_survey_covers() -> None:
    survey = _survey("US", 2025, [80, 40, 20, 10])
    survey["bands"] = [{"min": 30, "max": 49, "percent": 40}]
    p = make_platform(audience=[survey])
    assert "40% of ages 30-49 (of 30-60)" in rules.audience_age(p, profile(age={"min": 30, "max": 60})).reason
    assert "40% of ages 30-40 use" in rules.audience_age(p, profile(age={"min": 30, "max": 40})).reason
