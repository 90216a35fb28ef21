"""End-to-end `smm-advisor check`: lengths as each network counts, rules, exit codes, bad input."""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from smm_advisor.knowledge.store import load_knowledge_base
from smm_advisor.posts.checking import Draft, check_drafts, prepare_text
from tests.conftest import SRC, kb_data, make_kb, platform_data, run

ROOT = Path(__file__).resolve().parent.parent
FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"
LONG_URL = "https://example.com/launch/" + "p" * 73  # 100 characters


def limit(kind: str, value: int | None, counting: str = "characters", url_length: int | None = None) -> dict[str, Any]:
    entry: dict[str, Any] = {"kind": kind, "limit": value, "counting": counting, **SRC}
    if url_length is not None:
        entry["url_length"] = url_length
    if value is None:
        entry["unknown"] = "not published"
    return entry


def tiny_kb() -> dict[str, Any]:
    return kb_data(
        platform_data("ex", name="Ex", aliases=["twit"], text_limits=[limit("post", 280, "x-weighted", 23)]),
        platform_data("sky", name="Sky", text_limits=[limit("post", 300, "graphemes")]),
        platform_data("masto", name="Masto", text_limits=[limit("post", 500, "characters", 23)]),
        platform_data(
            "gram",
            name="Gram",
            text_limits=[limit("caption", 2200)],
            hashtags={"max_per_post": 5, **SRC},
            links={"clickable_in_text": False, **SRC},
        ),
        platform_data(
            "thr",
            name="Thr",
            text_limits=[limit("post", 500)],
            hashtags={"max_per_post": 1, **SRC},
            links={"clickable_in_text": True, "max_per_post": 5, **SRC},
        ),
        platform_data("vague", name="Vague", text_limits=[limit("post", None)]),
        platform_data(
            "google-plus",
            name="Google+",
            aliases=["googleplus"],
            lifecycle={"state": "discontinued", "since": "2019-04-02", "change": "shut down", **SRC},
            text_limits=[limit("post", 100)],
        ),
    )


@pytest.fixture
def kb_file(tmp_path: Path) -> str:
    path = tmp_path / "kb.yaml"
    path.write_text(yaml.safe_dump(tiny_kb(), sort_keys=False, allow_unicode=True), encoding="utf-8")
    return str(path)


def check_json(capsys: pytest.CaptureFixture[str], kb_file: str, *args: str) -> tuple[int, dict[str, Any]]:
    code, out, err = run(capsys, "check", "--kb", kb_file, "--format", "json", *args)
    assert err == ""
    doc: dict[str, Any] = json.loads(out)
    return code, doc


def only(doc: dict[str, Any], platform: str) -> dict[str, Any]:
    results: list[dict[str, Any]] = [r for r in doc["results"] if r["platform"] == platform]
    assert len(results) == 1
    return results[0]


# --------------------------------------------------------------------------- the "done when" cases


def test_281_letters_do_not_fit_x(
    capsys: pytest.CaptureFixture[str], kb_file: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    code, out, err = run(capsys, "check", "--kb", kb_file, "--platform", "ex", "--text", "a" * 281)
    assert (code, err) == (1, "")
    assert "281/280" in out
    assert "1 over" in out
    assert "\x1b[" not in out


def test_a_long_url_counts_23_on_x(capsys: pytest.CaptureFixture[str], kb_file: str) -> None:
    text = "a" * 230 + " " + LONG_URL  # 281 letters with a 100-character link in place of 50 of them
    code, doc = check_json(capsys, kb_file, "--platform", "ex", "--text", text)
    assert code == 0
    assert only(doc, "ex")["length"] == 230 + 1 + 23
    assert only(doc, "ex")["fits"] is True


@pytest.mark.parametrize(("families", "code"), [(300, 0), (301, 1)])
def test_family_emoji_count_one_grapheme_each(
    capsys: pytest.CaptureFixture[str], kb_file: str, families: int, code: int
) -> None:
    got, doc = check_json(capsys, kb_file, "--platform", "sky", "--text", FAMILY * families)
    assert got == code
    assert (only(doc, "sky")["length"], only(doc, "sky")["fits"]) == (families, code == 0)


# --------------------------------------------------------------------------- output


def test_json_has_the_documented_shape(capsys: pytest.CaptureFixture[str], kb_file: str) -> None:
    code, doc = check_json(capsys, kb_file, "--text", "Hello")
    assert code == 0
    assert {"schema_version", "results"} <= set(doc)
    assert doc["knowledge_base"] == {"version": "test", "as_of": "2026-01-01"}
    for result in doc["results"]:
        assert {"source", "platform", "kind", "length", "limit", "fits", "findings"} <= set(result)
    assert only(doc, "masto") == {
        "source": "--text",
        "platform": "masto",
        "name": "Masto",
        "kind": "post",
        "counting": "characters",
        "length": 5,
        "limit": 500,
        "fits": True,
        "hashtags": 0,
        "links": 0,
        "findings": [],
    }


def test_default_platforms_have_a_known_limit_for_the_kind(capsys: pytest.CaptureFixture[str], kb_file: str) -> None:
    _, doc = check_json(capsys, kb_file, "--text", "Hello")
    # gram has only a caption limit, vague's is unknown, google-plus is discontinued; sorted by id.
    assert [r["platform"] for r in doc["results"]] == ["ex", "masto", "sky", "thr"]
    _, doc = check_json(capsys, kb_file, "--kind", "Caption", "--text", "Hello")
    assert [r["platform"] for r in doc["results"]] == ["gram"]


def test_table_shows_used_over_limit_for_each_text(
    capsys: pytest.CaptureFixture[str], kb_file: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    post = tmp_path / "post.md"
    post.write_text("# Launch\n\nWe ship today.\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", "--kb", kb_file, str(post), "--text", "x" * 600, "--platform", "masto")
    assert code == 1
    assert f"\n{post}\n" in out
    assert "\n--text\n" in out
    assert re.search(r"Masto\s+24/500 ", out)
    assert re.search(r"Masto\s+600/500 ", out)
    assert "1 of 2 checks failed." in out
    assert max(len(line) for line in out.splitlines()) <= 80


# --------------------------------------------------------------------------- counting per network


def test_mastodon_counts_each_link_as_23(capsys: pytest.CaptureFixture[str], kb_file: str) -> None:
    _, doc = check_json(capsys, kb_file, "--platform", "masto", "--text", f"new: {LONG_URL} and example.org")
    # A bare domain is not a link on Mastodon: its 11 characters count as written.
    assert only(doc, "masto")["length"] == len("new: ") + 23 + len(" and example.org")


def test_limit_overrides_the_recorded_one(capsys: pytest.CaptureFixture[str], kb_file: str) -> None:
    text = "y" * 600
    assert check_json(capsys, kb_file, "--platform", "masto", "--text", text)[0] == 1
    code, doc = check_json(capsys, kb_file, "--platform", "masto", "--limit", "1000", "--text", text)
    assert (code, only(doc, "masto")["limit"]) == (0, 1000)


def test_an_unknown_limit_needs_limit(capsys: pytest.CaptureFixture[str], kb_file: str) -> None:
    code, out, err = run(capsys, "check", "--kb", kb_file, "--platform", "vague", "--text", "hi")
    assert (code, out) == (2, "")
    assert "the post limit of Vague is unknown (not published); give one with --limit" in err
    code, doc = check_json(capsys, kb_file, "--platform", "vague", "--limit", "10", "--text", "hi")
    assert (code, only(doc, "vague")["limit"]) == (0, 10)


# --------------------------------------------------------------------------- hashtag and link rules


def test_hashtag_cap(capsys: pytest.CaptureFixture[str], kb_file: str) -> None:
    five = "Launch #one #two #three #four #five"
    assert check_json(capsys, kb_file, "--kind", "caption", "--text", five)[0] == 0
    code, doc = check_json(capsys, kb_file, "--kind", "caption", "--text", five + " #six")
    result = only(doc, "gram")
    assert (code, result["fits"], result["hashtags"]) == (1, True, 6)
    assert [f["code"] for f in result["findings"]] == ["post.too_many_hashtags"]
    assert "Gram allows 5" in result["findings"][0]["text"]
    assert result["findings"][0]["params"] == {"count": 6, "cap": 5}


def test_one_topic_tag(capsys: pytest.CaptureFixture[str], kb_file: str) -> None:
    code, doc = check_json(capsys, kb_file, "--platform", "thr", "--platform", "masto", "--text", "#a #b")
    assert code == 1
    assert [f["code"] for f in only(doc, "thr")["findings"]] == ["post.too_many_hashtags"]
    assert only(doc, "masto")["findings"] == []


def test_links_are_not_clickable_in_captions(capsys: pytest.CaptureFixture[str], kb_file: str) -> None:
    code, doc = check_json(capsys, kb_file, "--kind", "caption", "--text", "Shop at shop.example.com")
    result = only(doc, "gram")
    assert (code, result["links"]) == (1, 1)
    assert [f["code"] for f in result["findings"]] == ["post.link_not_clickable"]


def test_too_many_links(capsys: pytest.CaptureFixture[str], kb_file: str) -> None:
    links = " ".join(f"https://example.com/{n}" for n in range(6))
    code, doc = check_json(capsys, kb_file, "--platform", "thr", "--text", links)
    assert code == 1
    assert [f["code"] for f in only(doc, "thr")["findings"]] == ["post.too_many_links"]
    assert check_json(capsys, kb_file, "--platform", "thr", "--text", links.rsplit(" ", 1)[0])[0] == 0


# --------------------------------------------------------------------------- platforms


@pytest.mark.parametrize(("name", "platform"), [("TWIT", "ex"), ("Ex", "ex"), ("google+", "google-plus")])
def test_platform_ids_and_aliases_are_case_insensitive(
    capsys: pytest.CaptureFixture[str], kb_file: str, name: str, platform: str
) -> None:
    _, doc = check_json(capsys, kb_file, "--platform", name, "--text", "hi")
    assert [r["platform"] for r in doc["results"]] == [platform]


def test_naming_a_network_twice_checks_it_once(capsys: pytest.CaptureFixture[str], kb_file: str) -> None:
    _, doc = check_json(capsys, kb_file, "--platform", "twit", "--platform", "ex", "--text", "hi")
    assert [r["platform"] for r in doc["results"]] == ["ex"]


# --------------------------------------------------------------------------- files and stdin


def test_files_and_stdin(
    capsys: pytest.CaptureFixture[str], kb_file: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    post = tmp_path / "post.md"
    post.write_bytes("\ufeff**Bold** news\r\nline two\r\n".encode())  # BOM, CRLF, final newline
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"from stdin\n")))
    code, doc = check_json(capsys, kb_file, "--platform", "masto", str(post), "-")
    assert code == 0
    assert [(r["source"], r["length"]) for r in doc["results"]] == [
        (str(post), len("**Bold** news\nline two")),
        ("<stdin>", len("from stdin")),
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"caf\xe9 au lait", ":1:4: not valid UTF-8 (byte 0xe9)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ":1:1: not valid UTF-8 (byte 0x89)"),
        (b"text\x00with a NUL", ":1:5: control character U+0000"),
        ("\ufeffok".encode("utf-16"), ": the file is UTF-16"),
    ],
)
def test_files_that_are_not_utf8_text_exit_2(
    capsys: pytest.CaptureFixture[str], kb_file: str, tmp_path: Path, content: bytes, expected: str
) -> None:
    good = tmp_path / "good.md"
    good.write_text("fine", encoding="utf-8")
    bad = tmp_path / "bad.md"
    bad.write_bytes(content)
    code, out, err = run(capsys, "check", "--kb", kb_file, str(good), str(bad))
    assert (code, out) == (2, "")
    assert f"{bad}{expected}" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], "nothing to check"),
        (["--text", " \n "], "--text: the text is empty"),
        (["/nonexistent/post.md"], "no such file"),
        (["-", "-"], "'-' (stdin) can be given only once"),
        (["--platform", "twiter", "--text", "hi"], "did you mean 'twit'?"),
        (["--platform", "nowhere", "--text", "hi"], "'nowhere' is not a platform"),
        (["--platform", "gram", "--text", "hi"], "Gram has no post limit on record (kinds it has: caption)"),
        (["--kind", "captions", "--text", "hi"], "--kind: 'captions' is not a kind of text; did you mean 'caption'?"),
        (["--kind", "message", "--text", "hi"], "no network in the knowledge base has a known message limit"),
        (["--format", "xml", "--text", "hi"], "--format: 'xml' is not a format"),
        (["--limit", "0", "--text", "hi"], "--limit"),
    ],
)
def test_bad_input_exits_2_with_empty_stdout(
    capsys: pytest.CaptureFixture[str], kb_file: str, args: list[str], expected: str
) -> None:
    code, out, err = run(capsys, "check", "--kb", kb_file, *args)
    assert (code, out) == (2, "")
    assert expected in err
    assert len(err.strip().splitlines()) == 1


def test_a_directory_exits_2(capsys: pytest.CaptureFixture[str], kb_file: str, tmp_path: Path) -> None:
    code, out, err = run(capsys, "check", "--kb", kb_file, str(tmp_path))
    assert (code, out) == (2, "")
    assert "is a directory" in err


# --------------------------------------------------------------------------- the pure core


def test_prepare_text_normalises_line_endings_and_trims() -> None:
    assert prepare_text("\n  a\r\nb\rc  \n\n") == "a\nb\nc"


def test_check_drafts_orders_by_draft_then_platform_id() -> None:
    kb = make_kb(*tiny_kb()["platforms"])
    report = check_drafts(kb, [Draft("one", "a"), Draft("two", "b")], ["thr", "ex"])
    assert [(r.source, r.platform) for r in report.results] == [
        ("one", "ex"),
        ("one", "thr"),
        ("two", "ex"),
        ("two", "thr"),
    ]
    assert report.ok


# --------------------------------------------------------------------------- pre-commit


def test_pre_commit_hook_checks_markdown_and_text_files_in_posts_folders() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hooks, list)
    (hook,) = [h for h in hooks if h["id"] == "smm-advisor-check"]
    assert hook["entry"] == "smm-advisor check"
    assert hook["language"] == "python"
    pattern = re.compile(hook["files"])
    posts = ("posts/launch.md", "blog/posts/2025/spring.markdown", "post/x.txt", "content/posts/a.md")
    assert all(pattern.search(p) for p in posts)
    others = ("README.md", "CHANGELOG.md", "docs/guide.md", "notes/x.txt", "my-posts/a.md", "posts/main.py")
    assert not any(pattern.search(p) for p in (*others, "posts/README.md.bak", "posts/data.yaml"))


# --------------------------------------------------------------------------- the bundled knowledge base


def test_done_when_cases_with_the_bundled_knowledge_base(capsys: pytest.CaptureFixture[str]) -> None:
    kb = load_knowledge_base(None)
    limits = {p.id: {t.kind: t for t in p.text_limits} for p in kb.platforms}
    x, bluesky = limits.get("x", {}).get("post"), limits.get("bluesky", {}).get("post")
    if x is None or x.limit != 280 or bluesky is None or bluesky.limit != 300:
        pytest.skip("the bundled knowledge base has no 280 post limit for x or 300 for bluesky yet")
    assert (x.counting, bluesky.counting) == ("x-weighted", "graphemes")
    code, out, _ = run(capsys, "check", "--platform", "x", "--text", "a" * 281)
    assert code == 1
    assert "281/280" in out
    code, out, _ = run(
        capsys, "check", "--platform", "twitter", "--format", "json", "--text", "a" * 230 + " " + LONG_URL
    )
    assert (code, json.loads(out)["results"][0]["length"]) == (0, 254)
    assert run(capsys, "check", "--platform", "bluesky", "--text", FAMILY * 300)[0] == 0
    assert run(capsys, "check", "--platform", "bluesky", "--text", FAMILY * 301)[0] == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "hello \udcff\udcfe world",
            "--text:1:7: not valid UTF-8 (byte 0xff); save it as UTF-8",
        ),  # bytes argv could not decode
        ("a\x1b]0;title\x07", "--text:1:2: control character U+001B in the text"),
        ("one\ntwo\x00", "--text:2:4: control character U+0000 in the text"),
    ],
)
def test_inline_text_is_checked_as_a_files_bytes_are(
    capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    """--text is read like a draft file: not valid UTF-8 or a control character is exit 2, for every network."""
    for platform in ("x", "threads", "bluesky"):
        code, out, err = run(capsys, "check", "--platform", platform, "--text", text)
        assert (code, out) == (2, "")
        assert err == f"smm-advisor: {message}\n"
