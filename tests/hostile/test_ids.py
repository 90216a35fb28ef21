"""One normaliser for platform ids: every place a network is named takes aliases, case and near misses alike."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from tests.conftest import run

# (how the name is given) -> it must mean X, the network formerly called Twitter
TWITTER = ["twitter", "Twitter", "TWITTER", " x ", "X"]


def excluded(out: str) -> dict[str, str]:
    return {e["platform"]: e["reason"] for e in json.loads(out)["excluded"]}


@pytest.mark.parametrize("name", TWITTER)
def test_every_flag_and_argument_that_names_a_network_takes_aliases(
    capsys: pytest.CaptureFixture[str], name: str
) -> None:
    code, out, _ = run(capsys, "recommend", "--exclude", name, "--json")
    assert code == 0
    assert "x" in excluded(out)
    assert "x" not in {r["platform"] for r in json.loads(out)["recommendations"]}
    assert json.loads(out)["profile"]["exclude"] == ["x"]
    for args in (
        ("recommend", "--fail-if-missing", name, "--json"),
        ("compare", name, "LinkedIn", "--json"),
        ("compare", "linkedin", name, "--json"),
        ("platforms", "show", name, "--format", "json"),
        ("check", "--platform", name, "--text", "hello", "--format", "json"),
    ):
        code, out, err = run(capsys, *args)
        assert code in (0, 1), (args, err)
        assert '"x"' in out, args


@pytest.mark.parametrize("name", TWITTER)
def test_exclude_in_a_profile_file_takes_aliases(capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(f"exclude: [{name.strip()!r}, Google+]\n")
    code, out, _ = run(capsys, "recommend", "--profile", str(path), "--json")
    assert code == 0
    assert {"x", "google-plus"} <= set(excluded(out))
    assert json.loads(out)["profile"]["exclude"] == ["google-plus", "x"]


def test_exclude_in_batch_lines_and_batch_flags_takes_aliases(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = b'{"exclude": ["Twitter"]}\n{"exclude": "TIKTOK"}\n{}\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, out, err = run(capsys, "recommend", "--batch", "-", "--exclude", "twitter")
    assert (code, err) == (0, "")
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["profile"]["exclude"] for r in records] == [["x"], ["x"], ["x"]]  # the flag wins, as everywhere
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, out, err = run(capsys, "recommend", "--batch", "-")
    assert (code, err) == (0, "")
    assert [json.loads(line)["profile"]["exclude"] for line in out.splitlines()] == [["x"], ["tiktok"], []]


# An unknown name: exit 2, a did-you-mean, and for batch lines an error record for that line only.
@pytest.mark.parametrize(
    ("args", "where"),
    [
        (("recommend", "--exclude", "twiter"), "--exclude"),
        (("recommend", "--exclude", "facebok", "--batch", "-"), "--exclude"),
        (("recommend", "--fail-if-missing", "twiter"), "--fail-if-missing"),
        (("recommend", "--fail-if-missing", "twiter", "--batch", "-"), "--fail-if-missing"),
        (("compare", "twiter", "linkedin"), "A"),
        (("compare", "linkedin", "twiter"), "B"),
    ],
)
def test_an_unknown_name_is_exit_2_with_a_suggestion(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], where: str
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b'{"market": "b2b"}\n')))
    code, out, err = run(capsys, *args)
    assert (code, out) == (2, "")
    assert f"{where}: " in err
    assert "did you mean 'twitter'?" in err or "did you mean 'facebook'?" in err
    assert len(err.splitlines()) == 1  # one message, not one per batch line


def test_an_unknown_name_in_a_profile_file_names_file_line_and_key(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("market: b2b\nexclude:\n  - tiktok\n  - twiter\n")
    for args in (("recommend", "--profile", str(path)), ("profile", "validate", str(path))):
        code, out, err = run(capsys, *args)
        assert (code, out) == (2, "")
        assert f"{path}:2:1: exclude: 'twiter' is not a platform; did you mean 'twitter'?" in err


def test_an_unknown_name_in_a_batch_line_is_that_lines_error_record(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = b'{"market": "b2b"}\n{"exclude": ["twiter"]}\n{"exclude": ["x"]}\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, out, err = run(capsys, "recommend", "--batch", "-")
    assert code == 2
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["line"] for r in records] == [1, 2, 3]
    assert "recommendations" in records[0]
    assert records[1]["errors"] == [
        "<stdin>:2:1: exclude: 'twiter' is not a platform; did you mean 'twitter'? (allowed: "
        + records[1]["errors"][0].split("(allowed: ", 1)[1]
    ]
    assert records[2]["profile"]["exclude"] == ["x"]
    assert "1 of 3 batch line(s) failed" in err


@pytest.mark.parametrize(
    ("given", "meant"), [("ADS", "ads"), ("Reels", "short-video"), ("B2B", "b2b"), (" image ", "image")]
)
def test_require_names_formats_through_the_same_normaliser(
    capsys: pytest.CaptureFixture[str], given: str, meant: str
) -> None:
    code, out, _ = run(capsys, "recommend", "--require", given, "--json")
    assert code == 0
    assert json.loads(out)["profile"]["require"] == [meant]
    code, out, err = run(capsys, "recommend", "--require", "vidoe")
    assert (code, out) == (2, "")
    assert "--require: 'vidoe' is not a requirement; did you mean" in err
