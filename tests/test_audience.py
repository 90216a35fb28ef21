"""The audience estimate: survey bands by age, population totals with an age profile, levels, bridging."""

from __future__ import annotations

from typing import Any

import pytest

from smm_advisor.advice import rules
from smm_advisor.advice.audience import LEVEL_SHARE, RESTRICTED_FACTOR, Bridges, model_for, places
from smm_advisor.i18n import using
from smm_advisor.knowledge.models import KnowledgeBase
from tests.conftest import SRC, kb_data, lvl, platform_data, profile


def survey(
    country: str, year: int, bands: list[str], *, scope: str = "population", frequency: str = "ever"
) -> dict[str, Any]:
    return {
        "name": f"Survey {country} {year}",
        "label": f"S-{country}-{year}",
        "country": country,
        "year": year,
        "unit": "% who use it",
        "frequency": frequency,
        "scope": scope,
        "population": "people",
        "bands": bands,
        **SRC,
    }


ADULTS = ["18-29", "30-49", "50-64", "65+"]


def entry(survey_id: str, total: float | None, bands: dict[str, float | None] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {"survey": survey_id, "total": total, "bands": bands or {}, **SRC}
    if total is None or None in (bands or {}).values():
        data["unknown"] = "not published"
    return data


def kb_with(surveys: dict[str, Any], *platforms: dict[str, Any]) -> KnowledgeBase:
    return KnowledgeBase.model_validate({**kb_data(*platforms), "surveys": surveys})


def share(kb: KnowledgeBase, pid: str, **fields: Any) -> float:
    return rules.estimate(kb, kb.platform(pid), profile(**fields)).share


def test_places_expand_groups_and_keep_global() -> None:
    assert places(("dach",)) == ("AT", "CH", "DE")
    assert places(("global", "DE")) == ("DE", "global")
    assert places(("greater-china",)) == ("CN", "HK", "MO", "TW")


def test_bands_count_each_year_of_age_once() -> None:
    kb = kb_with(
        {"us": survey("US", 2025, ADULTS)},
        platform_data("a", audience=[entry("us", 50, {"18-29": 80, "30-49": 40, "50-64": 20, "65+": 10})]),
    )
    # 25-34: five years of 18-29 (80) and five of 30-49 (40)
    assert share(kb, "a", age="25-34", regions=["US"]) == pytest.approx(60)
    assert share(kb, "a", regions=["US"]) == 50  # no ages: the population total


def test_ages_no_band_covers_use_the_total_times_the_age_profile() -> None:
    kb = kb_with(
        {"us": survey("US", 2025, ADULTS), "de": survey("DE", 2025, ["16+"])},
        platform_data(
            "a",
            audience=[entry("us", 50, {"18-29": 80, "30-49": 40, "50-64": 20, "65+": 10}), entry("de", 30)],
        ),
    )
    # Germany has a total only: 30% times the US profile (18-29: 80 / 50 = 1.6)
    found = rules.estimate(kb, kb.platform("a"), profile(age="18-29", regions=["DE"]))
    assert found.share == pytest.approx(30 * 1.6)
    assert found.profile_from == "US"
    assert found.affinity == pytest.approx(1.6)


def test_a_country_without_a_survey_falls_back_to_its_reach_level() -> None:
    kb = kb_with({}, platform_data("a", reach={"global": lvl(1), "FR": lvl(3)}))
    assert share(kb, "a", regions=["FR"]) == LEVEL_SHARE[3]
    assert share(kb, "a", regions=["ES"]) == LEVEL_SHARE[1]
    reason = rules.audience(kb, kb.platform("a"), profile(regions=["ES"])).reason
    assert "no survey, reach 1/3" in reason.text
    (place,) = reason.params["places"]
    assert place == {"place": "ES", "basis": "level", "survey": None, "scale": None, "level": 1, "restriction": None}


def test_blocked_places_count_none_and_restricted_ones_half() -> None:
    restricted = [{"country": "RU", "kind": "throttled", "reason": "throttled since 2024", **SRC}]
    blocked = [{"country": "CN", "reason": "blocked", **SRC}]
    kb = kb_with({}, platform_data("a", reach={"global": lvl(3)}, unavailable=blocked, restricted=restricted))
    assert share(kb, "a", regions=["CN"]) == 0
    assert share(kb, "a", regions=["RU"]) == LEVEL_SHARE[3] * RESTRICTED_FACTOR
    assert share(kb, "a", regions=["CN", "US"]) == LEVEL_SHARE[3] / 2
    reason = rules.audience(kb, kb.platform("a"), profile(regions=["CN", "RU"])).reason
    assert "CN: blocked" in reason.text
    assert "throttled, counted half" in reason.text
    assert [(p["place"], p["basis"], p["restriction"]) for p in reason.params["places"]] == [
        ("CN", "blocked", None),
        ("RU", "level", "throttled"),
    ]


def test_the_narrowest_band_wins_and_daily_use_comes_last() -> None:
    kb = kb_with(
        {
            "teens": survey("DE", 2025, ["12-19"], scope="group", frequency="regular"),
            "adults": survey("DE", 2025, ["14-29", "30-49", "50-69", "70+"], frequency="weekly"),
            "daily": survey("DE", 2025, ["14-29", "30-49", "50-69", "70+"], frequency="daily"),
        },
        platform_data(
            "a",
            audience=[
                entry("teens", 90, {"12-19": 90}),
                entry("daily", 10, {"14-29": 20, "30-49": 10, "50-69": 5, "70+": 1}),
                entry("adults", 40, {"14-29": 70, "30-49": 50, "50-69": 30, "70+": 10}),
            ],
        ),
    )
    assert share(kb, "a", age="14-19", regions=["DE"]) == 90  # teens 12-19 is narrower than 14-29
    assert share(kb, "a", age="20-29", regions=["DE"]) == 70  # weekly before daily


def test_surveys_of_one_kind_are_bridged_to_the_one_covering_most_networks() -> None:
    surveys = {
        "wide": survey("DE", 2023, ["16+"], frequency="yearly"),
        "narrow": survey("DE", 2025, ["14+"], frequency="weekly"),
    }
    a = platform_data("a", audience=[entry("wide", 75), entry("narrow", 50)])  # odds 3 against 1
    b = platform_data("b", audience=[entry("wide", 50), entry("narrow", 25)])  # odds 1 against 1/3
    c = platform_data("c", audience=[entry("wide", 20)])
    d = platform_data("d", audience=[entry("narrow", 10)])
    kb = kb_with(surveys, a, b, c, d)
    bridges = Bridges(kb)
    assert bridges.reference["narrow"] == "wide"  # three networks against two
    assert bridges.factor["narrow"] == pytest.approx(3.0)  # the median ratio of the odds
    assert share(kb, "d", regions=["DE"]) == pytest.approx(25)  # odds 1/9 on the narrow scale, tripled: 1/3
    assert share(kb, "a", regions=["DE"]) == 75  # the reference value wins over a bridged one
    bridged = rules.audience(kb, kb.platform("d"), profile(regions=["DE"])).reason
    assert "S-DE-2025 on the S-DE-2023 scale" in bridged.text
    assert (bridged.params["places"][0]["survey"], bridged.params["places"][0]["scale"]) == ("narrow", "wide")


def test_a_bridged_figure_stays_below_100_and_keeps_its_order() -> None:
    """On the odds, a weekly 79 % and 52 % on a yearly scale three times as wide stay apart; a factor would cap both."""
    surveys = {"yearly": survey("DE", 2023, ["16+"], frequency="yearly"), "weekly": survey("DE", 2023, ["14+"])}
    kb = kb_with(
        surveys,
        platform_data("a", audience=[entry("yearly", 75), entry("weekly", 50)]),
        platform_data("b", audience=[entry("yearly", 50), entry("weekly", 25)]),
        platform_data("c", audience=[entry("yearly", 20)]),
    )
    bridges = Bridges(kb)
    high, low, full = (bridges.rescaled("weekly", p) for p in (79, 52, 100))
    assert 52 < low < high < 100 == full
    assert high == pytest.approx(100 * 3 * 79 / (21 + 3 * 79))


def test_a_wide_band_takes_the_shape_of_the_age_profile_and_keeps_its_mean() -> None:
    """A German 14-29 band of 40 %: with an age profile whose teens use it a third as much, German teens get less."""
    kb = kb_with(
        {
            "us": survey("US", 2025, ["13-17", "18-29", "30-49", "50-64", "65+"]),
            "de": survey("DE", 2023, ["14-29", "30-49", "50-69", "70+"]),
        },
        platform_data(
            "a",
            audience=[
                entry("us", 50, {"13-17": 20, "18-29": 60, "30-49": 60, "50-64": 50, "65+": 40}),
                entry("de", 30, {"14-29": 40, "30-49": None, "50-69": None, "70+": None}),
            ],
        ),
    )
    teens, adults, band = (share(kb, "a", age=a, regions=["DE"]) for a in ("14-17", "18-29", "14-29"))
    assert teens == pytest.approx(adults / 3)  # 20 against 60 in the profile
    assert band == pytest.approx(40)  # the band's own figure, as published
    reason = rules.audience(kb, kb.platform("a"), profile(age="14-17", regions=["DE"])).reason
    assert reason.params["age_profile"] == "US"  # the reason says the profile shaped it
    assert share(kb, "a", age="18-29", regions=["US"]) == 60  # the profile's own country is not reshaped


def test_a_band_near_100_keeps_its_mean_when_the_shape_would_pass_100() -> None:
    """A 13-19 band of 98 % shaped by a profile whose adults use it twice as much as its teens.

    Times the profile, 18- and 19-year-olds would pass 100 %: they are held at 100 % and the
    teenagers lifted until the band's mean is 98 % again (cut at 100 % alone, the teenagers got 78 %
    and the band's mean fell to about 84 %).
    """
    kb = kb_with(
        {
            "us": survey("US", 2025, ["13-17", "18-29", "30-49", "50-64", "65+"]),
            "it": survey("IT", 2023, ["13-19"], scope="group"),
        },
        platform_data(
            "a",
            audience=[
                entry("us", 50, {"13-17": 40, "18-29": 80, "30-49": 60, "50-64": 50, "65+": 40}),
                entry("it", 98, {"13-19": 98}),
            ],
        ),
    )
    teens, adults, band = (share(kb, "a", age=a, regions=["IT"]) for a in ("13-17", "18-19", "13-19"))
    assert adults == pytest.approx(100)
    assert band == pytest.approx(98)  # the band's own figure, as published
    assert teens == pytest.approx((7 * 98 - 2 * 100) / 5)  # 97.2: what the band leaves them
    assert teens < adults  # in the profile's order


def test_holding_ages_at_100_keeps_the_mean_or_holds_every_age_that_has_users() -> None:
    """_within_100 keeps the mean where it can; ages the profile gives no users stay at none (no division by 0)."""
    from smm_advisor.advice.audience import _within_100

    def spread(mean: float, weights: list[float]) -> list[float]:
        scale = _within_100(mean, weights)
        return [min(100.0, scale * mean * w) for w in weights]

    assert _within_100(50, [0.5, 1.0, 1.5]) == 1.0  # nothing passes 100 %
    assert sum(spread(90, [0.5, 1.0, 1.5])) / 3 == pytest.approx(90)
    assert spread(90, [0.5, 1.0, 1.5])[2] == 100
    assert spread(26, [0.0, 0.0, 0.0, 10.0]) == [0.0, 0.0, 0.0, 100.0]  # the one age with users at 100 %, no more


def test_one_wide_band_gives_no_age_profile_to_other_countries() -> None:
    """A single 13-39 band of young Spaniards over Spain's total says nothing about the shape of ages.

    Taken as an age profile, it made every age 13-39 "twice the population" in countries without
    any survey (Telegram among young Americans: 42% from a reach level of 22%).
    """
    kb = kb_with(
        {
            "es": survey("ES", 2023, ["18+"]),
            "young": survey("ES", 2024, ["13-39"], scope="group"),
        },
        platform_data(
            "a",
            reach={"global": lvl(2)},
            audience=[entry("es", 27, {"18+": 27}), entry("young", 51, {"13-39": 51})],
        ),
    )
    assert share(kb, "a", age="18-34", regions=["ES"]) == pytest.approx(51)  # the band, where it was asked
    assert share(kb, "a", age="18-34", regions=["US"]) == pytest.approx(LEVEL_SHARE[2])  # no profile from it
    reason = rules.audience(kb, kb.platform("a"), profile(age="18-34", regions=["US"])).reason
    assert reason.params.get("age_profile") is None


def test_one_shared_network_is_too_few_to_bridge() -> None:
    surveys = {"wide": survey("DE", 2023, ["16+"]), "narrow": survey("DE", 2025, ["14+"])}
    kb = kb_with(
        surveys,
        platform_data("a", audience=[entry("wide", 60), entry("narrow", 30)]),
        platform_data("c", audience=[entry("wide", 20)]),
    )
    assert Bridges(kb).factor["narrow"] == 1.0


def test_models_are_built_once_per_platform() -> None:
    kb = kb_with({}, platform_data("a"))
    assert model_for(kb, kb.platforms[0]) is model_for(kb, kb.platforms[0])


def test_affinity_raises_a_concentrated_network_and_lowers_a_diluted_one() -> None:
    kb = kb_with(
        {"us": survey("US", 2025, ADULTS)},
        platform_data("young", audience=[entry("us", 30, {"18-29": 60, "30-49": 30, "50-64": 20, "65+": 10})]),
        platform_data("flat", audience=[entry("us", 60, {"18-29": 60, "30-49": 60, "50-64": 60, "65+": 60})]),
    )
    young, flat = (rules.audience(kb, kb.platform(p), profile(age="18-29", regions=["US"])) for p in ("young", "flat"))
    assert young.value > flat.value  # the same 60% of the target, but twice as concentrated
    assert "2.0x its share of all ages" in young.reason.text
    assert (young.reason.params["affinity"], flat.reason.params["affinity"]) == (2.0, None)


def test_the_reason_names_the_asked_ages_as_the_target_group_not_as_a_survey_band() -> None:
    kb = kb_with({"us": survey("US", 2025, ADULTS)}, platform_data("a", audience=[entry("us", 30, {"18-29": 60})]))
    asked = profile(age="20-29", regions=["US"])  # inside the survey's band 18-29: the reason names 20-29
    english = rules.audience(kb, kb.platform("a"), asked).reason
    assert english.text.startswith("60% of your target group (ages 20-29) use it")
    with using("de"):
        german = rules.audience(kb, kb.platform("a"), asked).reason
    assert german.text.startswith("60\u00a0% Ihrer Zielgruppe (20-29 Jahre) nutzen es")
    assert german.params == english.params  # the code and its parameters are the same in every language
    assert english.params["ages"] == {"min": 20, "max": 29}
    whole = rules.audience(kb, kb.platform("a"), profile(regions=["US"])).reason
    assert whole.text.startswith("30% of the population")
    assert (whole.params["share"], whole.params["ages"]) == (30.0, None)


def test_a_survey_label_with_words_is_shown_in_german_where_the_knowledge_base_gives_one() -> None:
    daily = {**survey("DE", 2024, ["16-19", "20-29"], frequency="daily"), "label": "SMA 2024, daily"}
    kb = kb_with(
        {"daily": {**daily, "label_de": "SMA 2024, täglich"}, "plain": survey("AT", 2024, ["16-19", "20-29"])},
        platform_data(
            "a",
            audience=[entry("daily", 30, {"16-19": 40, "20-29": 35}), entry("plain", 20, {"16-19": 30, "20-29": 25})],
        ),
    )
    asked = profile(age="20-29", regions=["DE", "AT"])
    english = rules.audience(kb, kb.platform("a"), asked).reason.text
    with using("de"):
        german = rules.audience(kb, kb.platform("a"), asked).reason.text
    assert "DE: SMA 2024, daily" in english
    assert "AT: S-AT-2024" in english
    assert "DE: SMA 2024, täglich" in german
    assert "AT: S-AT-2024" in german  # no label_de: the label as it is


def test_the_age_profile_scales_non_users_where_a_network_is_more_widespread_than_in_the_profile() -> None:
    """US: 40 % of all, 80 % of the young. A country at 90 %: the young cannot be 180 %; its non-users are scaled."""
    kb = kb_with(
        {"us": survey("US", 2025, ADULTS), "gb": survey("GB", 2025, ["16+"]), "fr": survey("FR", 2025, ["16+"])},
        platform_data(
            "a",
            audience=[
                entry("us", 40, {"18-29": 80, "30-49": 40, "50-64": 30, "65+": 10}),
                entry("gb", 90, {"16+": 90}),
                entry("fr", 20, {"16+": 20}),
            ],
        ),
    )
    young_gb = share(kb, "a", age="18-29", regions=["GB"])
    assert young_gb == pytest.approx(100 - 10 * (20 / 60))  # non-users: 10 % of all, a third of that among the young
    assert share(kb, "a", age="18-29", regions=["FR"]) == pytest.approx(40)  # users: 20 % x 2, as before
    assert share(kb, "a", age="65+", regions=["GB"]) == pytest.approx(90 * 10 / 40)  # fewer than average: users


def test_a_population_share_next_to_nothing_gives_a_finite_affinity() -> None:
    """A total of 2e-311 % (a subnormal float): share / population would be infinite, and the factor NaN."""
    kb = kb_with(
        {"de": survey("DE", 2025, ["14-29", "30-49", "50-69", "70+"], frequency="weekly")},
        platform_data("a", audience=[entry("de", 2.225073858507e-311, {"14-29": None, "30-49": None, "70+": 1.0})]),
    )
    verdict = rules.audience(kb, kb.platform("a"), profile(age="10-70", regions=["DE"]))
    assert 0 < verdict.value < 1
    assert verdict.reason.params["affinity"] == 1000.0  # MAX_AFFINITY


def test_a_total_next_to_nothing_lends_no_age_profile() -> None:
    """Found by the property tests: bands over a total of 2e-311 % made the profile infinite, its shape NaN.

    The profile is band / total per age; such a country lends none, and the bands elsewhere keep
    their figures (the US 65+ band here), as does a place with only a reach level.
    """
    kb = kb_with(
        {
            "us": survey("US", 2025, ["13-29", "30-49", "50-64", "65+"]),
            "de": survey("DE", 2025, ["14-29", "30-49", "50-69", "70+"], frequency="weekly"),
        },
        platform_data(
            "a",
            reach={"global": lvl(2)},
            audience=[
                entry("de", 2.225073858507e-311, {"14-29": None, "30-49": None, "50-69": 1.0, "70+": 0.0}),
                entry("us", None, {"13-29": None, "30-49": None, "50-64": None, "65+": 1.0}),
            ],
        ),
    )
    assert share(kb, "a", age="65-80", regions=["US"]) == pytest.approx(1.0)
    assert share(kb, "a", age="18-34", regions=["GB"]) == pytest.approx(LEVEL_SHARE[2])
    reason = rules.audience(kb, kb.platform("a"), profile(age="18-34", regions=["GB"])).reason
    assert reason.params.get("age_profile") is None
