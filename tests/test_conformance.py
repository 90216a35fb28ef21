"""twitter-text's own conformance cases, read from its files (tests/conformance/twitter-text/)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from smm_advisor.posts.counting import find_hashtags, find_urls, measure, x_weighted_length

HERE = Path(__file__).resolve().parent / "conformance" / "twitter-text"


@cache
def cases(file: str) -> dict[str, list[dict[str, Any]]]:
    data: dict[str, dict[str, list[dict[str, Any]]]] = yaml.safe_load((HERE / file).read_text(encoding="utf-8"))
    return data["tests"]


def section(file: str, *names: str) -> list[Any]:
    return [pytest.param(case, id=f"{name}: {case['description']}") for name in names for case in cases(file)[name]]


@pytest.mark.parametrize("case", section("extract.yml", "urls", "tco_urls_with_params"))
def test_urls_are_extracted_as_twitter_text_extracts_them(case: dict[str, Any]) -> None:
    text = case["text"]
    assert [text[start:end] for start, end in find_urls(text, bare_domains=True)] == case["expected"]


@pytest.mark.parametrize("case", section("extract.yml", "urls_with_indices", "urls_with_directional_markers"))
def test_urls_are_found_where_twitter_text_finds_them(case: dict[str, Any]) -> None:
    text = case["text"]
    expected = [(url["indices"][0], url["indices"][1]) for url in case["expected"]]
    assert find_urls(text, bare_domains=True) == expected
    assert [text[start:end] for start, end in expected] == [url["url"] for url in case["expected"]]


@pytest.mark.parametrize(
    "case",
    section("validate.yml", "WeightedTweetsWithDiscountedEmojiCounterTest", "UnicodeDirectionalMarkerCounterTest"),
)
def test_x_weighted_length_is_twitter_texts(case: dict[str, Any]) -> None:
    # Both sections count with twitter-text's v3 configuration: the one X uses.
    assert x_weighted_length(case["text"]) == case["expected"]["weightedLength"]
    assert measure(case["text"], "x-weighted", url_length=23) == case["expected"]["weightedLength"]


def test_every_section_read_has_cases() -> None:
    assert len(section("extract.yml", "urls", "urls_with_indices")) > 90
    assert len(section("validate.yml", "WeightedTweetsWithDiscountedEmojiCounterTest")) == 22


@pytest.mark.parametrize("case", section("extract.yml", "hashtags", "hashtags_from_astral"))
def test_hashtags_are_twitter_texts(case: dict[str, Any]) -> None:
    assert find_hashtags(case["text"]) == case["expected"]


@pytest.mark.parametrize("case", section("extract.yml", "hashtags_with_indices"))
def test_hashtags_with_positions_are_twitter_texts(case: dict[str, Any]) -> None:
    assert find_hashtags(case["text"]) == [tag["hashtag"] for tag in case["expected"]]
