"""The quick path (quick.py) writes what the full path writes, byte for byte, or steps aside.

Every comparison runs the same command line twice in-process: once as users run it, once with
the quick path switched off, and wants the same exit code, stdout and stderr. That the quick path
loads neither typer nor pydantic is tests/test_startup.py's to check.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import typer
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smm_advisor import cache, quick, snapshot
from smm_advisor.cli import app, main
from smm_advisor.knowledge import bundled_path, load_knowledge_base
from smm_advisor.loading import read_bytes
from tests.conftest import make_kb, platform_data
from tests.test_properties import KB, knowledge_bases, profiles

BENCHMARK = [
    "recommend", "--market", "b2b", "--goal", "leads", "--goal", "image", "--age", "25-54", "--region", "DE",
    "--content", "image", "--ads", "--format", "json",
]  # fmt: skip


class Outcome:
    """What quick.run returned in the last call (None: it stepped aside)."""

    answered: bool | None = None


@pytest.fixture(autouse=True)
def _spy(monkeypatch: pytest.MonkeyPatch) -> None:
    real = quick.run

    def spy(args: list[str]) -> int | None:
        code = real(args)
        Outcome.answered = code is not None
        return code

    monkeypatch.setattr(quick, "run", spy)
    load_knowledge_base(None)  # the bundled snapshot is in the (test session's) cache


def both_ways(capsys: pytest.CaptureFixture[str], args: list[str]) -> tuple[tuple[int, str, str], bool]:
    """(code, stdout, stderr) as users get them, checked against the full path; and whether quick answered."""
    code = main(list(args))
    out, err = capsys.readouterr()
    answered = bool(Outcome.answered)
    spy = quick.run
    quick.run = lambda args: None
    try:
        full_code = main(list(args))
    finally:
        quick.run = spy
    full_out, full_err = capsys.readouterr()
    assert (code, out, err) == (full_code, full_out, full_err), args
    return (code, out, err), answered


# ------------------------------------------------------------------ the options


def test_the_options_are_the_recommend_commands_own() -> None:
    command = typer.main.get_command(app).commands["recommend"]  # type: ignore[attr-defined]
    params: dict[str, tuple[str, str]] = {}
    for p in command.params:
        kind = quick.MULTI if p.multiple else quick.ON if p.is_flag else quick.VALUE
        params.update(dict.fromkeys(p.opts, (p.name, kind)))
        params.update(dict.fromkeys(p.secondary_opts, (p.name, quick.OFF)))
    for option, (name, kind) in quick.OPTIONS.items():
        assert params[option] == (name, kind), option
    assert not command.context_settings.get("auto_envvar_prefix")
    assert all(p.envvar is None for p in command.params)


# ------------------------------------------------------------------ same bytes


def flags_of(raw: dict[str, Any]) -> list[str]:
    names = {"market": "--market", "goals": "--goal", "age": "--age", "regions": "--region", "content": "--content"}
    args: list[str] = []
    for key, flag in names.items():
        values = raw.get(key)
        for value in [values] if isinstance(values, str) else values or []:
            args += [flag, value]
    if "ads" in raw:
        args.append("--ads" if raw["ads"] else "--no-ads")
    for value in raw.get("require", []):
        args += ["--require", value]
    for value in raw.get("exclude", []):
        args += ["--exclude", value]
    for rule, factor in raw.get("weights", {}).items():
        args += ["--weight", f"{rule}={factor:g}"]
    return args


CAPSYS_OK = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])  # read out after every run


@CAPSYS_OK
@given(
    raw=profiles(),
    fmt=st.sampled_from(
        [
            ["--format", "json"],
            ["--json"],
            ["--format=jsonl"],
            ["--format", " JSON "],
            [],
            ["--format", "table", "--color", "always"],
            ["--format", "markdown"],
            ["--format=csv"],
        ]
    ),
    top=st.sampled_from([[], ["--top", "1"], ["--top=5"], ["--top", "40"]]),
    lang=st.sampled_from([[], ["--lang", "de"]]),
    explain=st.sampled_from([[], ["--explain"]]),
)
def test_quick_answers_every_clean_profile_as_the_full_path_does(
    capsys: pytest.CaptureFixture[str],
    raw: dict[str, Any],
    fmt: list[str],
    top: list[str],
    lang: list[str],
    explain: list[str],
) -> None:
    raw["exclude"] = [e for e in raw.get("exclude", []) if e in ("tiktok", "x")]
    args = [*lang, "recommend", *flags_of(raw), *fmt, *top, *explain]
    (code, out, _), answered = both_ways(capsys, args)
    assert answered, args
    assert code == 0
    assert out.strip()


OPTION_VALUES: dict[str, list[str]] = {
    "--market": ["b2b", "B2C", "both", "b2q", ""],
    "--goal": ["leads", "Bekanntheit", "image", "fame", " support "],
    "--age": ["25-54", "65+", "10-20", "54-25", "x", "13-120", "30 - 40", "18-200"],
    "--region": ["DE", "dach", "us", "eu", "global", "XX", "CN"],
    "--content": ["image", "reels", "video", "chat", "poster"],
    "--require": ["ads", "b2b", "chat", "money"],
    "--exclude": ["tiktok", "X", "twitter", "nope"],
    "--top": ["1", "3", "0", "-2", "x", "007", " 2", "+2"],
    "--format": ["json", "jsonl", "JSON", " json ", "table", "csv", "markdown", "html", "yaml"],
    "--color": ["never", "always", "purple"],
    "--min-score": ["50", "70.5", "100", "101", "-1", "abc", "0", "1e2", "60.0"],
    "--fail-if-missing": ["linkedin", "tiktok", "nope", "X", "xing"],
    "--weight": ["audience_age=2", "goal-fit=0.5", "goal_fit=1e1", "goal_fit=11", "nope=2", "x"],
    "--kb": ["missing.yaml", "-"],
    "--profile": ["missing.yaml"],
}
BARE = ["--ads", "--no-ads", "--json", "--quiet", "-q", "--explain", "--help", "--ads=1", "--robustness", "--", "x"]


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    args = ["recommend"]
    for _ in range(draw(st.integers(0, 7))):
        if draw(st.integers(0, 4)) == 0:
            args.append(draw(st.sampled_from(BARE)))
            continue
        option = draw(st.sampled_from(sorted(OPTION_VALUES)))
        value = draw(st.sampled_from(OPTION_VALUES[option]))
        args += [f"{option}={value}"] if draw(st.booleans()) else [option, value]
    if draw(st.booleans()):
        args += ["--format", "json"]
    return args


@CAPSYS_OK
@given(args=command_lines())
def test_any_command_line_gets_the_full_paths_answer(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    both_ways(capsys, args)


# key -> (values the quick path reads, values it must leave to the full path)
PROFILE_VALUES: dict[str, tuple[list[Any], list[Any]]] = {
    "market": (["b2b", "B2C"], [None, 3, "b2q"]),
    "goals": ([["leads", "Bekanntheit"], "image", [], None], [["fame"], [1]]),
    "age": (
        ["25-54", "65+", {"min": 20, "max": 40}, None],
        [{"min": "20", "max": 40}, {"min": 20.0, "max": 40}, {"min": 40, "max": 20}, 30],
    ),
    "regions": ([["DE", "at"], "dach", []], [["XX"]]),
    "content": ([["image", "reels"], "chat", None], [[3]]),
    "ads": ([True, False, None], ["yes", 1]),
    "weights": (
        [{}, {"goal_fit": 2}, {"Audience-Age": 0.5, "lifecycle": 0}],
        [{"goal_fit": "2"}, {"goal_fit": 11}, {"goal_fit": True}, {"bogus": 1}],
    ),
    "require": ([["ads"], []], [["money"]]),
    "exclude": ([["tiktok"], []], [["nope"]]),
    "colour": ([], ["blue"]),
}


@st.composite
def profile_files(draw: st.DrawFn) -> tuple[str, dict[str, Any], bool]:
    """(suffix, the file's mapping, whether the quick path should answer it)."""
    keys = draw(st.lists(st.sampled_from(sorted(PROFILE_VALUES)), unique=True, max_size=6))
    data = {k: draw(st.sampled_from(PROFILE_VALUES[k][0] + PROFILE_VALUES[k][1])) for k in keys}
    clean = all(any(json.dumps(data[k]) == json.dumps(v) for v in PROFILE_VALUES[k][0]) for k in keys)
    return draw(st.sampled_from(["yaml", "json"])), data, clean


@CAPSYS_OK
@given(
    file=profile_files(),
    flags=st.sampled_from([[], ["--market", "b2c"], ["--goal", "sales", "--no-ads"], ["--age", "x"]]),
)
def test_profile_files_get_the_full_paths_answer(
    capsys: pytest.CaptureFixture[str], tmp_path_factory: pytest.TempPathFactory, file: Any, flags: list[str]
) -> None:
    suffix, data, clean = file
    path = tmp_path_factory.mktemp("profile") / f"campaign.{suffix}"
    path.write_text(json.dumps(data) if suffix == "json" else yaml.safe_dump(data), encoding="utf-8")
    (code, _, _), answered = both_ways(capsys, ["recommend", "--profile", str(path), *flags, "--json"])
    if clean and "--age" not in flags:
        assert (code, answered) == (0, True), data


@pytest.mark.parametrize("text", ["ads: yes\n", "ads: NO\n", "age: {min: 20, max: 40}\n", "goals: [leads]\n"])
def test_yaml_profiles_read_alike(capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str) -> None:
    path = tmp_path / "campaign.yaml"
    path.write_text(text, encoding="utf-8")
    both_ways(capsys, ["recommend", "--profile", str(path), "--json"])


@pytest.mark.parametrize(
    "env", [{"COLUMNS": "132"}, {"COLUMNS": "50", "FORCE_COLOR": "1"}, {"NO_COLOR": "1", "FORCE_COLOR": "1"}]
)
@pytest.mark.parametrize("fmt", ["table", "markdown", "csv"])
def test_human_formats_follow_the_terminal_settings_alike(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, env: dict[str, str], fmt: str
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    (code, out, _), answered = both_ways(capsys, [*BENCHMARK, "--format", fmt, "--lang", "de"])
    assert (code, answered) == (0, True)
    if fmt == "table" and env.get("COLUMNS") == "132":
        assert max(map(len, out.splitlines())) > 80


@pytest.mark.parametrize(
    "extra",
    [["--min-score", "99"], ["--min-score", "99", "--quiet"], ["--fail-if-missing", "xing", "--top", "2"]],
)
def test_gates_fail_alike(capsys: pytest.CaptureFixture[str], extra: list[str]) -> None:
    (code, _, err), answered = both_ways(capsys, [*BENCHMARK, *extra])
    assert answered
    assert code == 1
    assert ("gate failed" in err) is ("--quiet" not in extra)


@pytest.mark.parametrize(
    "extra",
    [
        ["--age", "13-120"],
        ["--age", "65+"],
        ["--min-score", "0"],
        ["--min-score=100"],
        ["--top", "1"],
        ["--no-ads", "--ads"],
        ["--ads", "--no-ads"],
        ["--format", "table", "--json"],
        ["--market", "b2c", "--market", "b2b"],
        ["--explain", "--format", "table"],
        ["--explain", "--format", "csv", "--top", "2"],
        ["--weight", "goal_fit=0"],
        ["--weight", "audience-age=2.5", "--weight", "goal_fit=10", "--explain"],
    ],
)
def test_quick_answers_at_the_edges(capsys: pytest.CaptureFixture[str], extra: list[str]) -> None:
    _, answered = both_ways(capsys, [*BENCHMARK, *extra])
    assert answered


@pytest.mark.parametrize(
    "extra",
    [
        ["--format", "html"],
        ["--format", "table", "--color", "purple"],
        ["--portfolio", "3"],
        ["--weight", "goal_fit=1e1"],
        ["--weight", "goal_fit=11"],
        ["--weight", "nope=2"],
        ["--help"],
        ["--top", "0"],
        ["--age", "12-20"],
        ["--age", "20-121"],
        ["--age", "54-25"],
        ["--min-score", "100.5"],
        ["--goal", "fame"],
        ["--exclude", "nope"],
        ["--fail-if-missing", "nope"],
        ["--ads=yes"],
        ["--kb", "-"],
        ["--profile", "-"],
        ["--", "x"],
    ],
)
def test_quick_steps_aside_for_what_it_does_not_read(capsys: pytest.CaptureFixture[str], extra: list[str]) -> None:
    _, answered = both_ways(capsys, [*BENCHMARK, *extra])
    assert not answered


def test_quick_steps_aside_without_a_cache(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMM_ADVISOR_NO_CACHE", "1")
    (code, _, _), answered = both_ways(capsys, BENCHMARK)
    assert (code, answered) == (0, False)


# ------------------------------------------------------------------ the snapshot


def assert_same(model: Any, record: Any, where: str = "kb") -> None:
    """`record` (from a snapshot) has every field of `model`, with equal values of the same types."""
    fields = getattr(type(model), "model_fields", None)
    if fields is not None:
        assert type(record).__name__ == type(model).__name__, where
        assert list(vars(record)) == list(fields), where
        for name in fields:
            assert_same(getattr(model, name), getattr(record, name), f"{where}.{name}")
    elif isinstance(model, tuple):
        assert type(record) is tuple, where
        assert len(record) == len(model), where
        for i, (m, r) in enumerate(zip(model, record, strict=True)):
            assert_same(m, r, f"{where}[{i}]")
    elif isinstance(model, dict):
        assert type(record) is dict, where
        assert list(record) == list(model), where
        for key in model:
            assert_same(model[key], record[key], f"{where}[{key!r}]")
    else:
        assert type(record) is type(model), where
        assert record == model, where


def test_the_bundled_snapshot_holds_the_knowledge_base() -> None:
    assert_same(KB, snapshot.loads(snapshot.dumps(KB)))
    path = str(bundled_path())
    assert_same(KB, cache.snapshot(path, read_bytes(path)))


@given(kb=knowledge_bases())
def test_snapshots_of_generated_knowledge_bases_hold_them(kb: Any) -> None:
    assert_same(kb, snapshot.loads(snapshot.dumps(kb)))


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])  # each writes a cache entry
@given(kb=knowledge_bases(), raw=profiles(), fmt=st.sampled_from(["json", "table", "csv"]))
def test_generated_knowledge_bases_get_the_same_answer_both_ways(
    capsys: pytest.CaptureFixture[str], tmp_path_factory: pytest.TempPathFactory, kb: Any, raw: dict[str, Any], fmt: str
) -> None:
    """Discontinued, pivoted and blocked networks, unknown ages and reach: the snapshot scores alike."""
    raw.pop("exclude", None)
    path = tmp_path_factory.mktemp("kb") / "kb.json"
    path.write_text(kb.model_dump_json())
    args = ["recommend", "--kb", str(path), *flags_of(raw), "--format", fmt]
    both_ways(capsys, args)  # the first run writes the snapshot
    (code, _, _), answered = both_ways(capsys, args)
    assert (code, answered) == (0, True)


def test_records_are_read_only() -> None:
    platform = snapshot.loads(snapshot.dumps(KB)).platforms[0]
    with pytest.raises(AttributeError):
        platform.id = "other"


@pytest.mark.parametrize("text", ['{"x": 1}', '{"~m": "A", "b": {"c": 1}}'])
def test_an_untagged_object_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="untagged object"):
        snapshot.loads(text)


def test_keys_that_look_like_tags_stay_keys() -> None:
    data = {"~m": 1, "~d": {"~o": 2}}
    assert snapshot.loads(json.dumps(snapshot.encode(data))) == data
    assert snapshot.loads(json.dumps(snapshot.encode((date(2026, 1, 2), ())))) == (date(2026, 1, 2), ())


def test_what_a_snapshot_cannot_hold_is_refused() -> None:
    with pytest.raises(snapshot.Unsupported):
        snapshot.encode({"a": {1, 2}})
    with pytest.raises(snapshot.Unsupported):
        snapshot.encode({1: "a"})


def entry_of(path: str) -> Path:
    folder = cache.directory()
    assert folder is not None
    (found,) = [p for p in folder.iterdir() if json.loads(p.read_bytes().split(b"\n", 1)[0])["stamp"]["path"] == path]
    return found


def test_a_damaged_snapshot_is_not_used(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    kb_file = tmp_path / "kb.json"
    kb = make_kb(platform_data("pro"), platform_data("fun"))
    kb_file.write_text(kb.model_dump_json())
    args = ["recommend", "--kb", str(kb_file), "--json"]
    _, answered = both_ways(capsys, args)  # the first run writes the entry
    assert not answered
    (_, out, _), answered = both_ways(capsys, args)
    assert answered
    entry = entry_of(os.path.realpath(kb_file))
    head, line, body = entry.read_bytes().split(b"\n", 2)
    entry.write_bytes(head + b"\n" + line.replace(b'"Pro"', b'"Bad"') + b"\n" + body)
    assert cache.snapshot(str(kb_file), kb_file.read_bytes()) is None
    (_, again, _), answered = both_ways(capsys, args)
    assert (again, answered) == (out, False)


def test_an_edited_knowledge_base_is_read_afresh(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    kb_file = tmp_path / "kb.json"
    kb_file.write_text(make_kb(platform_data("pro")).model_dump_json())
    args = ["recommend", "--kb", str(kb_file), "--json"]
    both_ways(capsys, args)
    kb_file.write_text(make_kb(platform_data("newer")).model_dump_json())
    (_, out, _), answered = both_ways(capsys, args)
    assert not answered  # the entry is stale: the full path answers and writes a new one
    assert json.loads(out)["recommendations"][0]["platform"] == "newer"
    (_, again, _), answered = both_ways(capsys, args)
    assert (again, answered) == (out, True)
