"""The batch fast path gives, byte for byte, what the reference way gives.

The reference: `_profile_for` reads a line, `recommend` scores it, `recommendation_payload` and
the batch's JSON encoder write it. The fast way (batch.ProfileReader, fastpath.BatchScorer) must
agree on every line, in either language, for any top, on the bundled and on generated knowledge
bases; and must notice when it does not.
"""

from __future__ import annotations

import io
import json
import random
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smm_advisor import rules
from smm_advisor.batch import ProfileReader, _profile_for, run_batch
from smm_advisor.errors import InputError
from smm_advisor.fastpath import BatchScorer, Memo, _record
from smm_advisor.i18n import using
from smm_advisor.models import KnowledgeBase, Platform, Profile
from smm_advisor.profiles import from_flags, normalise
from smm_advisor.render import recommendation_payload
from smm_advisor.scoring import recommend
from smm_advisor.vocabulary import REQUIREMENTS
from tests.conftest import make_kb, platform_data, profile
from tests.test_properties import FLAGS, KB, knowledge_bases, profiles

RULE_NAMES = sorted(rules.RULES)
SCORERS = {top: BatchScorer(KB, top) for top in (None, 1, 5)}


def reference(kb: KnowledgeBase, p: Profile, top: int | None, line: int = 7) -> str:
    return _record(line, recommendation_payload(recommend(kb, p, top=top)))


def fast(scorer: BatchScorer, p: Profile, line: int = 7) -> str:
    out = scorer._record(p, line)
    assert out is not None
    return out


@st.composite
def advice(draw: st.DrawFn) -> dict[str, Any]:
    """A profile as flags, with rule weights, requirements and exclusions now and then."""
    raw = draw(profiles())
    if draw(st.booleans()):
        raw["weights"] = {
            r: draw(st.sampled_from([0, 0.5, 1, 2.5, 10])) for r in draw(st.sets(st.sampled_from(RULE_NAMES)))
        }
    if draw(st.booleans()):
        raw["require"] = draw(st.lists(st.sampled_from(REQUIREMENTS), max_size=2))
    if draw(st.booleans()):
        raw["exclude"] = draw(st.lists(st.sampled_from([p.id for p in KB.platforms]), max_size=3))
    return raw


@given(advice(), st.sampled_from([None, 1, 5]))
def test_the_fast_way_writes_what_the_reference_way_writes(raw: dict[str, Any], top: int | None) -> None:
    p = from_flags(raw, FLAGS)
    assert fast(SCORERS[top], p) == reference(KB, p, top)


EXPLAINING = {top: BatchScorer(KB, top, explain=True) for top in (None, 3)}


@given(advice(), st.sampled_from([None, 3]))
def test_with_every_rules_points_too(raw: dict[str, Any], top: int | None) -> None:
    """--explain (the quick path asks for it): the contributions as score_platform has them."""
    p = from_flags(raw, FLAGS)
    expected = _record(7, recommendation_payload(recommend(KB, p, top=top), explain=True))
    assert fast(EXPLAINING[top], p) == expected
    assert '"contributions"' in expected or '"recommendations":[]' in expected


@given(advice())
def test_in_german_too(raw: dict[str, Any]) -> None:
    with using("de"):
        p = from_flags(raw, FLAGS)
        scorer = BatchScorer(KB, 5)  # one scorer per run: the language is fixed for a run
        assert fast(scorer, p) == reference(KB, p, 5)
        assert fast(scorer, p, line=8) == reference(KB, p, 5, line=8)  # from the memos now


@given(knowledge_bases(), advice(), advice())
def test_on_generated_knowledge_bases(kb: KnowledgeBase, first: dict[str, Any], second: dict[str, Any]) -> None:
    scorer = BatchScorer(kb, None)
    for raw in (first, second, first):
        raw.pop("exclude", None)  # ids of the bundled knowledge base
        p = from_flags(raw, FLAGS)
        assert fast(scorer, p) == reference(kb, p, None)


def test_many_seeded_profiles_and_the_memos_are_used() -> None:
    rng = random.Random(8)
    scorer = BatchScorer(KB, 5)
    regions = ["DE", "dach", "eu", "US", "global", "CN", "FR", "JP"]
    for line in range(1, 400):
        lo = rng.choice([13, 18, 25, 35, 50, 65])
        raw = {
            "market": rng.choice(["b2b", "b2c", "both"]),
            "goals": rng.sample(["leads", "image", "sales", "awareness", "recruiting"], rng.randint(0, 2)),
            "regions": rng.sample(regions, rng.randint(1, 2)),
            "content": rng.sample(["image", "text", "short-video", "live"], rng.randint(0, 2)),
            "age": f"{lo}-{lo + rng.choice([9, 19, 29])}",
            "ads": rng.choice([True, False]),
        }
        p = from_flags(raw, FLAGS)
        assert scorer.record(p, line) == reference(KB, p, 5, line)
    assert scorer.fast
    assert scorer.to_check == 0
    memo = scorer.rules["market_fit"]
    assert memo.misses == 3  # b2b, b2c, both: market_fit reads the market only


def test_a_score_of_zero_weight_and_every_platform_excluded() -> None:
    kb = make_kb(platform_data("alpha"), platform_data("beta"), rules=dict.fromkeys(RULE_NAMES, 0.0))
    scorer = BatchScorer(kb, None)
    p = profile(goals=["leads"], ads=True)
    assert fast(scorer, p) == reference(kb, p, None)
    p = profile(exclude=["alpha", "beta"])
    assert fast(scorer, p) == reference(kb, p, None)
    assert '"recommendations":[]' in fast(scorer, p)


def test_a_difference_switches_the_batch_to_the_reference_way(monkeypatch: pytest.MonkeyPatch) -> None:
    scorer = BatchScorer(KB, 5)
    monkeypatch.setattr(scorer, "_record", lambda p, line: '{"wrong":true}')
    p = profile(market="b2b")
    assert scorer.record(p, 1) == reference(KB, p, 5, 1)
    assert not scorer.fast
    assert scorer.record(p, 2) == reference(KB, p, 5, 2)


def test_a_rule_that_raises_raises_as_in_the_reference_way(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(platform: Platform, p: Profile) -> rules.Verdict:
        if platform.id == "x":
            raise ZeroDivisionError("a bug in a rule")
        return rules.Verdict(0.0, "fine")

    monkeypatch.setitem(rules.RULES, "ads_fit", boom)
    scorer = BatchScorer(KB, 1)
    p = profile(ads=True)
    assert scorer._record(p, 1) is None
    with pytest.raises(ZeroDivisionError):
        scorer.record(p, 1)
    p = profile(ads=False)  # ads_fit does not apply: nothing raises
    assert scorer.record(p, 2) == reference(KB, p, 1, 2)


# --------------------------------------------------------------------------- memos


def test_a_memo_follows_the_fields_its_function_reads() -> None:
    calls: list[tuple[Any, ...]] = []

    def fn(p: Any) -> Any:
        calls.append((p.flag,))
        return ("a", p.a) if p.flag else ("b", p.b)

    memo = Memo(fn)
    cases = [SimpleNamespace(flag=f, a=a, b=b) for f in (True, False) for a in (1, 2) for b in ("x", "y")]
    for _ in range(3):
        for case in cases:
            assert memo(case) == fn(case)
    # flag=True reads a (2 values), flag=False reads b (2 values): 4 distinct results, 4 misses
    assert memo.misses == 4


@pytest.mark.parametrize("values", [(0.0, -0.0), (1, True, 1.0), ((1,), (True,)), ({"a": 1}, {"a": 1.0})])
def test_values_that_print_differently_are_different_keys(values: tuple[Any, ...]) -> None:
    memo = Memo(lambda p: repr(p.value))
    for value in values:
        assert memo(SimpleNamespace(value=value)) == repr(value)
    assert memo.misses == len(values)


def test_unhashable_values_are_computed_every_time() -> None:
    memo = Memo(lambda p: len(p.value))
    assert memo(SimpleNamespace(value=[1, 2])) == 2
    assert memo(SimpleNamespace(value=[1, 2, 3])) == 3


def test_a_memo_forgets_everything_when_full() -> None:
    memo = Memo(lambda p: p.n * 2, limit=3)
    for n in range(10):
        assert memo(SimpleNamespace(n=n)) == n * 2
    assert memo._leaves <= 3
    assert memo(SimpleNamespace(n=9)) == 18


# --------------------------------------------------------------------------- profile lines


LINES = [
    b'{"market": "B2B", "goals": ["Anfragen", "leads"], "regions": ["de", "NO"], "age": "25-54", "ads": true}\n',
    b'{"market": "b2c", "age": {"min": 30, "max": 20}}\n',
    b'{"goals": "leads", "content": ["reels", "photo"], "ads": null}\n',
    b'{"goals": ["fame"]}\n',
    b'{"market": "b2b", "market": "b2c"}\n',
    b'{"age": NaN}\n',
    b'{"ads": 1}\n',
    b'{"ads": "yes"}\n',
    b'{"ads": true}\n',
    b'{"market": 1}\n',
    b'{"market": true}\n',
    b'{"weights": {"goal-fit": "2", "audience_age": 0}}\n',
    b'{"weights": {"goal_fit": 20}}\n',
    b'{"require": ["ads", "video"], "exclude": ["x"]}\n',
    b'{"require": ["ads", "image"]}\n',
    b'{"colour": "red"}\n',
    b'["a list"]\n',
    b"not json\n",
    b"\n",
    b'{"regions": []}\n',
    b'{"regions": [["DE"]]}\n',
    b'{"regions": [1.0]}\n',
    b'{"a": ' + b"[" * 70 + b"]" * 70 + b"}\n",
    b'{"market": "\xff"}\n',
    b'{"market": "b2b"}\n',
    b'{"age": "65+", "regions": "eu"}\n',
    b'{"age": 30}\n',
]


def outcome(read: Any, raw: bytes, number: int) -> tuple[str, Any]:
    try:
        p = read(raw, number)
    except InputError as exc:
        return "errors", exc.lines()
    return "profile", (p.model_dump(), sorted(p.model_fields_set))


@pytest.mark.parametrize("overrides", [{}, {"market": "b2b"}, {"regions": ["US"], "ads": True}])
def test_the_reader_reads_every_line_as_the_reference_way_does(overrides: dict[str, Any]) -> None:
    reader = ProfileReader("in.jsonl", overrides)
    reader.to_check = 0
    for number, raw in enumerate(LINES * 3, start=1):
        expected = outcome(lambda r, n: _profile_for(r, "in.jsonl", n, overrides), raw, number)
        assert outcome(reader.profile, raw, number) == expected, raw
    assert reader.fast


def test_the_reader_reads_repeated_values_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def counting(raw: dict[str, Any]) -> Any:
        calls.extend(raw)
        return normalise(raw)

    monkeypatch.setattr("smm_advisor.batch.normalise", counting)
    reader = ProfileReader("in.jsonl", {})
    line = b'{"market": "b2b", "goals": ["leads"], "regions": ["DE"]}\n'
    for number in range(2, 200):
        reader.profile(line, number)
    assert sorted(calls) == ["goals", "market", "regions"]


def test_a_batch_writes_what_the_reference_way_writes(tmp_path: Any) -> None:
    rng = random.Random(3)
    lines = [rng.choice(LINES) for _ in range(300)]
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"".join(lines))
    out = io.StringIO()
    read, failed = run_batch(str(src), KB, {"content": ["image"]}, top=3, stdout=out)
    expected = []
    for number, raw in enumerate(lines, start=1):
        try:
            p = _profile_for(raw, str(src), number, {"content": ["image"]})
        except InputError as exc:
            expected.append(
                json.dumps({"line": number, "errors": exc.lines()}, ensure_ascii=False, separators=(",", ":"))
            )
            continue
        expected.append(reference(KB, p, 3, number))
    assert out.getvalue() == "".join(line + "\n" for line in expected)
    assert read == len(lines)
    assert failed == sum(1 for line in expected if '"errors"' in line)
