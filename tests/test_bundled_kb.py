"""Invariants over every platform of the bundled knowledge base."""

from __future__ import annotations

import pytest

from smm_advisor.knowledge.facts import audit, iter_sourced
from smm_advisor.knowledge.models import Platform
from smm_advisor.knowledge.store import find_platform, load_knowledge_base
from smm_advisor.render.platforms import show_sections
from smm_advisor.vocabulary import CONTENT_FORMATS, GOALS

KB = load_knowledge_base(None)
SEED_PLATFORMS = {
    "facebook", "instagram", "pinterest", "xing", "linkedin", "whatsapp", "snapchat", "x", "google-plus",
    "youtube", "wechat",
}  # fmt: skip
NEW_PLATFORMS = {"tiktok", "threads", "bluesky", "mastodon", "reddit", "telegram"}
# networks that lead where Facebook and YouTube do not (China, Japan, Korea, Russia) and Discord
WORLD_PLATFORMS = {"douyin", "xiaohongshu", "weibo", "bilibili", "line", "kakaotalk", "vk", "discord"}
ACTIVE = [p for p in KB.platforms if p.lifecycle.state != "discontinued"]


def test_every_platform_is_there_and_the_seeds_keep_their_rows() -> None:
    assert {p.id for p in KB.platforms} == SEED_PLATFORMS | NEW_PLATFORMS | WORLD_PLATFORMS


@pytest.mark.parametrize("platform", KB.platforms, ids=lambda p: p.id)
def test_every_fact_has_a_resolvable_source_and_a_date_not_after_the_release(platform: Platform) -> None:
    facts = list(iter_sourced(platform))
    assert len(facts) > 10
    for path, fact in facts:
        source = KB.source(fact.source)
        assert source.url.startswith(("https://", "http://")), path
        assert source.title, path
        assert fact.as_of <= KB.as_of, path
        assert fact.checked is None or fact.as_of <= fact.checked <= KB.as_of, path


@pytest.mark.parametrize("platform", ACTIVE, ids=lambda p: p.id)
def test_active_platforms_judge_every_goal_and_format(platform: Platform) -> None:
    assert set(platform.goals) == set(GOALS)
    assert set(platform.formats) == set(CONTENT_FORMATS)
    assert all(len(g.reason) >= 10 for g in platform.goals.values())


@pytest.mark.parametrize("platform", KB.platforms, ids=lambda p: p.id)
def test_show_prints_every_trait_the_platform_has(platform: Platform) -> None:
    shown = " ".join(trait for _, rows in show_sections(KB, platform) for trait, _, _ in rows)
    labels = {
        "orientation": "orientation", "formats": "format", "reach": "reach", "unavailable": "unavailable",
        "audience": "audience", "goals": "goal", "self_serve_ads": "self-serve ads", "messenger": "messenger",
        "ephemeral": "ephemeral", "text_limits": "text limit", "restricted": "restricted", "hashtags": "hashtags",
        "links": "links",
        "users": "users", "overlaps": "overlap", "effort": "effort", "history": "seed claim", "operator": "operator",
        "lifecycle": "lifecycle",
    }  # fmt: skip
    for field in Platform.model_fields:
        if field in ("id", "name", "aliases"):
            continue  # shown in the heading
        value = getattr(platform, field)
        if value in (None, (), {}):
            continue
        assert labels[field] in shown, field


def test_kb_validates_and_passes_the_default_audit_at_release() -> None:
    assert audit(KB, KB.as_of, max_age_days=730) == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [("twitter", "x"), ("X", "x"), ("google+", "google-plus"), ("GooglePlus", "google-plus"), ("LinkedIn", "linkedin")],
)
def test_ids_and_aliases_resolve(name: str, expected: str) -> None:
    assert find_platform(KB, name).id == expected


def test_seed_claims_are_kept_as_dated_history() -> None:
    x = KB.platform("x")
    assert x.lifecycle.state == "renamed"
    assert "Twitter" in x.lifecycle.former_names
    assert any("140" in h.claim and h.verdict == "outdated" for h in x.history)
    post = next(t for t in x.text_limits if t.kind == "post")
    assert (post.limit, post.counting, post.url_length) == (280, "x-weighted", 23)
    gplus = KB.platform("google-plus")
    assert (gplus.lifecycle.state, str(gplus.lifecycle.since)) == ("discontinued", "2019-04-02")
    xing = KB.platform("xing")
    assert xing.lifecycle.state == "pivoted"
    assert any(h.verdict in ("outdated", "wrong") for h in xing.history)


def test_bluesky_counts_graphemes_and_mastodon_counts_urls_as_23() -> None:
    bsky = next(t for t in KB.platform("bluesky").text_limits if t.kind == "post")
    assert (bsky.limit, bsky.counting) == (300, "graphemes")
    masto = next(t for t in KB.platform("mastodon").text_limits if t.kind == "post")
    assert (masto.limit, masto.url_length) == (500, 23)


def test_every_shipped_rule_has_a_weight() -> None:
    from smm_advisor.advice.rules import RULES

    assert set(KB.rules) == set(RULES)
    for weight in KB.rules.values():
        values = [weight] if isinstance(weight, float) else [weight.b2b, weight.b2c, weight.both]
        assert all(w > 0 for w in values)
