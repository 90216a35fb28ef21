"""The GitHub Action (action.yml): its steps run here as a runner runs them, with GitHub's variables set."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from packaging.requirements import Requirement

from smm_advisor.cli.action import command_line, split_list
from smm_advisor.errors import InputError
from smm_advisor.i18n import using

ROOT = Path(__file__).resolve().parent.parent
ACTION: dict[str, Any] = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
STEPS: list[dict[str, Any]] = ACTION["runs"]["steps"]
EXPRESSION = re.compile(r"\$\{\{\s*(.+?)\s*\}\}")
PROFILE = "market: b2b\ngoals: [leads]\nregions: [DE]\n"


def step(step_id: str) -> dict[str, Any]:
    return next(s for s in STEPS if s.get("id") == step_id)


def read_outputs(path: Path) -> dict[str, str]:
    """$GITHUB_OUTPUT as the runner reads it: name=value lines and name<<DELIMITER blocks."""
    outputs: dict[str, str] = {}
    lines = iter(path.read_text(encoding="utf-8").splitlines() if path.exists() else [])
    for line in lines:
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            outputs[name] = "\n".join(iter(lambda: next(lines), delimiter))
        else:
            name, value = line.split("=", 1)
            outputs[name] = value
    return outputs


@dataclass
class StepRun:
    code: int
    stderr: str
    summary: str
    outputs: dict[str, str]


class Runner:
    """Runs a `shell: bash` step of action.yml as GitHub's runner does, in a workspace under tmp_path.

    `${{ ... }}` in the step's `env` are filled from `context` (inputs fall back to their defaults in
    action.yml); an expression the context lacks fails the test, so a misspelt input name shows.
    """

    def __init__(self, tmp_path: Path) -> None:
        self.tmp = tmp_path
        self.workspace = tmp_path / "workspace"
        self.workspace.mkdir()
        (self.workspace / "campaign.yaml").write_text(PROFILE, encoding="utf-8")
        self.temp = tmp_path / "runner-temp"
        self.temp.mkdir()
        self.runs = 0

    def run(self, step_id: str, context: dict[str, str]) -> StepRun:
        self.runs += 1
        summary, output = self.tmp / f"summary-{self.runs}.md", self.tmp / f"output-{self.runs}.txt"
        s = step(step_id)
        assert s["shell"] == "bash"
        script = self.tmp / f"step-{self.runs}.sh"
        script.write_text(s["run"], encoding="utf-8")
        defaults = {f"inputs.{name}": str(spec.get("default", "")) for name, spec in ACTION["inputs"].items()}
        known = {**defaults, "github.action_path": str(ROOT), "runner.temp": str(self.temp), **context}
        step_env = {key: EXPRESSION.sub(lambda m: known[m.group(1)], str(value)) for key, value in s["env"].items()}
        env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "RUNNER_", "INPUT_", "PYTHON"))}
        env |= {
            "CI": "true",
            "GITHUB_ACTIONS": "true",
            "GITHUB_ACTION_PATH": str(ROOT),
            "GITHUB_WORKSPACE": str(self.workspace),
            "GITHUB_STEP_SUMMARY": str(summary),
            "GITHUB_OUTPUT": str(output),
            "RUNNER_TEMP": str(self.temp),
            "GITHUB_ENV": str(self.tmp / "github-env"),
            "GITHUB_PATH": str(self.tmp / "github-path"),
            "SMM_ADVISOR_NO_CACHE": "1",
            **step_env,
        }
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=self.workspace,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        # Nothing for the job's later steps: no variable, no PATH entry.
        assert not (self.tmp / "github-env").exists()
        assert not (self.tmp / "github-path").exists()
        text = summary.read_text(encoding="utf-8") if summary.exists() else ""
        return StepRun(done.returncode, done.stderr, text, read_outputs(output))

    def recommend(self, python: str = sys.executable, **inputs: str) -> StepRun:
        """The Recommend step with these inputs (keyword names with _ for -)."""
        context = {f"inputs.{name.replace('_', '-')}": value for name, value in inputs.items()}
        context.setdefault("inputs.profile", "campaign.yaml")
        return self.run("recommend", {"steps.install.outputs.python": python, **context})


@pytest.fixture
def runner(tmp_path: Path) -> Runner:
    return Runner(tmp_path)


def ranked(result: StepRun) -> list[str]:
    return [r["platform"] for r in json.loads(Path(result.outputs["json"]).read_text())["recommendations"]]


# ------------------------------------------------------------------ the Recommend step


def test_a_normal_run_writes_the_table_to_the_summary_and_sets_the_outputs(runner: Runner) -> None:
    result = runner.recommend(top="3")
    assert result.code == 0, result.stderr
    assert "| # | network | score | why |" in result.summary
    assert result.outputs["top"] == "linkedin"
    doc = json.loads(Path(result.outputs["json"]).read_text())
    assert Path(result.outputs["json"]).parent == runner.temp
    assert doc["schema_version"]
    assert len(doc["recommendations"]) == 3
    assert result.outputs["score"] == str(doc["recommendations"][0]["score"])
    assert result.stderr == ""


def test_quoted_args_and_list_inputs_reach_recommend_as_words(runner: Runner) -> None:
    result = runner.recommend(args="--exclude 'google-plus' --exclude \"linkedin\"", exclude="facebook,\n whatsapp\n")
    assert result.code == 0, result.stderr
    assert not {"linkedin", "facebook", "whatsapp", "google-plus"} & set(ranked(result))
    assert result.outputs["top"] == ranked(result)[0]
    assert "LinkedIn: excluded on request (--exclude)" in result.summary


def test_a_failed_gate_exits_1_after_the_summary_the_gates_and_the_outputs(runner: Runner) -> None:
    result = runner.recommend(top="2", min_score="100", fail_if_missing="tiktok\nxing")
    assert result.code == 1
    assert "| # | network | score | why |" in result.summary
    gates = result.summary.split("A gate failed, so this step fails (exit 1)", 1)[1]
    assert "- gate failed: --min-score: the best network scores" in gates
    assert "- gate failed: --fail-if-missing: tiktok is not in the ranking" in gates
    assert "- gate failed: --fail-if-missing: xing is not in the ranking" in gates
    assert result.outputs["top"] == "linkedin"
    assert ranked(result) == ["linkedin", "facebook"]
    assert "gate failed: --min-score" in result.stderr  # in the log too


def test_bad_input_exits_2_with_the_error_lines_in_the_summary(runner: Runner) -> None:
    (runner.workspace / "campaign.yaml").write_text("market: b2b\ngoals: [leeds]\n", encoding="utf-8")
    result = runner.recommend()
    assert result.code == 2
    assert "could not rank the networks (exit 2)" in result.summary
    assert "campaign.yaml:2" in result.summary
    assert "leeds" in result.summary
    assert "campaign.yaml:2" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.outputs == {"json": "", "top": "", "score": ""}


def test_a_missing_profile_file_and_a_missing_input_exit_2(runner: Runner) -> None:
    result = runner.recommend(profile="nowhere.yaml")
    assert (result.code, result.outputs["top"]) == (2, "")
    assert "nowhere.yaml" in result.summary
    result = runner.recommend(profile="")
    assert result.code == 2
    assert "action inputs: profile: required" in result.summary


@pytest.mark.parametrize("args", ["--format html", "--format=csv", "--json", "--top 3 --format table"])
def test_a_format_the_action_cannot_summarise_is_a_clear_error(runner: Runner, args: str) -> None:
    result = runner.recommend(args=args)
    assert result.code == 2
    message = "the Action writes Markdown to the job summary and JSON to a file"
    assert message in result.stderr
    assert message in result.summary
    assert "Traceback" not in result.stderr
    assert result.outputs["top"] == ""


def test_nothing_ranked_leaves_top_and_score_empty(runner: Runner) -> None:
    everything = yaml.safe_load((ROOT / "data" / "platforms.yaml").read_text(encoding="utf-8"))["platforms"]
    result = runner.recommend(exclude="\n".join(p["id"] for p in everything))
    assert result.code == 0, result.stderr
    assert (result.outputs["top"], result.outputs["score"]) == ("", "")
    assert ranked(result) == []


def test_the_lang_input_sets_the_language_of_the_summary(runner: Runner) -> None:
    result = runner.recommend(lang="de", top="1")
    assert result.code == 0, result.stderr
    assert "Empfohlene Netzwerke" in result.summary


def test_the_steps_scripts_take_values_only_from_the_environment() -> None:
    # ${{ }} inside `run` is pasted into the script before bash reads it: a quote in an input
    # would end a string there. Through `env` a value stays one word.
    for s in STEPS:
        assert "${{" not in s.get("run", ""), s.get("id")
    used = {m for s in STEPS for v in s.get("env", {}).values() for m in re.findall(r"inputs\.([\w-]+)", str(v))}
    used |= {m for s in STEPS for v in s.get("with", {}).values() for m in re.findall(r"inputs\.([\w-]+)", str(v))}
    assert used == set(ACTION["inputs"])


# ------------------------------------------------------------------ inputs to a command line


def test_list_inputs_split_at_newlines_and_commas() -> None:
    assert split_list("x, bluesky\n\n  linkedin  \n") == ["x", "bluesky", "linkedin"]
    assert split_list("  ") == []


def test_args_are_split_as_a_shell_splits_them() -> None:
    env = {"INPUT_PROFILE": "p.yaml", "INPUT_TOP": "5", "INPUT_ARGS": "--exclude 'google-plus' --region \"DE\""}
    assert command_line(env) == [
        "recommend", "--profile", "p.yaml", "--top", "5", "--exclude", "google-plus", "--region", "DE"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ("--exclude 'google-plus", "action inputs: args: cannot split it into words as a shell would: No closing"),
        ("--format html", "action inputs: args: --format html: the Action writes Markdown"),
        ("--batch lines.jsonl", "action inputs: args: --batch: the Action ranks one profile into the job summary"),
        ("--explain -h", "action inputs: args: -h: the Action ranks one profile into the job summary"),
        ("--profile other.yaml", "action inputs: args: --profile: use the Action's `profile` input instead"),
    ],
)
def test_args_the_action_cannot_take_are_named(args: str, message: str) -> None:
    with using("en"), pytest.raises(InputError) as caught:
        command_line({"INPUT_PROFILE": "p.yaml", "INPUT_ARGS": args})
    assert [line for line in caught.value.lines() if line.startswith(message)]


# ------------------------------------------------------------------ install: pinned, cached, private


def test_the_action_leaves_the_calling_jobs_python_and_path_alone() -> None:
    for s in STEPS:
        if str(s.get("uses", "")).startswith("actions/setup-python@"):
            assert str(s["with"]["update-environment"]).lower() == "false"
        assert "GITHUB_ENV" not in s.get("run", "")
        assert "GITHUB_PATH" not in s.get("run", "")
        assert "PATH" not in s.get("env", {})


def test_every_action_used_is_pinned_to_a_commit() -> None:
    uses = [str(s["uses"]) for s in STEPS if "uses" in s]
    assert uses
    assert all(re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", u) for u in uses), uses


def test_the_pip_cache_is_keyed_on_the_pinned_requirements(runner: Runner) -> None:
    import hashlib

    restore = next(s for s in STEPS if str(s.get("uses", "")).startswith("actions/cache/restore@"))
    assert "steps.pins.outputs.hash" in restore["with"]["key"]
    assert restore["with"]["path"] == step("install")["env"]["PIP_CACHE_DIR"]
    assert "action/requirements.txt" in step("install")["run"]
    pins = runner.run("pins", {"steps.python.outputs.python-path": sys.executable})
    assert pins.code == 0, pins.stderr
    assert pins.outputs == {"hash": hashlib.sha256((ROOT / "action" / "requirements.txt").read_bytes()).hexdigest()}


def test_the_pins_cover_every_dependency_and_satisfy_pyproject() -> None:
    import tomllib

    pins: dict[str, str] = {}
    for line in (ROOT / "action" / "requirements.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")  # exact pins only
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    for spec in map(Requirement, declared):
        name = re.sub(r"[-_.]+", "-", spec.name).lower()
        assert name in pins, f"{spec.name} is not pinned: run python scripts/pin_action.py"
        assert spec.specifier.contains(pins[name]), f"{spec.name}=={pins[name]} does not satisfy {spec}"


@pytest.mark.skipif(sys.platform == "win32", reason="the install step's test runs bash with a POSIX venv")
def test_install_then_recommend_with_only_the_pinned_dependencies(runner: Runner) -> None:
    """The two steps as on a runner: a fresh venv from the pins (the package index), then the advisor from the Action's
    folder with nothing else installed."""
    install = runner.run("install", {"steps.python.outputs.python-path": sys.executable})
    assert install.code == 0, install.stderr
    python = install.outputs["python"]
    assert Path(python).parent.parent == runner.temp / "smm-advisor-venv"
    result = runner.recommend(python=python, top="2", args="--exclude 'google-plus'")
    assert result.code == 0, result.stderr
    assert result.outputs["top"] == "linkedin"
