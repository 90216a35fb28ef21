"""The GitHub Action's step (action.yml): `recommend` from its inputs, JSON to a file, Markdown to the job summary.

action.yml hands every input over as an environment variable (INPUT_PROFILE, INPUT_TOP, ...), never
through the shell: list inputs are split at newlines and commas, `args` the way a POSIX shell
splits words (shlex), so `--exclude 'google-plus'` means what it says. `recommend` then runs twice
in this process with the same options: for JSON, written to a file under $RUNNER_TEMP (the `json`
output), and for Markdown, appended to $GITHUB_STEP_SUMMARY. The exit code is the CLI's: 0; 1 when
a gate failed, after the summary, the failed gates and the outputs are written; 2 for bad input
(and 70 for an internal error), whose error lines go to the summary as well.

    python -m smm_advisor.cli.action
"""

from __future__ import annotations

import io
import json
import os
import shlex
import sys
import tempfile
import uuid
from collections.abc import Mapping
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from smm_advisor.errors import EXIT_GATE, EXIT_USAGE, InputError, Problem
from smm_advisor.i18n import LANGUAGES, default_language, set_language, t

# The inputs that map to one option of `recommend` each: (environment variable, option, a list?).
OPTIONS = (
    ("INPUT_TOP", "--top", False),
    ("INPUT_MIN_SCORE", "--min-score", False),
    ("INPUT_FAIL_IF_MISSING", "--fail-if-missing", True),
    ("INPUT_EXCLUDE", "--exclude", True),
    ("INPUT_LANG", "--lang", False),
)
# Options the Action sets itself or has no use for: `args` may not carry them.
FORMAT_OPTIONS = ("--format", "--json")
OWN_OPTIONS = {"--profile": "profile"}
ELSEWHERE_OPTIONS = ("--batch", "--help", "-h", "--version")


def split_list(value: str) -> list[str]:
    """A list input: one item a line or comma-separated, blanks dropped (no item is a network name with a comma)."""
    return [item.strip() for line in value.splitlines() for item in line.split(",") if item.strip()]


def command_line(environ: Mapping[str, str]) -> list[str]:
    """`recommend` and the options the inputs ask for, without --format; InputError names each input it cannot take."""
    where = t("action inputs")
    problems: list[Problem] = []
    profile = environ.get("INPUT_PROFILE", "").strip()
    if not profile:
        problems.append(
            Problem(where, t("required: the path of a profile file (YAML or JSON) in your repository"), field="profile")
        )
    argv = ["recommend", "--profile", profile]
    for name, option, many in OPTIONS:
        value = environ.get(name, "").strip()
        for item in split_list(value) if many else [value] if value else []:
            argv += [option, item]
    try:
        extra = shlex.split(environ.get("INPUT_ARGS", ""))
    except ValueError as exc:  # "No closing quotation", "No escaped character"
        problems.append(
            Problem(where, t("cannot split it into words as a shell would: {error}", error=str(exc)), field="args")
        )
        extra = []
    for i, arg in enumerate(extra):
        option, equals, _ = arg.partition("=")
        if option in FORMAT_OPTIONS:
            shown = arg if equals or option == "--json" else " ".join(extra[i : i + 2])  # '--format html'
            problems.append(
                Problem(
                    where,
                    t(
                        "{option}: the Action writes Markdown to the job summary and JSON to a file (its `json` "
                        "output); for another format, run `smm-advisor recommend` in a step of your own",
                        option=shown,
                    ),
                    field="args",
                )
            )
        elif option in ELSEWHERE_OPTIONS:
            problems.append(
                Problem(
                    where,
                    t(
                        "{option}: the Action ranks one profile into the job summary; run "
                        "`smm-advisor recommend {option}` in a step of your own",
                        option=option,
                    ),
                    field="args",
                )
            )
        elif option in OWN_OPTIONS:
            problems.append(
                Problem(
                    where,
                    t("{option}: use the Action's `{input}` input instead", option=option, input=OWN_OPTIONS[option]),
                    field="args",
                )
            )
    if problems:
        raise InputError(problems)
    return [*argv, *extra]


def main(environ: Mapping[str, str] | None = None) -> int:
    """Run the step: the summary and the outputs are written whatever the exit code."""
    env = os.environ if environ is None else environ
    lang = env.get("INPUT_LANG", "").strip().lower()
    set_language(lang if lang in LANGUAGES else default_language(env))
    unset = [name for name in ("GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT") if not env.get(name)]
    if unset:
        sys.stderr.write(
            "".join(
                "smm-advisor: "
                + t("{name} is not set: this runs as a step of the GitHub Action (action.yml)", name=name)
                + "\n"
                for name in unset
            )
        )
        return EXIT_USAGE
    summary, outputs = Path(env["GITHUB_STEP_SUMMARY"]), Path(env["GITHUB_OUTPUT"])
    try:
        argv = command_line(env)
    except InputError as exc:
        code, document, notes = EXIT_USAGE, "", "".join(f"smm-advisor: {line}\n" for line in exc.lines())
    else:
        code, document, notes = _run([*argv, "--format", "json"])
    sys.stderr.write(notes)
    if code not in (0, EXIT_GATE):
        _append(summary, failure_summary(code, notes))
        _set_outputs(outputs, {"json": "", "top": "", "score": ""})
        return code
    fd, name = tempfile.mkstemp(prefix="smm-advisor-", suffix=".json", dir=env.get("RUNNER_TEMP") or None)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(document)
    markdown = _run([*argv, "--format", "markdown", "--quiet"])[1]
    _append(summary, markdown + (gate_summary(code, notes) if code == EXIT_GATE else ""))
    ranked = json.loads(document)["recommendations"]
    top, score = (str(ranked[0]["platform"]), str(ranked[0]["score"])) if ranked else ("", "")
    _set_outputs(outputs, {"json": name, "top": top, "score": score})
    return code


def failure_summary(code: int, notes: str) -> str:
    """The error lines, verbatim in a code block: file:line messages must not turn into Markdown."""
    fence = "```"
    while fence in notes:
        fence += "`"
    title = t("smm-advisor could not rank the networks (exit {code})", code=code)
    return f"**{title}**\n\n{fence}text\n{notes.rstrip()}\n{fence}\n"


def gate_summary(code: int, notes: str) -> str:
    gates = [line.removeprefix("smm-advisor: ") for line in notes.splitlines() if line.strip()]
    title = t("A gate failed, so this step fails (exit {code})", code=code)
    return f"\n**{title}**\n\n" + "".join(f"- {gate}\n" for gate in gates)


def _run(argv: list[str]) -> tuple[int, str, str]:
    """The CLI in this process: (exit code, stdout, stderr)."""
    from smm_advisor.cli.entry import main as cli

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli(argv)
    return code, out.getvalue(), err.getvalue()


def _append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as f:
        f.write(text)


def _set_outputs(path: Path, values: Mapping[str, str]) -> None:
    """Step outputs in $GITHUB_OUTPUT's format; a value with a line break takes the delimited form."""
    with path.open("a", encoding="utf-8") as f:
        for name, value in values.items():
            if "\n" in value or "\r" in value:
                delimiter = f"ghadelimiter_{uuid.uuid4()}"
                f.write(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")
            else:
                f.write(f"{name}={value}\n")


if __name__ == "__main__":
    sys.exit(main())
