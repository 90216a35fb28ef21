"""What an expert expects of the bundled knowledge base, stated in words and checked as ranks."""

from __future__ import annotations

import pytest

from smm_advisor.advice.profiles import from_flags
from smm_advisor.advice.scoring import recommend
from smm_advisor.knowledge.models import KnowledgeBase, Recommendation
from smm_advisor.knowledge.store import load_knowledge_base

FLAGS = {"market": "--market", "goals": "--goal", "age": "--age", "regions": "--region", "content": "--content"}


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base(None)


def ask(kb: KnowledgeBase, **fields: object) -> Recommendation:
    return recommend(kb, from_flags(dict(fields), FLAGS))


def ranking(rec: Recommendation) -> list[str]:
    return [r.platform for r in rec.recommendations]


def test_b2b_firm_in_germany_seeking_leads_sees_linkedin_first(kb: KnowledgeBase) -> None:
    rec = ask(kb, market="b2b", goals=["leads"], regions=["DE"], age="30-60")
    assert ranking(rec)[0] == "linkedin"


def test_b2b_recruiting_in_dach_puts_linkedin_and_xing_above_consumer_apps(kb: KnowledgeBase) -> None:
    order = ranking(ask(kb, market="b2b", goals=["recruiting"], regions=["dach"]))
    assert order[0] == "linkedin"
    assert order.index("xing") < order.index("snapchat")
    assert order.index("xing") < order.index("tiktok")


def test_a_chinese_audience_gets_wechat_first_and_blocked_networks_excluded(kb: KnowledgeBase) -> None:
    rec = ask(kb, regions=["CN"])
    assert ranking(rec)[0] == "wechat"
    excluded = {e.platform for e in rec.excluded}
    assert {"facebook", "instagram", "youtube", "x", "whatsapp", "tiktok"} <= excluded
    assert all("not available in CN" in e.reason for e in rec.excluded if e.platform != "google-plus")


def test_google_plus_is_never_recommended_and_excluded_with_its_closing_date(kb: KnowledgeBase) -> None:
    for fields in ({}, {"market": "b2b", "goals": ["exchange"]}, {"regions": ["US"], "content": ["text"]}):
        rec = ask(kb, **fields)
        assert "google-plus" not in ranking(rec)
        (gone,) = [e for e in rec.excluded if e.platform == "google-plus"]
        assert "2019-04-02" in gone.reason


def test_video_content_lifts_youtube(kb: KnowledgeBase) -> None:
    base = ask(kb, goals=["awareness"], content=["text"])
    video = ask(kb, goals=["awareness"], content=["long-video"])

    def score(rec: Recommendation) -> float:
        return next(r.score for r in rec.recommendations if r.platform == "youtube")

    assert score(video) > score(base)
    assert ranking(video)[0] == "youtube"


def test_young_b2c_short_video_audience_prefers_tiktok_instagram_over_linkedin(kb: KnowledgeBase) -> None:
    order = ranking(ask(kb, market="b2c", goals=["awareness"], age="16-24", content=["short-video"], regions=["DE"]))
    assert set(order[:3]) & {"tiktok", "instagram"}
    assert order.index("tiktok") < order.index("linkedin")
    assert order.index("instagram") < order.index("linkedin")


def test_visual_shop_sees_instagram_or_pinterest_near_the_top(kb: KnowledgeBase) -> None:
    order = ranking(ask(kb, market="b2c", goals=["sales"], content=["image"], ads=True, regions=["US"]))
    assert {"instagram", "pinterest"} & set(order[:3])


def test_support_goal_lifts_messengers(kb: KnowledgeBase) -> None:
    order = ranking(ask(kb, market="b2c", goals=["support"], content=["chat"], regions=["DE"]))
    assert order.index("whatsapp") < order.index("pinterest")
    assert order.index("whatsapp") < order.index("youtube")


def test_an_ad_budget_counts_against_ad_free_networks(kb: KnowledgeBase) -> None:
    def score(rec: Recommendation, pid: str) -> float:
        return next(r.score for r in rec.recommendations if r.platform == pid)

    without = ask(kb, goals=["awareness"])
    with_ads = ask(kb, goals=["awareness"], ads=True)
    assert score(with_ads, "mastodon") < score(without, "mastodon")
    assert score(with_ads, "bluesky") < score(without, "bluesky")
