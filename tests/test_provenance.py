"""The facts an answer rests on: what the report lists as each network's sources."""

from __future__ import annotations

from typing import Any

import pytest

from smm_advisor.advice.audience import model_for, places
from smm_advisor.advice.provenance import facts_behind
from smm_advisor.knowledge.models import KnowledgeBase
from smm_advisor.knowledge.store import load_knowledge_base
from tests.conftest import SRC, lvl, platform_data, profile
from tests.test_audience import ADULTS, entry, kb_with, survey

SURVEYS = {
    "de": survey("DE", 2025, ADULTS),
    "kr": survey("KR", 2024, ADULTS),
    "us": survey("US", 2025, ["13-17", *ADULTS]),
}


def rich_platform(**over: Any) -> dict[str, Any]:
    """A platform with facts the advice reads and facts it does not (post limits, other countries)."""
    data = {
        "orientation": {"b2b": lvl(1), "b2c": lvl(3)},
        "formats": {"text": lvl(2), "image": lvl(3), "short-video": lvl(1)},
        "reach": {"global": lvl(2), "DE": lvl(3)},
        "goals": {
            "awareness": {"level": 3, "reason": "broad reach", **SRC},
            "leads": {"level": 1, "reason": "few forms", "b2c": {"level": 2, "reason": "b2c forms", **SRC}, **SRC},
        },
        "unavailable": [{"country": "CN", "reason": "blocked", **SRC}],
        "restricted": [{"country": "RU", "kind": "throttled", "reason": "slowed", **SRC}],
        "audience": [
            entry("de", 50, {"18-29": 80, "30-49": 50, "50-64": 30, "65+": 10}),
            entry("kr", 40, {"18-29": 70, "30-49": 40, "50-64": 20, "65+": 5}),
            entry("us", 60, {"13-17": 70, "18-29": 90, "30-49": 60, "50-64": 40, "65+": 20}),
        ],
        "text_limits": [{"kind": "post", "limit": 500, "counting": "characters", **SRC}],
        "effort": {"posts_per_week": 3, "hours_per_post": 1, "reason": "three posts", **SRC},
    }
    return platform_data("a", **{**data, **over})


def paths(kb: KnowledgeBase, **asked: Any) -> set[str]:
    return {path for path, _ in facts_behind(kb, kb.platform("a"), profile(**asked))}


def test_only_the_asked_market_goals_formats_and_countries() -> None:
    kb = kb_with(SURVEYS, rich_platform())
    found = paths(kb, market="b2c", goals=["leads"], content=["image"], ads=True, regions=["DE"], age="18-29")
    assert found == {
        "lifecycle",
        "orientation.b2c",
        "goals.leads",
        "goals.leads.b2c",
        "formats.image",
        "self_serve_ads",
        "audience[0]",  # DE's bands cover 18-29: neither Korea's survey nor the US one is read
        "surveys.de",
        "effort",
    }


def test_a_block_a_restriction_and_a_reach_level_count_where_they_are_read() -> None:
    kb = kb_with(SURVEYS, rich_platform())
    assert {"unavailable[0]"} <= paths(kb, regions=["CN"])
    assert "audience[0]" not in paths(kb, regions=["CN"])
    russia = paths(kb, regions=["RU"])
    assert {"restricted[0]", "reach.global"} <= russia  # no survey of Russia: the reach level stands in
    assert "reach.DE" not in russia
    assert {"orientation.b2b", "orientation.b2c"} <= paths(kb, market="both")
    assert "self_serve_ads" not in paths(kb)  # no ad budget asked: the ads rule does not apply
    assert "self_serve_ads" in paths(kb, require=["ads"])
    assert "text_limits[0]" not in paths(kb, regions=["DE"])


def test_ages_no_band_covers_read_the_total_and_the_age_profile() -> None:
    de_total_only = [entry("de", 50), entry("us", 60, {"13-17": 70, "18-29": 90, "30-49": 60, "50-64": 40, "65+": 20})]
    kb = kb_with(SURVEYS, rich_platform(audience=de_total_only))
    read, reach = model_for(kb, kb.platform("a")).surveys_read("DE", (18, 29))
    assert read == {"de", "us"}  # DE's total, shaped by the US age profile
    assert reach is None
    read, reach = model_for(kb, kb.platform("a")).surveys_read("FR", None)
    assert read == set()
    assert reach == "global"


def test_a_bridged_survey_brings_its_reference() -> None:
    surveys = {
        "wide": survey("DE", 2023, ["16+"], frequency="yearly"),
        "narrow": survey("DE", 2025, ["14+"], frequency="weekly"),
    }
    kb = kb_with(
        surveys,
        platform_data("a", audience=[entry("wide", 60), entry("narrow", 30)]),
        platform_data("b", audience=[entry("wide", 40), entry("narrow", 20)]),
        platform_data("c", audience=[entry("wide", 20)]),
        platform_data("d", audience=[entry("narrow", 10)]),
    )
    read, _ = model_for(kb, kb.platform("d")).surveys_read("DE", None)
    assert read == {"narrow", "wide"}  # d's figure is on the wide survey's scale


@pytest.fixture(scope="module")
def bundled() -> KnowledgeBase:
    return load_knowledge_base(None)


@pytest.mark.parametrize(
    ("regions", "age"),
    [(["DE"], "18-35"), (["US"], "13-17"), (["dach"], "30-60"), (["JP", "KR"], None), (["global"], "25-54")],
)
def test_every_survey_a_reason_names_is_among_the_sources(
    bundled: KnowledgeBase, regions: list[str], age: str | None
) -> None:
    asked = profile(regions=regions, **({"age": age} if age else {}))
    ages = (asked.age.min, asked.age.max) if asked.age else None
    for platform in bundled.platforms:
        model = model_for(bundled, platform)
        cited = {path for path, _ in facts_behind(bundled, platform, asked)}
        for place in places(asked.regions):
            shown = model.place_share(place, ages)
            read, reach = model.surveys_read(place, ages)
            if shown.survey is not None:
                assert shown.survey in read, (platform.id, place)
                if model.bridged.get(shown.survey):
                    assert model.reference[shown.survey] in read
            if shown.basis == "level":
                assert reach is not None
                assert f"reach.{reach}" in cited
        listed = {platform.audience[int(p[9:-1])].survey for p in cited if p.startswith("audience[")}
        assert listed == {s for place in places(asked.regions) for s in model.surveys_read(place, ages)[0]} & {
            a.survey for a in platform.audience
        }
