"""How the bundled advice moves when one input moves (the expert scenarios are in test_calibration.py)."""

from __future__ import annotations

import pytest

from smm_advisor.advice.profiles import from_flags
from smm_advisor.advice.result import Recommendation
from smm_advisor.advice.scoring import recommend
from smm_advisor.knowledge.models import KnowledgeBase
from smm_advisor.knowledge.store import load_knowledge_base

FLAGS = {"market": "--market", "goals": "--goal", "age": "--age", "regions": "--region", "content": "--content"}


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base(None)


def ask(kb: KnowledgeBase, **fields: object) -> Recommendation:
    return recommend(kb, from_flags(dict(fields), FLAGS))


def ranking(rec: Recommendation) -> list[str]:
    return [r.platform for r in rec.recommendations]


def test_video_content_lifts_youtube(kb: KnowledgeBase) -> None:
    base = ask(kb, goals=["awareness"], content=["text"])
    video = ask(kb, goals=["awareness"], content=["long-video"])

    def score(rec: Recommendation) -> float:
        return float(next(r.score for r in rec.recommendations if r.platform == "youtube"))

    assert score(video) > score(base)
    assert ranking(video)[0] == "youtube"


def test_an_ad_budget_counts_against_ad_free_networks(kb: KnowledgeBase) -> None:
    def score(rec: Recommendation, pid: str) -> float:
        return float(next(r.score for r in rec.recommendations if r.platform == pid))

    without = ask(kb, goals=["awareness"])
    with_ads = ask(kb, goals=["awareness"], ads=True)
    assert score(with_ads, "mastodon") < score(without, "mastodon")
    assert score(with_ads, "bluesky") < score(without, "bluesky")
