"""What a command line tool is expected to do: complete values, respect TERM=dumb, keep files where the OS says."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run


def completions(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, line: str) -> list[str]:
    """What the shell offers for the last word of `line` (bash's protocol: COMP_WORDS, COMP_CWORD)."""
    from smm_advisor.cli.entry import main

    words = line.split(" ")
    monkeypatch.setenv("_SMM_ADVISOR_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", line)
    monkeypatch.setenv("COMP_CWORD", str(len(words) - 1))
    with pytest.raises(SystemExit) as done:
        main([])
    assert done.value.code == 0
    return capsys.readouterr().out.split()


@pytest.mark.parametrize(
    ("line", "offered"),
    [
        ("smm-advisor recommend --goal l", ["leads", "loyalty"]),
        ("smm-advisor recommend --goal ", ["awareness", "image", "leads", "sales", "traffic", "support", "loyalty",
                                           "feedback", "exchange", "community", "recruiting"]),
        ("smm-advisor recommend --format j", ["json", "jsonl"]),
        ("smm-advisor recommend --region D", ["DE", "DJ", "DK", "DM", "DO", "DZ"]),
        ("smm-advisor recommend --region g", ["global", "greater-china"]),
        ("smm-advisor recommend --content s", ["short-video", "stories"]),
        ("smm-advisor recommend --require b", ["b2b", "b2c"]),
        ("smm-advisor recommend --market b", ["b2b", "b2c", "both"]),
        ("smm-advisor recommend --weight g", ["goal_fit="]),
        ("smm-advisor recommend --exclude li", ["line", "linkedin"]),
        ("smm-advisor recommend --fail-if-missing x", ["x", "xiaohongshu", "xing"]),
        ("smm-advisor compare linkedin xi", ["xiaohongshu", "xing"]),
        ("smm-advisor compare --format t", ["table"]),
        ("smm-advisor check --platform bl", ["bluesky"]),
        ("smm-advisor check --kind c", ["caption"]),
        ("smm-advisor platforms show tw", []),  # an alias is accepted, but ids are offered
        ("smm-advisor platforms show th", ["threads"]),
        ("smm-advisor schema batch", ["batch-record", "batch-error"]),
        ("smm-advisor recommend --color a", ["auto", "always"]),
    ],
)  # fmt: skip
def test_values_complete(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, line: str, offered: list[str]
) -> None:
    assert completions(capsys, monkeypatch, line) == offered


def test_platform_ids_complete_from_the_knowledge_base_the_command_line_names(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, kb_file: str
) -> None:
    assert completions(capsys, monkeypatch, f"smm-advisor recommend --kb {kb_file} --exclude ") == ["fun", "pro"]
    assert completions(capsys, monkeypatch, "smm-advisor recommend --kb /nonexistent.yaml --exclude ") == []


def test_a_dumb_terminal_gets_no_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from smm_advisor.render.style import choose_style

    for var in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert choose_style("table").color
    monkeypatch.setenv("TERM", "dumb")
    assert not choose_style("table").color
    assert choose_style("table", "always").color  # asked for, it is given
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert choose_style("table").color


def test_the_cache_lives_where_the_platform_keeps_caches(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import platformdirs

    from smm_advisor.knowledge import cache

    monkeypatch.delenv("SMM_ADVISOR_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    mac = "/Users/someone/Library/Caches/smm-advisor"
    monkeypatch.setattr(platformdirs, "user_cache_dir", lambda name, appauthor=None: mac)
    assert cache.directory() == Path(mac)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))  # kept: XDG wins where it is set
    assert cache.directory() == tmp_path / "smm-advisor"
    monkeypatch.setenv("SMM_ADVISOR_CACHE_DIR", str(tmp_path / "own"))
    assert cache.directory() == tmp_path / "own"


def test_the_users_configuration_lives_where_the_platform_keeps_configuration(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import platformdirs

    from smm_advisor.cli import project

    monkeypatch.delenv("SMM_ADVISOR_CONFIG_DIR")
    windows = r"C:\Users\someone\AppData\Local\smm-advisor"
    monkeypatch.setattr(platformdirs, "user_config_dir", lambda name, appauthor=None: windows)
    assert project.user_config_dir() == Path(windows)


def test_quiet_leaves_nothing_but_the_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "recommend", "--quiet", "--min-score", "99") == (1, "", "")
    assert run(capsys, "check", "--quiet", "--platform", "x", "--text", "x" * 281) == (1, "", "")
    code, out, err = run(capsys, "recommend", "--quiet", "--top", "1", "--json")
    assert (code, err) == (0, "")
    assert out.startswith("{")  # machine output is what was asked for
