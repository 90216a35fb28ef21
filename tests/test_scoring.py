"""The scorer: ranks, ties, exclusions, exact sums, and weights taken from the knowledge base."""

from __future__ import annotations

from smm_advisor.advice.scoring import recommend, score_platform
from smm_advisor.i18n import using
from tests.conftest import SRC, WEIGHTS, lvl, make_kb, platform_data, profile


def test_a_true_tie_shares_its_rank_and_is_marked_in_id_order_only_for_determinism() -> None:
    kb = make_kb(platform_data("zeta"), platform_data("alpha"), platform_data("mid"))
    rec = recommend(kb, profile())
    assert [r.rank for r in rec.recommendations] == [1, 1, 1]
    assert all(r.tied for r in rec.recommendations)
    assert [r.platform for r in rec.recommendations] == ["alpha", "mid", "zeta"]


def test_equal_scores_are_broken_by_the_target_groups_share_not_the_alphabet() -> None:
    # 'aaa' reaches less of the audience but more often fits the goal: equal scores, unequal shares
    small = platform_data("aaa", reach={"global": lvl(1)}, goals={"leads": {"level": 3, "reason": "forms", **SRC}})
    big = platform_data("zzz", reach={"global": lvl(1)}, goals={"leads": {"level": 3, "reason": "forms", **SRC}})
    big["reach"]["US"] = lvl(2)
    rec = recommend(make_kb(small, big), profile(goals=["leads"], regions=["global", "US"], weights={"audience": 0}))
    first, second = rec.recommendations
    assert first.score == second.score
    assert (first.platform, first.rank, second.rank, first.tied) == ("zzz", 1, 2, False)
    assert first.audience_share > second.audience_share


def test_a_stronger_trait_ranks_higher() -> None:
    strong = platform_data("strong", orientation={"b2b": lvl(3), "b2c": lvl(0)})
    weak = platform_data("weak", orientation={"b2b": lvl(0), "b2c": lvl(3)})
    rec = recommend(make_kb(weak, strong), profile(market="b2b"))
    assert [r.platform for r in rec.recommendations] == ["strong", "weak"]


def test_points_sum_exactly_to_the_score() -> None:
    kb = make_kb(
        platform_data(
            "alpha",
            orientation={"b2b": lvl(3), "b2c": lvl(1)},
            formats={"long-video": lvl(3)},
            goals={"leads": {"level": 3, "reason": "forms", **SRC}},
        )
    )
    p = profile(market="b2b", goals=["leads", "sales"], content=["long-video"], ads=True, regions=["DE", "US"])
    score, parts = score_platform(kb, kb.platforms[0], p)
    assert round(100 + sum(c.points for c in parts), 1) == score
    assert all(c.points <= 0 and 0 <= c.factor <= 1 for c in parts)
    assert all(round(c.points, 1) == c.points for c in parts)
    assert 0 <= score <= 100


def test_extreme_profiles_stay_within_0_and_100() -> None:
    best = platform_data(
        "best",
        orientation={"b2b": lvl(3), "b2c": lvl(3)},
        reach={"global": lvl(3)},
        formats={"text": lvl(3)},
        goals={"leads": {"level": 3, "reason": "forms", **SRC}},
    )
    worst = platform_data(
        "worst",
        orientation={"b2b": lvl(0), "b2c": lvl(0)},
        reach={"global": lvl(0)},
        formats={"text": lvl(0)},
        goals={"leads": {"level": 0, "reason": "none", **SRC}},
        self_serve_ads={"value": False, **SRC},
        lifecycle={"state": "pivoted", "since": "2023-01-01", "change": "jobs", **SRC},
    )
    rec = recommend(make_kb(best, worst), profile(goals=["leads"], content=["text"], ads=True))
    scores = {r.platform: r.score for r in rec.recommendations}
    assert 0 <= scores["worst"] < 1
    # everything at its best but the audience: a reach of 3 stands for 50%, whose square root is the score
    assert scores["best"] == round(100 * 0.5**0.5, 1)


def test_weights_come_from_the_knowledge_base() -> None:
    a = platform_data("a", orientation={"b2b": lvl(3), "b2c": lvl(0)}, reach={"global": lvl(0)})
    b = platform_data("b", orientation={"b2b": lvl(0), "b2c": lvl(0)}, reach={"global": lvl(3)})
    market_heavy = {**WEIGHTS, "market_fit": 10.0, "audience": 1.0}
    reach_heavy = {**WEIGHTS, "market_fit": 1.0, "audience": 10.0}
    assert recommend(make_kb(a, b, rules=market_heavy), profile(market="b2b")).recommendations[0].platform == "a"
    assert recommend(make_kb(a, b, rules=reach_heavy), profile(market="b2b")).recommendations[0].platform == "b"


def test_a_zero_weight_switches_a_rule_off() -> None:
    kb = make_kb(platform_data("a"), rules={**WEIGHTS, "market_fit": 0.0})
    rec = recommend(kb, profile(market="b2b"))
    assert "market_fit" not in {c.rule for c in rec.recommendations[0].contributions or ()}


def test_discontinued_platforms_are_excluded_with_the_date() -> None:
    gone = platform_data(
        "gone", lifecycle={"state": "discontinued", "since": "2019-04-02", "change": "consumer service closed", **SRC}
    )
    kb = make_kb(platform_data("alive"), gone)
    rec = recommend(kb, profile())
    assert [r.platform for r in rec.recommendations] == ["alive"]
    assert rec.excluded[0].platform == "gone"
    assert "April 2, 2019" in rec.excluded[0].reason.text
    assert (rec.excluded[0].reason.code, rec.excluded[0].reason.params) == (
        "excluded.discontinued",
        {"since": "2019-04-02"},
    )
    with using("de"):
        german = recommend(kb, profile()).excluded[0].reason
    assert german.text.startswith("eingestellt am 2. April 2019")


def test_blocked_in_every_asked_country_means_excluded() -> None:
    blocked = platform_data("blocked", unavailable=[{"country": "CN", "reason": "blocked by the firewall", **SRC}])
    kb = make_kb(platform_data("open"), blocked)
    only_cn = recommend(kb, profile(regions=["CN"]))
    assert [e.platform for e in only_cn.excluded] == ["blocked"]
    assert "blocked by the firewall" in only_cn.excluded[0].reason.text
    assert (only_cn.excluded[0].reason.code, only_cn.excluded[0].reason.params) == (
        "excluded.blocked",
        {"countries": ["CN"]},
    )
    assert not recommend(kb, profile(regions=["CN", "US"])).excluded
    assert not recommend(kb, profile(regions=["global"])).excluded


def test_weights_may_depend_on_the_market() -> None:
    a = platform_data("a", orientation={"b2b": lvl(3), "b2c": lvl(3)}, reach={"global": lvl(0)})
    b = platform_data("b", orientation={"b2b": lvl(2), "b2c": lvl(2)}, reach={"global": lvl(3)})
    rules = {**WEIGHTS, "audience": {"b2b": 0.1, "b2c": 3.0, "both": 1.0}}
    kb = make_kb(a, b, rules=rules)
    assert recommend(kb, profile(market="b2b")).recommendations[0].platform == "a"
    assert recommend(kb, profile(market="b2c")).recommendations[0].platform == "b"


def test_top_limits_the_ranking() -> None:
    kb = make_kb(platform_data("a"), platform_data("b", reach={"global": lvl(3)}), platform_data("c"))
    assert [r.platform for r in recommend(kb, profile(), top=1).recommendations] == ["b"]


def test_reasons_list_the_pluses_then_the_minuses() -> None:
    p = platform_data("a", orientation={"b2b": lvl(3), "b2c": lvl(0)}, reach={"global": lvl(1)})
    rec = recommend(make_kb(p), profile(market="b2b"))
    reasons = rec.recommendations[0].reasons
    assert str(reasons[0]).startswith("+ strong B2B network")
    assert (reasons[0].rule, reasons[0].sign, reasons[0].reason.code) == ("market_fit", "+", "market_fit.level")
    assert str(reasons[-1]).startswith("- ")
    assert (reasons[-1].rule, reasons[-1].sign, reasons[-1].reason.code) == ("audience", "-", "audience.share")
    assert "use it" in reasons[-1].reason.text


def test_the_memos_keys_hold_everything_their_rules_read() -> None:
    """A remembered column, estimate or exclusion is only right if its key holds every field it depends on.

    One scorer answers 400 generated profiles in a row (its memos filled by the earlier ones, as
    in a batch); a fresh scorer answers each alone. A key that missed a field would hand a later
    profile an earlier profile's column: the two answers would differ.
    """
    import json
    import random
    import tempfile
    from pathlib import Path

    from smm_advisor.advice.profiles import from_document
    from smm_advisor.advice.scoring import Scorer
    from smm_advisor.knowledge.reader import Document
    from smm_advisor.knowledge.store import load_knowledge_base, platform_names
    from tests.conftest import load_script

    kb = load_knowledge_base()
    names = platform_names(kb)
    generate = load_script("run", "benchmarks").generate_profiles
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "profiles.jsonl"
        generate(400, path, seed=3)
        lines = path.read_text(encoding="utf-8").splitlines()
    rng = random.Random(5)
    shared = Scorer(kb)
    for line in lines:
        data = json.loads(line)
        if rng.random() < 0.3:  # weights and exclusions too, which the generator leaves out
            data["weights"] = {"audience": rng.choice([0, 0.5, 2]), "goal_fit": rng.choice([1, 3])}
            data["exclude"] = rng.sample(["linkedin", "x", "tiktok", "wechat"], 2)
        profile = from_document(Document("line", data), platforms=names)
        for top, detail in ((5, False), (None, True)):
            assert shared.recommend(profile, top, detail) == Scorer(kb).recommend(profile, top, detail), line
