"""The terminal answer: a first screen that fits 80x24, the long view through a pager, the data sheet with
whole links, messages for empty and odd results, and a bare `smm-advisor` that helps."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from smm_advisor.advice.result import Ranked, ReasonLine
from smm_advisor.codes import Reason
from smm_advisor.knowledge.facts import iter_sourced
from smm_advisor.knowledge.store import load_knowledge_base
from smm_advisor.render.platforms import main_markets, render_show, show_payload
from smm_advisor.render.style import Style, hyperlinks
from smm_advisor.render.table import fit
from smm_advisor.render.text import short_reason, strongest_reasons
from tests.conftest import kb_data, lvl, platform_data, run
from tests.test_docs import quick_start_commands

KB = load_knowledge_base(None)


@pytest.fixture(autouse=True)
def _terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """An 80-column terminal answered in the language a test asks for, without colour."""
    monkeypatch.setenv("COLUMNS", "80")
    for name in ("SMM_ADVISOR_LANG", "FORCE_COLOR", "FORCE_HYPERLINK"):
        monkeypatch.delenv(name, raising=False)


def readme_example() -> list[str]:
    """The arguments of the README's first example (Quick start), after `smm-advisor`."""
    command = quick_start_commands()[0].split("&&")[-1]
    words = shlex.split(command)
    return words[words.index(next(w for w in words if w.endswith("smm-advisor"))) + 1 :]


def write_kb(tmp_path: Path, data: dict[str, Any]) -> str:
    path = tmp_path / "kb.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return str(path)


# ------------------------------------------------------------------------------ the first screen


@pytest.mark.parametrize("lang", ["en", "de"])
def test_the_readme_example_fits_an_80x24_terminal(capsys: pytest.CaptureFixture[str], lang: str) -> None:
    args = readme_example()
    assert args[0] == "recommend"
    code, out, _ = run(capsys, *args, "--lang", lang)
    assert code == 0
    lines = out.splitlines()
    assert len(lines) <= 24, out
    assert max(len(line) for line in lines) <= 80
    ranked = json.loads(run(capsys, *args, "--json")[1])["recommendations"]
    names = [r["name"] for r in ranked]
    shown = [line for line in lines if re.match(r"^ +\d+  \S", line)]
    assert [re.split(r"\s{2,}", line.strip())[1] for line in shown] == names[:5]
    for line in shown:  # each network: one line of reasons right below it
        reasons = lines[lines.index(line) + 1]
        assert reasons.startswith("    ")
        assert reasons.lstrip()[:1] in "+-"
    more = len(names) - 5
    assert (f"{more} more networks qualify; --long" if lang == "en" else f"{more} weitere Netzwerke") in out


def test_the_short_view_shows_the_strongest_plus_and_minus_with_the_tier(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, *readme_example())
    assert code == 0
    first = json.loads(run(capsys, *readme_example(), "--json")[1])["recommendations"][0]
    plus = next(f"+ {r['text']}" for r in first["reasons"] if r["sign"] == "+")
    minus = next(f"- {r['text']}" for r in first["reasons"] if r["sign"] == "-")
    line = out.splitlines()[out.splitlines().index(next(x for x in out.splitlines() if first["name"] in x)) + 1]
    assert line.lstrip().startswith(short_reason(plus)[:20])
    assert short_reason(minus)[:20] in line
    assert first["tier"] in out.splitlines()[out.splitlines().index(line) - 1]


def test_strongest_reasons_and_fitting_them_on_one_line() -> None:
    texts = (
        "+ leads 3/3: the B2B marketers' top platform; on par with Facebook",
        "+ strong B2B network (3/3)",
        "- 30% of your target group (ages 30-60) use it (DE: Bitkom 2023); ages by its US profile",
        "- weak something",
    )
    reasons = tuple(
        ReasonLine("goal_fit", "+" if text[0] == "+" else "-", Reason("goal_fit.level", {}, text[2:])) for text in texts
    )
    r = Ranked(1, "p", "P", 70.0, "recommended", False, 30.0, reasons, ())
    assert strongest_reasons(r) == ["+ leads 3/3: the B2B marketers' top platform", "- 30% of your target group use it"]
    long, short = "+ " + "word " * 30, "- short minus"
    fitted = fit([long, short], 60)
    assert fitted[1] == short  # the short one keeps all of it
    assert fitted[0].endswith("…")
    assert len(fitted[0]) + 3 + len(short) <= 60
    both = fit([long, "- " + "other " * 30], 63)
    assert len(both[0]) + 3 + len(both[1]) <= 63
    assert all(part.endswith("word…") or part.endswith("other…") for part in both)  # cut after whole words
    assert all(len(part) >= 25 for part in both)  # each keeps about half the line
    assert fit(["+ goal 3/3: first clause", "- " + "x" * 80], 40)[0] == "+ goal 3/3…"  # no scrap after a colon


@pytest.mark.parametrize("flag", [["--long"], ["--top", "0"], ["--explain", "--long"], ["--explain", "--top", "0"]])
def test_long_shows_every_network_and_every_reason(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, flag: list[str]
) -> None:
    base = [*readme_example(), "--lang", "en"]
    ranked = json.loads(run(capsys, *base, "--json")[1])["recommendations"]
    monkeypatch.setenv("COLUMNS", "400")  # no reason wraps
    code, out, _ = run(capsys, *base, *flag)
    assert code == 0
    assert "more networks qualify" not in out
    for r in ranked:
        assert re.search(rf"^ +{r['rank']} +{re.escape(r['name'])} ", out, flags=re.M), r["name"]
        if "--explain" not in flag:
            assert all(f"{reason['sign']} {reason['text']}" in out for reason in r["reasons"]), r["name"]


def test_explain_explains_the_rows_the_table_shows(capsys: pytest.CaptureFixture[str]) -> None:
    """--explain adds each rule's points to the first screen's networks; --long or --top widen it, as without it."""
    base = [*readme_example(), "--lang", "en", "--color", "never"]
    ranked = json.loads(run(capsys, *base, "--json")[1])["recommendations"]
    code, out, _ = run(capsys, *base, "--explain")
    assert code == 0
    assert out.count("base 100.0") == 5
    assert f"{len(ranked) - 5} more networks qualify; --long shows them all with every reason." in out
    for r in ranked[:5]:
        assert f"= score {r['score']:.1f}" in out
    assert run(capsys, *base, "--explain", "--top", "2")[1].count("base 100.0") == 2
    assert run(capsys, *base, "--explain", "--long")[1].count("base 100.0") == len(ranked)


def test_top_n_in_the_table_says_how_many_more_and_gates_read_the_whole_ranking(
    capsys: pytest.CaptureFixture[str],
) -> None:
    base = readme_example()
    ranked = json.loads(run(capsys, *base, "--json")[1])["recommendations"]
    code, out, _ = run(capsys, *base, "--top", "2")
    assert code == 0
    assert f"{len(ranked) - 2} more networks qualify" in out
    sixth = ranked[6]["platform"]  # not on the first screen, but ranked
    code, out, err = run(capsys, *base, "--fail-if-missing", sixth)
    assert (code, err) == (0, "")
    code, _, _ = run(capsys, *base, "--top", "3", "--fail-if-missing", sixth)
    assert code == 1


# ------------------------------------------------------------------------------------- the pager


def decide(text: str, fmt: str = "table", tty: bool = True, no_pager: bool = False, **environ: str) -> str | None:
    """The pager for `text` on a 24-line terminal with this environment, or None."""
    from smm_advisor.cli.pager import pager_command

    return pager_command(text, fmt, no_pager=no_pager, is_tty=tty, height=24, environ=environ)


def test_the_pager_decision() -> None:
    tall, short = "x\n" * 30, "x\n" * 5
    assert decide(tall) == "less"
    assert decide(tall, PAGER="most -s") == "most -s"
    assert decide(tall, PAGER="most", SMM_ADVISOR_PAGER="less -S") == "less -S"
    assert decide(short) is None  # fits the screen
    for empty in ("", "cat", " "):
        assert decide(tall, PAGER=empty) is None
    assert decide(tall, tty=False) is None
    assert decide(tall, no_pager=True) is None
    for fmt in ("json", "jsonl", "csv", "markdown", "html"):
        assert decide(tall, fmt) is None


FAKE_PAGER = """\
import os, sys
out = sys.argv[1]
with open(out, "wb") as fh:
    fh.write(sys.stdin.buffer.read())
with open(out + ".env", "w") as fh:
    fh.write(os.environ.get("LESS", "-"))
"""


def on_a_terminal(args: list[str], env: dict[str, str]) -> str:
    """Run the CLI with stdout on a pseudo-terminal; what it wrote there."""
    pty = pytest.importorskip("pty")
    master, slave = pty.openpty()
    done = subprocess.run(
        [sys.executable, "-m", "smm_advisor", *args],
        stdout=slave,
        stderr=subprocess.PIPE,
        env=env,
        check=False,
    )
    os.close(slave)
    assert done.returncode == 0, done.stderr
    os.set_blocking(master, False)
    written = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except (BlockingIOError, OSError):  # nothing more (EIO once the terminal's writer is gone)
            break
        if not chunk:
            break
        written += chunk
    os.close(master)
    return written.decode("utf-8", "replace")


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_long_output_on_a_terminal_goes_through_pager(tmp_path: Path) -> None:
    pager = tmp_path / "pager.py"
    pager.write_text(FAKE_PAGER, encoding="utf-8")
    paged = tmp_path / "paged.txt"
    env = {k: v for k, v in os.environ.items() if k not in ("LESS", "PAGER", "SMM_ADVISOR_PAGER", "NO_COLOR")}
    env.update(COLUMNS="80", LINES="24", NO_COLOR="1", SMM_ADVISOR_LANG="en")
    env["PAGER"] = f"{shlex.quote(sys.executable)} {shlex.quote(str(pager))} {shlex.quote(str(paged))}"
    args = [*readme_example(), "--long"]
    on_screen = on_a_terminal(args, env)
    assert on_screen.strip() == ""  # everything went to the pager
    text = paged.read_text(encoding="utf-8")
    assert text.startswith("Recommended networks (market b2b")
    assert len(text.splitlines()) > 24
    assert Path(f"{paged}.env").read_text(encoding="utf-8") == "FRX"  # less: quit if one screen, colours, no init
    paged.unlink()
    on_screen = on_a_terminal([*args, "--no-pager"], env)
    assert not paged.exists()
    assert "Recommended networks (market b2b" in on_screen
    on_screen = on_a_terminal(readme_example(), env)  # the first screen fits: no pager
    assert not paged.exists()
    assert "more networks qualify" in on_screen
    on_a_terminal(["platforms", "show", "linkedin"], env)
    assert paged.read_text(encoding="utf-8").startswith("LinkedIn [linkedin]")


# ----------------------------------------------------------------------------- the data sheet


@pytest.mark.parametrize("platform", ["x", "youtube", "linkedin", "douyin"])
def test_platforms_show_never_breaks_a_url(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, platform: str
) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    code, out, _ = run(capsys, "platforms", "show", platform)
    assert code == 0
    lines = [line.strip() for line in out.splitlines()]
    payload = json.dumps(show_payload(KB, KB.platform(platform)))
    urls = set(re.findall(r'"url": "([^"]+)"', payload))
    assert urls
    for url in urls:
        assert url in lines, url  # whole, on a line of its own


def test_platforms_show_links_are_terminal_links_where_shown_and_output_stays_the_same() -> None:
    style = Style(width=50, color=True, links=True)
    linkedin = KB.platform("linkedin")
    first = render_show(KB, linkedin, "table", style)
    assert first == render_show(KB, linkedin, "table", style)  # rich's random link ids are gone
    for url in set(re.findall(r'"url": "([^"]+)"', json.dumps(show_payload(KB, linkedin)))):
        assert re.search(rf"\x1b\]8;;{re.escape(url)}\x1b\\(\x1b\[[0-9;]*m)*{re.escape(url)}", first), url
    assert "\x1b]8" not in render_show(KB, linkedin, "table", Style(width=50, color=True, links=False))


def test_hyperlinks_are_drawn_only_on_terminals_that_show_them() -> None:
    assert hyperlinks({"FORCE_HYPERLINK": "1"})
    assert not hyperlinks({"FORCE_HYPERLINK": "0", "TERM_PROGRAM": "iTerm.app"})
    assert hyperlinks({"TERM_PROGRAM": "WezTerm"})
    assert hyperlinks({"WT_SESSION": "abc"})
    assert hyperlinks({"VTE_VERSION": "7600"})
    assert not hyperlinks({"VTE_VERSION": "4200"})
    assert not hyperlinks({"TERM": "xterm-256color"})
    assert not hyperlinks({"TERM_PROGRAM": "iTerm.app", "TMUX": "/tmp/tmux-1/default,1,0"})


def test_platforms_show_is_a_data_sheet_with_sections_notes_and_numbered_sources(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(capsys, "platforms", "show", "linkedin")
    assert code == 0
    titles = ["Identity and lifecycle", "Audience and reach", "Goals", "Formats and limits", "Ads and effort"]
    found = [line.split(" ─")[0] for line in out.splitlines() if line.endswith("──")]
    assert found == [*titles, "Sources"]
    cited = {int(n) for n in re.findall(r"^\S.*\n\[(\d+)\] \d{4}-\d\d-\d\d", out, flags=re.M)}
    listed = [int(n) for n in re.findall(r"^\[(\d+)\] ", out[out.index("Sources ─") :], flags=re.M)]
    assert listed == sorted(cited) == list(range(1, len(listed) + 1))
    notes = [fact.note for _, fact in iter_sourced(KB.platform("linkedin")) if fact.note and len(fact.note) > 200]
    assert notes
    assert notes[0] not in out.replace("\n", " ")  # cut to a line ...
    assert len(out.splitlines()) < 250  # ... not a wall of 600 lines at 80 columns
    monkeypatch.setenv("COLUMNS", "5000")
    code, long, _ = run(capsys, "platforms", "show", "linkedin", "--long")
    flat = " ".join(long.split())
    assert all(" ".join(note.split()) in flat for note in notes)  # ... and in full with --long


def test_platforms_list_names_each_networks_main_markets(capsys: pytest.CaptureFixture[str]) -> None:
    expected = {"douyin": ["CN"], "line": ["JP", "TW", "TH"], "youtube": ["global"], "xing": ["dach"], "vk": ["RU"]}
    for pid, markets in expected.items():
        assert main_markets(KB.platform(pid)) == markets, pid
    assert main_markets(KB.platform("google-plus")) == []  # reaches no one
    code, out, _ = run(capsys, "platforms")
    assert code == 0
    assert re.search(r"^ line +LINE +active +1/3 +3/3 +JP, TW, TH ", out, flags=re.M)
    assert re.search(r"^ kakaotalk +KakaoTalk +active .* KR ", out, flags=re.M)
    assert "main markets" in out


# ------------------------------------------------------------------ empty and odd results, portfolio


def test_nothing_qualifies_says_what_left_each_network_out(
    capsys: pytest.CaptureFixture[str], kb_file: str, tmp_path: Path
) -> None:
    args = ["recommend", "--kb", kb_file, "--require", "live", "--portfolio", "2"]
    code, out, _ = run(capsys, *args)
    assert code == 0
    assert "No network qualifies for this profile" in out
    assert "  does not meet the requirement(s) live (--require): Fun, Pro\n" in out
    assert "Portfolio of" not in out
    code, md, _ = run(capsys, *args, "--format", "markdown")
    assert "No network qualifies for this profile" in md
    assert "Portfolio of" not in md
    code, html, _ = run(capsys, *args, "--format", "html")
    assert "No network qualifies for this profile" in html
    assert "Portfolio of" not in html
    code, de, _ = run(capsys, *args, "--lang", "de")
    assert "Für dieses Profil kommt kein Netzwerk infrage" in de


def test_all_weak_and_a_tie_at_the_top_are_said(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    twins = kb_data(
        platform_data("alpha", orientation={"b2b": lvl(0), "b2c": lvl(3)}),
        platform_data("beta", orientation={"b2b": lvl(0), "b2c": lvl(3)}),
    )
    kb = write_kb(tmp_path, twins)
    doc = json.loads(run(capsys, "recommend", "--kb", kb, "--market", "b2b", "--json")[1])
    assert [(r["rank"], r["tier"], r["tied"]) for r in doc["recommendations"]] == [(1, "weak", True)] * 2
    for fmt in ("table", "markdown", "html"):
        code, out, _ = run(capsys, "recommend", "--kb", kb, "--market", "b2b", "--format", fmt)
        assert code == 0
        assert "Every network is weak for this profile" in out, fmt
        assert "Alpha and Beta tie for first place" in out, fmt
    code, out, _ = run(capsys, "recommend", "--kb", kb, "--market", "b2b", "--lang", "de")
    assert "Für dieses Profil ist jedes Netzwerk schwach: selbst das beste, Alpha, erreicht nur " in " ".join(
        out.split()
    )
    assert "Alpha und Beta teilen sich den ersten Platz" in out
    code, out, _ = run(capsys, *readme_example())  # LinkedIn first and recommended: nothing to say
    assert "Every network is weak" not in out
    assert "tie for first place" not in out


def test_wrapped_portfolio_and_robustness_lines_keep_their_indent(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    args = ["recommend", "--market", "b2c", "--goal", "sales", "--region", "DE", "--age", "18-35"]
    code, out, _ = run(capsys, *args, "--portfolio", "3", "--hours-per-week", "6", "--robustness")
    assert code == 0
    blocks = [block for block in out.split("\n\n") if block.startswith(("Portfolio of", "How stable"))]
    assert len(blocks) == 2
    for block in blocks:
        title_lines = 2 if block.startswith("How stable") else 1  # the title itself may wrap
        body = block.splitlines()[title_lines:]
        assert len(body) > 3
        assert all(line.startswith("  ") for line in body), block


# ------------------------------------------------------------------------------ a bare command


@pytest.mark.parametrize(("lang", "word"), [("en", "Examples:"), ("de", "Beispiele:")])
def test_a_bare_command_prints_help_with_three_examples_that_run(
    capsys: pytest.CaptureFixture[str], lang: str, word: str
) -> None:
    code, out, err = run(capsys, "--lang", lang) if lang == "de" else run(capsys)
    assert (code, err) == (0, "")
    assert out.startswith(("Usage: smm-advisor", "Aufruf: smm-advisor"))
    examples = out.split(word, 1)[1].strip().splitlines()
    assert len(examples) == 3
    for example in examples:
        words = shlex.split(example)
        assert words[0] == "smm-advisor"
        assert run(capsys, *words[1:], "--lang", lang)[0] == 0, example
    assert run(capsys, "--help")[1] == run(capsys)[1]  # --help as before, with the examples too
