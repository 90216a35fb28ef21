"""README, CI script and integrations stay in step with the code."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import load_script

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def quick_start_commands() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section, flags=re.S)


def test_quick_start_is_two_commands_and_ci_runs_the_test_command_verbatim() -> None:
    commands = quick_start_commands()
    assert len(commands) == 2
    assert all("\n" not in c for c in commands)
    assert "smm-advisor recommend" in commands[0]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci


def test_readme_documents_every_recommend_option() -> None:
    import typer.main

    from smm_advisor.cli.entry import app

    group = typer.main.get_command(app)
    recommend = group.commands["recommend"]  # type: ignore[attr-defined]
    options = [opt for param in recommend.params for opt in param.opts if opt.startswith("--")]
    assert "--min-score" in options
    missing = [opt for opt in options if opt not in README]
    assert missing == []


def test_readme_ci_examples_use_real_inputs_outputs_hooks_and_no_unreleased_tag() -> None:
    section = README.split("\n## In CI\n", 1)[1].split("\n## ", 1)[0]
    blocks = [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.+?)\n```", section, flags=re.S)]
    (pre_commit,) = [b for b in blocks if isinstance(b, dict) and "repos" in b]
    (workflow,) = [b for b in blocks if isinstance(b, list)]
    (repo,) = pre_commit["repos"]
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {h["id"] for h in repo["hooks"]} <= {h["id"] for h in hooks}
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    (uses,) = [s for s in workflow if "uses" in s]
    assert set(uses["with"]) <= set(action["inputs"])
    assert {name for name, spec in action["inputs"].items() if spec.get("required")} <= set(uses["with"])
    assert set(re.findall(r"steps\.advice\.outputs\.([\w-]+)", section)) <= set(action["outputs"])
    # A version tag only once the changelog has released it (docs/releasing.md makes the tag).
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    released = set(re.findall(r"^## (\d+\.\d+\.\d+)\b", changelog, flags=re.M))
    for ref in (str(repo["rev"]), str(uses["uses"]).rsplit("@", 1)[1]):
        version = re.fullmatch(r"v(\d+\.\d+\.\d+)", ref)
        assert version is None or version.group(1) in released, f"{ref} is not released yet"
        assert version or re.fullmatch(r"[0-9a-f]{40}|<full commit SHA>", ref), ref
    assert all((ROOT / link).is_file() for link in re.findall(r"\]\((docs/[^)]+)\)", section))


def test_pre_commit_hooks_call_real_commands() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    by_id = {h["id"]: h for h in hooks}
    assert set(by_id) == {"smm-advisor-check", "smm-advisor-profile", "smm-advisor-kb"}
    profile = re.compile(by_id["smm-advisor-profile"]["files"])
    assert profile.search("profiles/spring.yaml")
    assert not profile.search("src/app.yaml")
    kb = re.compile(by_id["smm-advisor-kb"]["files"])
    assert kb.search("data/platforms.yaml")
    for hook in hooks:
        args = [*hook["entry"].split()[1:], "--help"]
        done = subprocess.run(
            [sys.executable, "-m", "smm_advisor", *args],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            check=False,
        )
        assert done.returncode == 0, (hook["id"], done.stderr)


def test_check_hook_by_default_leaves_this_repositorys_docs_alone(capsys: pytest.CaptureFixture[str]) -> None:
    from smm_advisor.cli.entry import main

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = [h for h in hooks if h["id"] == "smm-advisor-check"]
    pattern = re.compile(hook["files"])
    skip = {".git", ".venv", "venv", "build", "dist"}
    texts = [
        path.relative_to(ROOT).as_posix()
        for path in ROOT.rglob("*")
        if path.suffix in (".md", ".markdown", ".txt") and not skip & set(path.relative_to(ROOT).parts)
    ]
    assert {"README.md", "CHANGELOG.md", "docs/methodology.md"} <= set(texts)
    assert [p for p in texts if pattern.search(p)] == []
    # ... which matters: no network takes a post as long as the README or the changelog.
    assert main(["check", str(ROOT / "README.md"), str(ROOT / "CHANGELOG.md")]) == 1
    capsys.readouterr()


def test_the_methodology_calibration_table_is_current() -> None:
    calibration = load_script("calibration")
    doc = (ROOT / "docs" / "methodology.md").read_text(encoding="utf-8")
    assert calibration.replaced(doc, calibration.table()) == doc, "run: python scripts/calibration.py --write"


def test_every_output_the_readme_shows_is_what_the_command_prints() -> None:
    readme = load_script("readme")
    shown = readme.MARKER.findall(README)
    assert len(shown) >= 4
    # every block that shows a command with its output is rerun: none without the marker
    outputs = re.findall(r"^```text\n\$ smm-advisor", README, flags=re.M)
    assert len(outputs) == len(shown)
    assert readme.rendered(README) == README, "run: python scripts/readme.py --write"
