"""Issue 7: explain, compare, portfolio, robustness, custom weights and hard requirements."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import yaml

from smm_advisor.advice.compare import compare
from smm_advisor.advice.portfolio import build_portfolio, overlap
from smm_advisor.advice.profiles import from_flags
from smm_advisor.advice.robustness import check_robustness
from smm_advisor.advice.scoring import recommend
from smm_advisor.knowledge.models import KnowledgeBase
from smm_advisor.knowledge.store import load_knowledge_base
from tests.conftest import SRC, kb_data, lvl, make_kb, platform_data, profile, run

KB = load_knowledge_base(None)
FLAGS = {"market": "--market", "goals": "--goal", "age": "--age", "regions": "--region", "content": "--content"}


def ask(**fields: object) -> object:
    return from_flags(dict(fields), FLAGS)


# ------------------------------------------------------------------ explain


def test_explain_parts_sum_exactly_to_the_score_in_json(capsys: pytest.CaptureFixture[str]) -> None:
    args = ("recommend", "--market", "b2b", "--goal", "leads", "--age", "30-60", "--region", "DE", "--ads")
    code, out, _ = run(capsys, *args, "--content", "text", "--explain", "--json")
    assert code == 0
    for r in json.loads(out)["recommendations"]:
        parts = r["contributions"]
        assert {p["rule"] for p in parts} == {
            "market_fit", "goal_fit", "audience", "content_fit", "ads_fit", "lifecycle"
        }  # fmt: skip
        assert round(100 + sum(p["points"] for p in parts), 1) == r["score"]
    plain = json.loads(run(capsys, *args, "--json")[1])
    assert "contributions" not in plain["recommendations"][0]


def test_explain_shows_in_table_markdown_and_csv(capsys: pytest.CaptureFixture[str]) -> None:
    base = ("recommend", "--market", "b2b", "--goal", "leads", "--top", "2", "--explain")
    table = run(capsys, *base, "--color", "never")[1]
    assert "base 100.0" in table
    assert "market_fit x" in table
    assert "= score" in table
    md = run(capsys, *base, "--format", "markdown")[1]
    assert "base 100.0<br>" in md
    rows = list(csv.DictReader(io.StringIO(run(capsys, *base, "--format", "csv")[1])))
    first = rows[0]
    points = [float(part.split()[0]) for part in first["explanation"].split(" | ")]
    assert round(100 + sum(points), 1) == float(first["score"])


# ------------------------------------------------------------------ compare


def test_compare_differences_sum_to_the_score_gap() -> None:
    p = ask(market="b2b", goals=["recruiting"], regions=["dach"])
    c = compare(KB, p, "linkedin", "xing")  # type: ignore[arg-type]
    assert round(sum(r.difference for r in c.rules), 1) == c.difference == round(c.a.score - c.b.score, 1)
    assert c.difference > 0
    assert c.rules[0].rule in ("market_fit", "lifecycle")
    assert abs(c.rules[0].difference) >= abs(c.rules[-1].difference)


def test_compare_cli_json_and_errors(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "compare", "twitter", "Bluesky", "--goal", "awareness", "--json")
    assert code == 0
    doc = json.loads(out)
    assert (doc["a"]["platform"], doc["b"]["platform"]) == ("x", "bluesky")
    assert round(sum(r["difference"] for r in doc["rules"]), 1) == doc["difference"]
    code, out, err = run(capsys, "compare", "x", "blusky")
    assert (code, out) == (2, "")
    assert "did you mean 'bluesky'?" in err
    code, out, _ = run(capsys, "compare", "google+", "linkedin")
    assert code == 0
    assert "Google+ is excluded: discontinued on April 2, 2019" in out


# ------------------------------------------------------------------ portfolio


def test_portfolio_picks_distinct_ranked_networks_within_the_budget() -> None:
    p = ask(market="b2c", goals=["sales"], regions=["DE"], age="18-35")
    rec = recommend(KB, p)  # type: ignore[arg-type]
    port = build_portfolio(KB, rec, 3, hours_budget=5)
    ids = [x.platform for x in port.picks]
    assert len(ids) == len(set(ids)) == 3
    assert set(ids) <= {r.platform for r in rec.recommendations}
    assert port.total_hours is not None
    assert port.total_hours <= 5
    assert all(x.why for x in port.picks)
    assert port.picks[0].platform == rec.recommendations[0].platform
    assert build_portfolio(KB, rec, 3, hours_budget=5) == port


def test_portfolio_discounts_overlap_and_warns_about_poor_pairs() -> None:
    same = {"text": lvl(3), "image": lvl(3)}
    a = platform_data("a", formats=same, orientation={"b2b": lvl(3), "b2c": lvl(3)})
    twin = platform_data(
        "b",
        formats=same,
        orientation={"b2b": lvl(3), "b2c": lvl(3)},
        overlaps=[{"platform": "a", "level": 3, "reason": "same users", **SRC}],
    )
    other = platform_data("c", formats={"long-video": lvl(3)}, orientation={"b2b": lvl(2), "b2c": lvl(2)})
    kb = make_kb(a, twin, other)
    rec = recommend(kb, profile())
    assert [r.platform for r in rec.recommendations][:2] == ["a", "b"]
    assert overlap(kb.platform("a"), kb.platform("b"))[0] == 1.0
    port = build_portfolio(kb, rec, 2)
    assert [x.platform for x in port.picks] == ["a", "c"]  # the twin adds less than the different one
    forced = build_portfolio(kb, rec, 3)
    (warning,) = [w for w in forced.warnings if w.code == "portfolio.overlap"]
    assert "overlap strongly" in warning.text
    assert warning.params == {"platforms": ["a", "b"], "overlap": 100, "basis": "recorded"}


def test_portfolio_budget_leaves_out_costly_networks(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "recommend", "--market", "b2c", "--goal", "awareness", "--portfolio", "3",
                       "--hours-per-week", "3", "--json")  # fmt: skip
    assert code == 0
    port = json.loads(out)["portfolio"]
    assert port["hours_budget"] == 3
    assert port["total_hours"] <= 3
    assert any("budget" in w["text"] for w in port["warnings"])
    assert {"portfolio.over_budget", "portfolio.too_few"} <= {w["code"] for w in port["warnings"]}


# ------------------------------------------------------------------ robustness


def test_robustness_is_deterministic_and_in_range() -> None:
    p = ask(market="b2c", goals=["sales"], regions=["DE"], age="18-35", content=["short-video"])
    rec = recommend(KB, p)  # type: ignore[arg-type]
    first = check_robustness(KB, p, rec, seed=7)  # type: ignore[arg-type]
    assert first == check_robustness(KB, p, rec, seed=7)  # type: ignore[arg-type]
    assert first.runs == 200 + 5  # 200 random runs + each of the 5 applicable rules left out once
    for s in first.platforms:
        assert 0 <= s.rank_kept <= 1
        assert 0 <= s.tier_kept <= 1
        assert s.fragile == (min(s.rank_kept, s.tier_kept) < 0.6)
    assert [s.platform for s in first.platforms] == [r.platform for r in rec.recommendations]


def test_robustness_marks_a_near_tie_fragile_and_a_clear_lead_stable() -> None:
    # near-a: strong B2B, 6% reach; near-b: weak B2B (x0.5) but 25% reach: 0.245 against 0.25
    world = {"name": "World survey", "label": "World", "country": "global", "year": 2025, "unit": "% who use it",
             "frequency": "ever", "scope": "population", "population": "people", "bands": ["16+"], **SRC}  # fmt: skip
    used = [{"survey": "world", "total": 25, **SRC}]
    lead = platform_data("lead", orientation={"b2b": lvl(3), "b2c": lvl(3)}, reach={"global": lvl(3)})
    near_a = platform_data("near-a", orientation={"b2b": lvl(3), "b2c": lvl(3)}, reach={"global": lvl(1)})
    near_b = platform_data("near-b", orientation={"b2b": lvl(1), "b2c": lvl(1)}, audience=used)
    kb = KnowledgeBase.model_validate({**kb_data(lead, near_a, near_b), "surveys": {"world": world}})
    p = profile(market="b2b")
    stats = {s.platform: s for s in check_robustness(kb, p, recommend(kb, p)).platforms}
    assert not stats["lead"].fragile
    assert stats["near-a"].fragile or stats["near-b"].fragile


def test_robustness_marks_a_network_whose_tier_flips_fragile_though_its_rank_holds() -> None:
    # alone, so always first; at 53 it sits near the 50 and 65 floors, so shifted weights move its tier
    kb = make_kb(platform_data("only", orientation={"b2b": lvl(2), "b2c": lvl(3)}, reach={"global": lvl(3)}))
    p = profile(market="b2b")
    (s,) = check_robustness(kb, p, recommend(kb, p)).platforms
    assert s.rank_kept == 1.0
    assert s.tier_kept < 0.6
    assert s.fragile


def test_robustness_in_the_cli_output(capsys: pytest.CaptureFixture[str]) -> None:
    args = ("recommend", "--goal", "awareness", "--robustness", "--seed", "3", "--top", "4", "--json")
    one, two = run(capsys, *args)[1], run(capsys, *args)[1]
    assert one == two
    rob = json.loads(one)["robustness"]
    assert rob["seed"] == 3
    assert len(rob["platforms"]) == 4


# ------------------------------------------------------------------ weights, requirements


def test_weight_flag_and_profile_weights_change_the_ranking(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    a = platform_data("a", orientation={"b2b": lvl(3), "b2c": lvl(0)}, reach={"global": lvl(0)})
    b = platform_data("b", orientation={"b2b": lvl(0), "b2c": lvl(0)}, reach={"global": lvl(3)})
    kb_path = tmp_path / "kb.yaml"
    kb_path.write_text(yaml.safe_dump(kb_data(a, b), sort_keys=False))
    base = ("recommend", "--kb", str(kb_path), "--market", "b2b", "--json")

    def top(*extra: str) -> str:
        return str(json.loads(run(capsys, *base, *extra)[1])["recommendations"][0]["platform"])

    assert top("--weight", "audience=5") == "b"
    assert top("--weight", "market_fit=5") == "a"
    prof = tmp_path / "p.yaml"
    prof.write_text("weights: {regional-reach: 5}\n")  # a rule name of schema 1.x, still accepted
    assert top("--profile", str(prof)) == "b"
    doc = json.loads(run(capsys, *base, "--weight", "market_fit=0", "--explain")[1])
    assert "market_fit" not in {c["rule"] for c in doc["recommendations"][0]["contributions"]}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--weight", "reach=2"], "'reach' is not a rule; did you mean 'audience'?"),
        (["--weight", "audience"], "is not RULE=FACTOR"),
        (["--weight", "audience_age=-1"], "--weight (audience): must be at least 0"),
        (["--require", "adz"], "'adz' is not a requirement; did you mean 'ads'?"),
        (["--exclude", "tiktak"], "did you mean 'tiktok'?"),
    ],
)
def test_bad_weights_and_requirements_exit_2(capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    code, out, err = run(capsys, "recommend", *args)
    assert (code, out) == (2, "")
    assert message in err


def test_require_and_exclude_move_platforms_to_excluded(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "recommend", "--require", "ads", "--exclude", "TikTok", "--json")
    assert code == 0
    doc = json.loads(out)
    ranked = {r["platform"] for r in doc["recommendations"]}
    excluded = {e["platform"]: e["reason"] for e in doc["excluded"]}
    assert "tiktok" not in ranked
    assert "--exclude" in excluded["tiktok"]["text"]
    assert excluded["tiktok"]["code"] == "excluded.on_request"
    assert {"mastodon", "bluesky"} <= set(excluded)
    assert "ads (--require)" in excluded["mastodon"]["text"]
    assert (excluded["mastodon"]["code"], excluded["mastodon"]["params"]) == (
        "excluded.requirements",
        {"requirements": ["ads"]},
    )
