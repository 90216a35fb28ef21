"""Start-up stays lean: what the command line imports, checked by module name, never by a clock.

`smm-advisor --version` and `import smm_advisor.cli.entry` load typer and little else: no rich, no
YAML, no models; `recommend --format json` loads no rich, and once the knowledge base is in the
cache no YAML either. (benchmarks/run.py measures the times; docs/performance.md has the numbers.)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from smm_advisor.knowledge.store import bundled_path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("rich", "yaml", "smm_advisor.knowledge.models", "smm_advisor.cli.recommend", "pydantic.main")
PROFILE = ["recommend", "--market", "b2b", "--goal", "leads", "--age", "25-54", "--region", "DE", "--format", "json"]


def loaded_after(code: str, cache: Path) -> tuple[set[str], str]:
    """The modules a fresh interpreter holds after running `code`, and what it printed."""
    script = f"import json, sys\n{code}\nsys.stderr.write('\\nMODULES ' + json.dumps(sorted(sys.modules)))\n"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SMM_ADVISOR_CACHE_DIR": str(cache)}
    env.pop("SMM_ADVISOR_NO_CACHE", None)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
    modules = json.loads(done.stderr.rsplit("MODULES ", 1)[1])
    return set(modules), done.stdout


def heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


def test_importing_the_cli_loads_neither_rich_nor_yaml(tmp_path: Path) -> None:
    modules, _ = loaded_after("import smm_advisor.cli.entry", tmp_path)
    assert heavy(modules) == []


BUNDLED = "knowledge base 2026.11.1 of 2026-11-30 (bundled)\n"


@pytest.mark.parametrize("kb", [None, "bundled", "other"])
def test_version_loads_neither_rich_nor_yaml_nor_the_models_nor_even_typer(tmp_path: Path, kb: str | None) -> None:
    """The knowledge base's version is read from its text: not validated, not even parsed."""
    other = tmp_path / "kb.yaml"
    other.write_text('# ours\nversion: "2027.1" # of January\nas_of: 2027-01-15\nplatforms: []\n', encoding="utf-8")
    args = ["--version"] + ([] if kb is None else ["--kb", str(other) if kb == "other" else str(bundled_path())])
    modules, out = loaded_after(f"from smm_advisor.cli.entry import main\nmain({args!r})", tmp_path)
    assert out.startswith("smm-advisor ")
    if kb == "other":
        assert out.splitlines()[1] == f"knowledge base 2027.1 of 2027-01-15 ({other})"
    elif kb is None:
        assert out.endswith(BUNDLED)
    assert heavy(modules) == []
    assert "typer" not in modules


def test_the_version_is_the_same_on_the_slow_way(capsys: pytest.CaptureFixture[str]) -> None:
    import typer

    from smm_advisor import __version__
    from smm_advisor.cli.app import _version

    with pytest.raises(typer.Exit):  # typer's eager option, should a command line reach typer
        _version(True)
    assert capsys.readouterr().out == f"smm-advisor {__version__}\n{BUNDLED}"


@pytest.mark.parametrize("args", [["--version"], ["--debug", "--version"], ["--lang", "en", "--version"]])
def test_version_answers_the_same_on_every_path(tmp_path: Path, args: list[str]) -> None:
    from smm_advisor import __version__

    _, out = loaded_after(f"from smm_advisor.cli.entry import main\nassert main({args!r}) == 0", tmp_path)
    assert out == f"smm-advisor {__version__}\n{BUNDLED}"


def test_version_names_a_knowledge_base_it_cannot_read(capsys: pytest.CaptureFixture[str]) -> None:
    from smm_advisor.cli.entry import main

    assert main(["--version", "--kb", "/nonexistent/kb.yaml"]) == 2
    assert "/nonexistent/kb.yaml: no such file" in capsys.readouterr().err


def test_recommend_json_loads_no_rich_and_with_a_warm_cache_no_yaml(tmp_path: Path) -> None:
    code = f"from smm_advisor.cli.entry import main\nmain({PROFILE!r})"
    cold, out = loaded_after(code, tmp_path)
    assert json.loads(out)["recommendations"]
    assert not any(m == "rich" or m.startswith("rich.") for m in cold)
    warm, again = loaded_after(code, tmp_path)
    assert again == out
    assert sorted({m.split(".")[0] for m in warm} & {"rich", "yaml"}) == []


def test_a_table_still_gets_rich(tmp_path: Path) -> None:
    modules, out = loaded_after(f"from smm_advisor.cli.entry import main\nmain({[*PROFILE[:-1], 'table']!r})", tmp_path)
    assert "rich" in modules
    assert "Recommended networks" in out


def test_the_commands_define_no_dataclass_on_their_way(tmp_path: Path) -> None:
    """Records are named tuples (docs/architecture.md): a frozen dataclass costs 0.35 ms of every start to define."""
    code = (
        "from smm_advisor.cli.entry import main\n"
        f"main({[*PROFILE[:-1], 'table', '--explain']!r})\n"
        f"main(['compare', 'linkedin', 'xing', '--format', 'table'])\n"
        f"main(['check', '--platform', 'x', '--text', 'Hello'])\n"
        "ours = [m for n, m in list(sys.modules.items()) if n.startswith('smm_advisor')]\n"
        "made = sorted(f'{m.__name__}.{k}' for m in ours for k, v in vars(m).items()"
        " if isinstance(v, type) and v.__module__ == m.__name__ and '__dataclass_fields__' in vars(v))\n"
        "print('DATACLASSES', made)"
    )
    modules, out = loaded_after(code, tmp_path)
    assert {"smm_advisor.advice.result", "smm_advisor.posts.checking", "smm_advisor.knowledge.reader"} <= modules
    assert out.rsplit("DATACLASSES ", 1)[1].strip() == "[]"


def test_the_app_has_every_command_when_imported(tmp_path: Path) -> None:
    import typer.main

    from smm_advisor.cli.entry import app

    names = set(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
    assert {"recommend", "check", "kb", "platforms", "profile", "schema"} <= names


@pytest.mark.parametrize(
    ("text", "needs"),
    [
        ("Hello, world. See you on Monday! #launch", set()),
        ("Read more at example.com/spring", {"twitter_text.regexp.valid_gtld"}),
        ("Spring sale \U0001f337 on Monday", {"twitter_text.regexp.emoji"}),
    ],
)
def test_check_on_x_loads_twitter_texts_patterns_only_for_drafts_that_need_them(
    tmp_path: Path, text: str, needs: set[str]
) -> None:
    # The TLD table and the emoji table take tens of milliseconds each to build (docs/performance.md).
    args = ["check", "--platform", "x", "--format", "json", "--text", text]
    code = f"from smm_advisor.cli.entry import main\nmain({args!r})"
    modules, out = loaded_after(code, tmp_path)
    assert json.loads(out)["results"][0]["platform"] == "x"
    big = {"twitter_text.regexp.valid_gtld", "twitter_text.regexp.emoji", "twitter_text.regexp.extract_url"}
    assert modules & big == needs
