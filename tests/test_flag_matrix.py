"""No flag is dropped silently: every pair of options of recommend, compare and check is honoured or refused.

Each option of a command has a setting here and a probe that says whether the setting was honoured
(the answer's profile, the output's format, the exit code, ...). Every option the command has
must have one (a new option fails `test_every_option_has_a_setting` until it does). Every pair of
settings is run: a refused pair must be one of REFUSED (exit 2, both options named, nothing on
stdout), any other pair must satisfy both probes.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from smm_advisor.knowledge.store import bundled_path
from tests.conftest import run

Probe = Callable[["Outcome", frozenset[str]], bool]


@dataclass
class Outcome:
    code: int
    out: str
    err: str
    answer: Any  # what the command computed (a Recommendation, a Comparison, a CheckReport), or None
    fmt: str  # the format asked for


@dataclass(frozen=True)
class Setting:
    name: str
    args: tuple[str, ...]
    probe: Probe


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("matrix")
    kb = folder / "kb.yaml"
    text = bundled_path().read_text(encoding="utf-8")
    kb.write_text(re.sub(r"^version: .*$", 'version: "matrix"', text, count=1, flags=re.M), encoding="utf-8")
    (folder / "profile.yaml").write_text("age: 18-29\n", encoding="utf-8")
    (folder / "batch.jsonl").write_text('{"goals": ["awareness"]}\n{"goals": ["sales"]}\n', encoding="utf-8")
    (folder / "draft.md").write_text("A launch post #launch\n", encoding="utf-8")
    return {name: str(folder / name) for name in ("kb.yaml", "profile.yaml", "batch.jsonl", "draft.md")}


# ------------------------------------------------------------------------------------ what is shown


def shown_as(o: Outcome, fmt: str, quiet: bool = False) -> bool:
    """The output is a document of `fmt` (the table: nothing under --quiet)."""
    text = o.out
    if fmt == "table":
        return text == "" if quiet else bool(text.strip()) and not text.lstrip().startswith(("{", "<", "**", "rank,"))
    if fmt == "json":
        return text.startswith("{\n") and isinstance(json.loads(text), dict)
    if fmt == "jsonl":
        lines = text.splitlines()
        return bool(lines) and all(line[:1] == "{" == line[-1:].replace("}", "{") for line in lines)
    if fmt == "csv":
        return text.startswith("rank,platform,name,score,")
    if fmt == "markdown":
        return text.startswith("**") and "\n| # |" in text
    return text.startswith("<!DOCTYPE html>")


def document(o: Outcome) -> dict[str, Any] | None:
    if o.fmt in ("json", "jsonl") and o.out.strip():
        first: dict[str, Any] = json.loads(o.out.splitlines()[0] if o.fmt == "jsonl" else o.out)
        return first
    return None


def profile_of(o: Outcome) -> dict[str, Any]:
    if o.answer is not None:
        payload: dict[str, Any] = o.answer.profile.payload()
        return payload
    doc = document(o)
    assert doc is not None
    return dict(doc["profile"])


def field(key: str, expected: Any) -> Probe:
    return lambda o, pair: profile_of(o)[key] == expected


def contains(key: str, item: str) -> Probe:
    return lambda o, pair: item in profile_of(o)[key]


def fmt_probe(fmt: str) -> Probe:
    return lambda o, pair: shown_as(o, fmt, "--quiet" in pair)


def explained(o: Outcome, pair: frozenset[str]) -> bool:
    doc = document(o)
    if doc is not None:
        return all("contributions" in r for r in doc["recommendations"])
    if o.fmt == "csv":
        return o.out.splitlines()[0].endswith(",explanation")
    if o.fmt == "html":
        return 'class="reasons explain"' in o.out
    return ("base 100.0" in o.out or "Basis 100,0" in o.out) and o.answer.recommendations[0].contributions


def with_portfolio(o: Outcome, pair: frozenset[str]) -> bool:
    doc = document(o)
    portfolio = o.answer.portfolio if o.answer is not None else None
    if portfolio is None or portfolio.size != 2:
        return False
    return "portfolio" in doc if doc is not None else portfolio.picks[1].why.text.replace("&", "&amp;") in o.out


def with_robustness(o: Outcome, pair: frozenset[str]) -> bool:
    doc = document(o)
    robustness = o.answer.robustness if o.answer is not None else None
    if robustness is None:
        return False
    return "robustness" in doc if doc is not None else f"{robustness.runs} " in o.out


def kb_version(o: Outcome) -> str:
    if o.answer is not None:
        info = getattr(o.answer, "knowledge_base", None)
        return str(info.version if info is not None else o.answer.kb_version)
    doc = document(o)
    assert doc is not None
    return str(doc["knowledge_base"]["version"])


def budget(o: Outcome, pair: frozenset[str]) -> bool:
    return o.answer.portfolio is not None and o.answer.portfolio.hours_budget == 5


def seeded(o: Outcome, pair: frozenset[str]) -> bool:
    return o.answer.robustness is not None and o.answer.robustness.seed == 7


def compared_as_json(o: Outcome, pair: frozenset[str]) -> bool:
    return bool(json.loads(o.out)["a"]["platform"] == "linkedin")


def checked_on(o: Outcome, pair: frozenset[str]) -> bool:
    return {r.platform for r in o.answer.results} == {"weibo"}


def long_view(o: Outcome, pair: frozenset[str]) -> bool:
    """Every network that qualifies (the first --top N with --top) and, where people read it, every reason."""
    from html import escape

    if o.answer is None:  # a batch: its records hold every network and every reason
        return batch_records(o, pair)
    shown = o.answer.recommendations
    if len(shown) != 2 if "--top" in pair else len(shown) <= 5:
        return False
    texts = [line.reason.text for r in shown for line in r.reasons]
    if o.fmt == "html":
        texts = [escape(text) for text in texts]
    return o.fmt in ("json", "jsonl", "csv") or all(text in o.out for text in texts)


def top_two(o: Outcome, pair: frozenset[str]) -> bool:
    if o.answer is not None:
        return len(o.answer.recommendations) == 2
    return all(len(json.loads(line)["recommendations"]) == 2 for line in o.out.splitlines())


def batch_records(o: Outcome, pair: frozenset[str]) -> bool:
    records = [json.loads(line) for line in o.out.splitlines()]
    return [r["line"] for r in records] == [1, 2] and all("recommendations" in r for r in records)


def quiet(o: Outcome, pair: frozenset[str]) -> bool:
    return o.err == "" and (o.out == "" if o.fmt == "table" else o.out != "")


def german(o: Outcome, pair: frozenset[str]) -> bool:
    doc = document(o)
    if doc is not None:
        return bool(doc["lang"] == "de")
    return o.answer is not None and o.answer.lang == "de"


def always(o: Outcome, pair: frozenset[str]) -> bool:
    return True


def profile_settings(files: dict[str, str]) -> list[Setting]:
    """The profile flags recommend and compare share, the knowledge base and the profile file."""
    return [
        Setting("--market", ("--market", "b2b"), field("market", "b2b")),
        Setting("--goal", ("--goal", "leads"), contains("goals", "leads")),
        Setting("--age", ("--age", "30-60"), field("age", {"min": 30, "max": 60})),
        Setting("--region", ("--region", "DE"), field("regions", ["DE"])),
        Setting("--content", ("--content", "image"), field("content", ["image"])),
        Setting("--ads", ("--ads",), field("ads", True)),
        Setting("--weight", ("--weight", "audience=2"), field("weights", {"audience": 2.0})),
        Setting("--kb", ("--kb", files["kb.yaml"]), lambda o, pair: kb_version(o) == "matrix"),
        # The profile file's age, unless --age overrides it (flags win over the file).
        Setting("--profile", ("--profile", files["profile.yaml"]),
                lambda o, pair: "--age" in pair or profile_of(o)["age"] == {"min": 18, "max": 29}),
    ]  # fmt: skip


def recommend_settings(files: dict[str, str]) -> list[Setting]:
    return [
        *profile_settings(files),
        Setting("--require", ("--require", "ads"), contains("require", "ads")),
        Setting("--exclude", ("--exclude", "tiktok"), contains("exclude", "tiktok")),
        Setting("--top", ("--top", "2"), top_two),
        Setting("--long", ("--long",), long_view),
        *(Setting(f"--format {f}", ("--format", f), fmt_probe(f))
          for f in ("table", "json", "jsonl", "markdown", "csv", "html")),
        Setting("--json", ("--json",), fmt_probe("json")),
        Setting("--batch", ("--batch", files["batch.jsonl"]), batch_records),
        Setting("--jobs", ("--jobs", "1"), always),  # performance only: the same bytes for any N
        Setting("--explain", ("--explain",), explained),
        Setting("--portfolio", ("--portfolio", "2"), with_portfolio),
        Setting("--hours-per-week", ("--hours-per-week", "5"), budget),
        Setting("--robustness", ("--robustness",), with_robustness),
        Setting("--seed", ("--seed", "7"), seeded),
        Setting("--min-score", ("--min-score", "99"), lambda o, pair: o.code == 1),
        Setting("--fail-if-missing", ("--fail-if-missing", "google-plus"), lambda o, pair: o.code == 1),
        Setting("--color", ("--color", "always"), lambda o, pair: "\x1b[" in o.out),
        Setting("--quiet", ("--quiet",), quiet),
        Setting("--no-pager", ("--no-pager",), always),  # it needs a terminal to show: tests/test_terminal.py
        Setting("--lang", ("--lang", "de"), german),
    ]  # fmt: skip


MACHINE = ("--format json", "--format jsonl", "--format csv", "--json")
NOT_TABLE = (*MACHINE, "--format markdown", "--format html")
FORMATS = ("--format table", *NOT_TABLE)


def pairs(*groups: tuple[tuple[str, ...], tuple[str, ...]]) -> set[frozenset[str]]:
    return {frozenset((a, b)) for left, right in groups for a in left for b in right if a != b}


# What cannot be honoured together, and so is refused: the contract this test holds the code to.
REFUSED: dict[str, set[frozenset[str]]] = {
    "recommend": pairs(
        (
            ("--batch",),
            (
                "--profile",
                "--explain",
                "--portfolio",
                "--hours-per-week",
                "--robustness",
                "--seed",
                "--color",
                "--json",
                "--format table",
                "--format json",
                "--format markdown",
                "--format csv",
                "--format html",
            ),
        ),
        (("--json",), ("--format table", "--format jsonl", "--format markdown", "--format csv", "--format html")),
        (("--format csv",), ("--portfolio", "--robustness")),
        (("--color",), NOT_TABLE),
        (("--quiet",), ("--format table", "--explain", "--portfolio", "--robustness", "--color", "--long")),
    ),
    "compare": pairs((("--json",), ("--format table",)), (("--color",), ("--format json", "--json"))),
    "check": pairs((("--color",), ("--format json", "--quiet")), (("--quiet",), ("--format table",))),
}
# Options that work only with another one: refused alone and beside anything else (naming what they need).
NEEDS: dict[str, dict[str, tuple[str, ...]]] = {
    "recommend": {
        "--jobs": ("--batch",),
        "--hours-per-week": ("--portfolio", "--format html"),
        "--seed": ("--robustness", "--format html"),
    },
    "compare": {},
    "check": {},
}


def compare_settings(files: dict[str, str]) -> list[Setting]:
    return [
        *profile_settings(files),
        Setting("--format table", ("--format", "table"), lambda o, pair: o.out.startswith(o.answer.a.name)),
        Setting("--format json", ("--format", "json"), compared_as_json),
        Setting("--json", ("--json",), compared_as_json),
        Setting("--color", ("--color", "always"), lambda o, pair: "\x1b[" in o.out),
        Setting("--lang", ("--lang", "de"), lambda o, pair: o.answer.lang == "de"),
    ]  # fmt: skip


def check_settings(files: dict[str, str]) -> list[Setting]:
    def sources(o: Outcome) -> set[str]:
        return {r.source for r in o.answer.results}

    return [
        Setting("--text", ("--text", "Hello #a #b"), lambda o, pair: {"--text", files["draft.md"]} <= sources(o)),
        Setting("--platform", ("--platform", "weibo"), checked_on),
        Setting("--kind", ("--kind", "title"), lambda o, pair: o.answer.kind == "title"),
        Setting("--limit", ("--limit", "10"), lambda o, pair: {r.limit for r in o.answer.results} == {10}),
        Setting("--kb", ("--kb", files["kb.yaml"]), lambda o, pair: o.answer.kb_version == "matrix"),
        Setting("--format table", ("--format", "table"), lambda o, pair: shown_as(o, "table", "--quiet" in pair)),
        Setting("--format json", ("--format", "json"), lambda o, pair: "results" in json.loads(o.out)),
        Setting("--color", ("--color", "always"), lambda o, pair: "\x1b[" in o.out),
        Setting("--quiet", ("--quiet",), quiet),
        Setting("--lang", ("--lang", "de"), lambda o, pair: o.answer.lang == "de"),
    ]  # fmt: skip


SETTINGS = {"recommend": recommend_settings, "compare": compare_settings, "check": check_settings}
BASE = {"recommend": [], "compare": ["linkedin", "xing"], "check": []}
SPY = {
    "recommend": ("smm_advisor.cli.recommend", "_deliver", 0),  # the answer, as it is written (or not: --quiet)
    "compare": ("smm_advisor.advice.compare", "compare", None),  # the comparison it returns
    "check": ("smm_advisor.posts.checking", "check_drafts", None),  # the report it returns
}


def outcome(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, command: str,
            files: dict[str, str], settings: tuple[Setting, ...]) -> Outcome:  # fmt: skip
    import importlib

    module_name, name, argument = SPY[command]
    module = importlib.import_module(module_name)
    real = getattr(module, name)
    seen: list[Any] = []

    def spy(*args: Any, **kwargs: Any) -> Any:
        if argument is not None:  # before the call: a gate that fails raises
            seen.append(args[argument])
        result = real(*args, **kwargs)
        if argument is None:
            seen.append(result)
        return result

    monkeypatch.setattr(module, name, spy)
    args = [*BASE[command], *(["--", files["draft.md"]] if command == "check" else [])]
    options = [arg for s in settings for arg in s.args]
    code, out, err = run(capsys, command, *options, *args)
    monkeypatch.setattr(module, name, real)
    names = {s.name for s in settings}
    fmt = next((n.split()[1] for n in names if n.startswith("--format ")), "json" if "--json" in names else None)
    fmt = fmt or ("jsonl" if "--batch" in names else "table")
    return Outcome(code, out, err, seen[-1] if seen else None, fmt)


def cases() -> Iterator[tuple[str, str, str]]:
    """Every pair of settings of each command (by name; the settings are made per test)."""
    for command, make in SETTINGS.items():
        names = [s.name for s in make({"kb.yaml": "", "profile.yaml": "", "batch.jsonl": "", "draft.md": ""})]
        for a, b in itertools.combinations(names, 2):
            if a.split()[0] != b.split()[0]:  # one option twice: the last one counts, as usual
                yield command, a, b


@pytest.fixture(autouse=True)
def _wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "400")
    for var in ("NO_COLOR", "FORCE_COLOR", "SMM_ADVISOR_LANG", "SMM_ADVISOR_KB"):
        monkeypatch.delenv(var, raising=False)


@pytest.mark.parametrize(("command", "a", "b"), list(cases()))
def test_every_pair_is_honoured_or_refused_naming_both(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, files: dict[str, str],
    command: str, a: str, b: str,
) -> None:  # fmt: skip
    by_name = {s.name: s for s in SETTINGS[command](files)}
    pair = frozenset((a, b))
    o = outcome(capsys, monkeypatch, command, files, (by_name[a], by_name[b]))
    needs = NEEDS[command]
    unmet = [n for n in (a, b) if n in needs and not any(x in pair for x in needs[n])]
    if pair in REFUSED[command]:
        assert (o.code, o.out) == (2, ""), o.err
        assert all(n.split()[0] in o.err for n in (a, b)), o.err
        assert "Traceback" not in o.err
    elif unmet:
        assert (o.code, o.out) == (2, ""), o.err
        assert all(n.split()[0] in o.err and needs[n][0] in o.err for n in unmet), o.err
    else:
        assert o.code in (0, 1), o.err
        assert by_name[a].probe(o, pair), f"{a} not honoured beside {b}"
        assert by_name[b].probe(o, pair), f"{b} not honoured beside {a}"


@pytest.mark.parametrize("command", SETTINGS)
def test_each_setting_alone(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, files: dict[str, str], command: str
) -> None:
    for setting in SETTINGS[command](files):
        o = outcome(capsys, monkeypatch, command, files, (setting,))
        if setting.name in NEEDS[command]:
            assert o.code == 2
            assert setting.name in o.err
            assert NEEDS[command][setting.name][0] in o.err
        else:
            assert o.code in (0, 1), (setting.name, o.err)
            assert setting.probe(o, frozenset((setting.name,))), setting.name


@pytest.mark.parametrize("command", SETTINGS)
def test_every_option_has_a_setting(command: str) -> None:
    import typer.main

    from smm_advisor.cli.entry import app

    group: Any = typer.main.get_command(app)
    options = {opt for param in group.commands[command].params for opt in param.opts if opt.startswith("--")}
    covered = {
        s.args[0] for s in SETTINGS[command]({"kb.yaml": "", "profile.yaml": "", "batch.jsonl": "", "draft.md": ""})
    }
    assert options - {"--help"} == covered - {"--lang"}


def test_a_configured_format_is_named_where_it_stands(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / ".smm-advisor.yaml").write_text("recommend:\n  format: csv\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "recommend", "--portfolio", "2")
    assert (code, out) == (2, "")
    assert "recommend.format csv (.smm-advisor.yaml:2) and --portfolio exclude each other" in err
    # ... while --batch, a flag, writes JSON Lines over a configured format
    (tmp_path / "in.jsonl").write_text('{"goals": ["leads"]}\n', encoding="utf-8")
    code, out, _ = run(capsys, "recommend", "--batch", str(tmp_path / "in.jsonl"))
    assert code == 0
    assert json.loads(out)["line"] == 1
