"""Control characters from every data source into every format: refused at the knowledge base, neutralised on output.

An ESC sequence or a BEL in a network's name would set a terminal's title or clear its screen when
a table shows it; in CSV or Markdown it lands in a spreadsheet or a job summary. Knowledge bases
are refused at load time (file:line: field); renderers for people show a visible stand-in for
whatever gets through; JSON escapes them.
"""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from smm_advisor.advice.compare import compare
from smm_advisor.advice.profiles import from_flags
from smm_advisor.advice.scoring import recommend
from smm_advisor.knowledge.store import platform_names
from smm_advisor.posts.checking import Draft, check_drafts
from smm_advisor.render.check import render_check_table
from smm_advisor.render.compare import render_comparison
from smm_advisor.render.formats import RENDERERS
from smm_advisor.render.html import render_html
from smm_advisor.render.style import Style
from tests.conftest import kb_data, make_kb, platform_data, run

# Each a way to hide a control character in text: ESC sequences (title, screen clear, OSC 8), BEL,
# DEL, a C1 CSI, a carriage return, a bidirectional override.
PAYLOADS = {
    "title": "\x1b]0;pwned\x07",
    "clear": "\x1b[2J\x1b[H",
    "link": "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",
    "bell": "\x07",
    "del": "\x7f",
    "csi": "\x9b2J",
    "cr": "safe\roverwritten",
    "rlo": "\u202etxt.exe",
}
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

# How a payload is written into a knowledge base: YAML double-quoted escapes, or JSON's \\u escapes.
YAML_ESCAPES = {"\x1b": "\\e", "\x07": "\\a", "\x7f": "\\x7f", "\x9b": "\\x9b", "\r": "\\r", "\u202e": "\\u202e"}


def yaml_escaped(text: str) -> str:
    return '"' + "".join("\\\\" if ch == "\\" else YAML_ESCAPES.get(ch, ch) for ch in text) + '"'


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS)
@pytest.mark.parametrize("field", ["name", "operator_note", "goal_reason", "source_title", "version"])
@pytest.mark.parametrize("syntax", ["yaml", "json"])
def test_a_knowledge_base_with_control_characters_is_refused_at_load_time(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, payload: str, field: str, syntax: str
) -> None:
    marker = "MARKER-STRING"
    data: dict[str, Any] = kb_data(platform_data("alpha"), platform_data("beta"))
    where = {
        "name": lambda d: d["platforms"][0].__setitem__("name", marker),
        "operator_note": lambda d: d["platforms"][1]["operator"].__setitem__("note", marker),
        "goal_reason": lambda d: d["platforms"][0]["goals"]["awareness"].__setitem__("reason", marker),
        "source_title": lambda d: d["sources"]["doc"].__setitem__("title", marker),
        "version": lambda d: d.__setitem__("version", marker),
    }
    where[field](data)
    if syntax == "yaml":
        path = tmp_path / "kb.yaml"
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True).replace(marker, yaml_escaped("x" + payload))
    else:
        path = tmp_path / "kb.json"
        text = json.dumps(data, default=str).replace(marker, json.dumps("x" + payload, ensure_ascii=True)[1:-1])
    assert not UNSAFE.search(text)  # only escapes in the file: the raw bytes pass the reader
    path.write_text(text, encoding="utf-8")
    for args in (("kb", "validate", str(path)), ("recommend", "--kb", str(path)), ("platforms", "--kb", str(path))):
        code, out, err = run(capsys, *args)
        assert (code, out) == (2, ""), err
        assert f"{path}:" in err
        assert "control character U+" in err
        assert not UNSAFE.search(err)


def poisoned_kb() -> Any:
    """A knowledge base built past the reader (as a plugin or a future source might): control characters inside."""
    alpha = platform_data("alpha", name="Alpha" + PAYLOADS["title"])
    alpha["goals"] = {
        "awareness": {"level": 3, "reason": "reach" + PAYLOADS["clear"], "source": "doc", "as_of": "2025-06-01"}
    }
    beta = platform_data("beta", name="Beta" + PAYLOADS["csi"] + PAYLOADS["rlo"])
    beta["lifecycle"] = {
        "state": "discontinued",
        "since": "2020-01-01",
        "change": "gone" + PAYLOADS["bell"],
        "source": "doc",
        "as_of": "2025-06-01",
    }
    return make_kb(alpha, beta)


def assert_neutral(text: str, colour: bool = False) -> None:
    if colour:  # the renderer's own colour codes are fine; a payload's are not
        text = re.sub(r"\x1b\[[0-9;]*m", "", text)
    assert not UNSAFE.search(text), repr(UNSAFE.search(text))
    assert "\u241b]0;pwned\u2407" in text or "\u241b[2J" in text or "\ufffd" in text  # shown, not swallowed


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown"])
@pytest.mark.parametrize("colour", [False, True])
def test_every_human_format_of_recommend_neutralises_control_characters(fmt: str, colour: bool) -> None:
    kb = poisoned_kb()
    rec = recommend(kb, from_flags({"goals": ["awareness"]}, {}, platform_names(kb)))
    assert_neutral(RENDERERS[fmt](rec, Style(color=colour, explain=True, long=True)), colour)
    assert_neutral(render_html(rec, kb, explain=True))


def test_json_escapes_control_characters() -> None:
    kb = poisoned_kb()
    rec = recommend(kb, from_flags({}, {}, platform_names(kb)))
    for fmt in ("json", "jsonl"):
        text = RENDERERS[fmt](rec, Style())
        assert not UNSAFE.search(text)
        assert json.loads(text)["recommendations"][0]["name"].startswith("Alpha\x1b]0;pwned")


def test_compare_and_check_tables_neutralise_control_characters() -> None:
    kb = poisoned_kb()
    comparison = compare(kb, from_flags({}, {}, platform_names(kb)), "alpha", "beta")
    assert_neutral(render_comparison(comparison, "table", Style(color=True)), colour=True)
    report = check_drafts(load_bundled(), [Draft("post" + PAYLOADS["title"] + ".md", "hello")], ["x"])
    assert_neutral(render_check_table(report, Style(color=True)), colour=True)


def load_bundled() -> Any:
    from smm_advisor.knowledge.store import load_knowledge_base

    return load_knowledge_base(None)


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS)
def test_control_characters_from_profiles_batch_lines_and_flags_never_reach_a_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, payload: str
) -> None:
    profile = tmp_path / "p.json"
    profile.write_text(json.dumps({"goals": [payload], "exclude": [payload], payload: 1}))
    runs = [
        ("recommend", "--profile", str(profile)),
        ("recommend", "--goal", payload, "--region", payload),
        ("recommend", "--exclude", payload),
        ("compare", payload, "x"),
        ("platforms", "show", payload),
        ("recommend", "--profile", str(tmp_path / f"missing{payload}.yaml")),
        ("recommend", "--color", payload),
        ("recommend", f"--{payload}"),
    ]
    for args in runs:
        code, out, err = run(capsys, *args)
        assert code == 2, (args, err)
        assert not UNSAFE.search(out + err), (args, err)
    line = json.dumps({"goals": [payload], payload: 1}).encode() + b"\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(line)))
    code, out, err = run(capsys, "recommend", "--batch", "-")
    assert code == 2
    assert not UNSAFE.search(out + err)


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS)
def test_file_names_with_control_characters_are_shown_neutralised(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, kb_file: str, payload: str
) -> None:
    post = tmp_path / f"post{payload.replace('/', '')}.md"
    post.write_text("hello")
    kb = tmp_path / f"kb{payload.replace('/', '')}.yaml"
    kb.write_text(Path(kb_file).read_text())
    profile = tmp_path / f"p{payload.replace('/', '')}.yaml"
    profile.write_text("market: b2b\n")
    for args in (
        ("check", str(post), "--platform", "x", "--color", "always"),
        ("kb", "validate", str(kb)),
        ("kb", "audit", str(kb)),
        ("profile", "validate", str(profile)),
    ):
        code, out, err = run(capsys, *args)
        assert code in (0, 1), (args, err)
        assert not UNSAFE.search(re.sub(r"\x1b\[[0-9;]*m", "", out) + err), (args, out)
