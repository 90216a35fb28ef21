"""Machine output (JSON, JSON Lines, CSV) is the same on every machine: English unless --lang, with codes."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest

from tests.conftest import run

# A German user's machine: the locale, and the tool's own variable.
GERMAN_MACHINES = [{"LANG": "de_DE.UTF-8"}, {"LC_ALL": "de_DE.UTF-8"}, {"SMM_ADVISOR_LANG": "de"}]
PROFILE = ["--market", "b2b", "--goal", "leads", "--region", "DE", "--age", "30-60", "--top", "3"]


@pytest.fixture
def machine(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for var in ("LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE", "SMM_ADVISOR_LANG"):
        monkeypatch.delenv(var, raising=False)
    return monkeypatch


@pytest.mark.parametrize("env", GERMAN_MACHINES)
@pytest.mark.parametrize(
    "args",
    [
        ["recommend", *PROFILE, "--json"],
        ["recommend", *PROFILE, "--format", "jsonl", "--explain", "--portfolio", "2", "--robustness"],
        ["recommend", *PROFILE, "--format", "csv", "--explain"],
        ["recommend", "--region", "CN", "--format", "csv"],
        ["compare", "linkedin", "xing", "--market", "b2b", "--json"],
        ["check", "--platform", "x", "--format", "json", "--text", "x" * 281],
    ],
    ids=["json", "jsonl", "csv", "csv-excluded", "compare", "check"],
)
def test_a_german_machine_writes_the_same_machine_output_as_any_other(
    capsys: pytest.CaptureFixture[str], machine: pytest.MonkeyPatch, env: dict[str, str], args: list[str]
) -> None:
    english = run(capsys, *args)
    for var, value in env.items():
        machine.setenv(var, value)
    german_machine = run(capsys, *args)
    assert german_machine[1] == english[1]  # byte for byte
    assert german_machine[0] == english[0]
    if "--format" in args and args[args.index("--format") + 1] == "csv":
        rows = list(csv.DictReader(io.StringIO(english[1])))
        assert {row["lang"] for row in rows} == {"en"}
    else:
        assert json.loads(english[1].splitlines()[0] if "jsonl" in args else english[1])["lang"] == "en"


def test_the_table_still_follows_the_locale(capsys: pytest.CaptureFixture[str], machine: pytest.MonkeyPatch) -> None:
    machine.setenv("LANG", "de_DE.UTF-8")
    assert run(capsys, "recommend", *PROFILE)[1].startswith("Empfohlene Netzwerke")
    # ... and so do error messages, whatever the format
    code, out, err = run(capsys, "recommend", "--goal", "Ruhm", "--json")
    assert (code, out) == (2, "")
    assert "ist kein Ziel" in err


def test_lang_makes_machine_output_german_with_the_same_codes_and_parameters(
    capsys: pytest.CaptureFixture[str], machine: pytest.MonkeyPatch
) -> None:
    args = ["recommend", *PROFILE, "--region", "CN", "--explain", "--portfolio", "2", "--json"]
    english = json.loads(run(capsys, *args)[1])
    german = json.loads(run(capsys, "--lang", "de", *args)[1])
    assert (english["lang"], german["lang"]) == ("en", "de")

    def messages(doc: dict[str, object]) -> list[dict[str, object]]:
        found: list[dict[str, object]] = []

        def walk(node: object) -> None:
            if isinstance(node, dict):
                if {"code", "params", "text"} <= set(node):
                    found.append(node)
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)

        walk(doc)
        return found

    en, de = messages(english), messages(german)
    assert len(en) == len(de) > 10
    assert [(m["code"], m["params"]) for m in en] == [(m["code"], m["params"]) for m in de]
    assert sum(m["text"] != n["text"] for m, n in zip(en, de, strict=True)) > len(en) / 2


def test_batch_records_and_error_records_are_english_on_a_german_machine(
    capsys: pytest.CaptureFixture[str], machine: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    batch = tmp_path / "in.jsonl"
    batch.write_text('{"market": "b2b", "goals": ["leads"]}\n{"goals": ["Ruhm"]}\n', encoding="utf-8")
    english = run(capsys, "recommend", "--batch", str(batch), "--jobs", "1")
    machine.setenv("LANG", "de_DE.UTF-8")
    code, out, err = run(capsys, "recommend", "--batch", str(batch), "--jobs", "1")
    assert (code, out) == (english[0], english[1])
    ok, bad = (json.loads(line) for line in out.splitlines())
    assert (ok["lang"], bad["lang"]) == ("en", "en")
    assert "is not a goal" in bad["errors"][0]
    assert [line[:20] for line in out.splitlines()] == ['{"line":1,"schema_ve', '{"line":2,"schema_ve']  # same head
    assert "Batch-Zeile" in err or "Zeile" in err  # the summary on stderr is for the reader
    german = run(capsys, "--lang", "de", "recommend", "--batch", str(batch), "--jobs", "1")[1]
    assert "ist kein Ziel" in json.loads(german.splitlines()[1])["errors"][0]


def test_csv_gives_each_reason_its_code_in_the_same_order(
    capsys: pytest.CaptureFixture[str], machine: pytest.MonkeyPatch
) -> None:
    doc = json.loads(run(capsys, "recommend", "--region", "CN", "--top", "3", "--json")[1])
    rows = list(
        csv.DictReader(io.StringIO(run(capsys, "recommend", "--region", "CN", "--top", "3", "--format", "csv")[1]))
    )
    ranked = [row for row in rows if row["rank"]]
    for row, r in zip(ranked, doc["recommendations"], strict=True):
        assert row["reasons"].split(" | ") == [f"{x['sign']} {x['text']}" for x in r["reasons"]]
        assert row["reason_codes"].split(" | ") == [f"{x['sign']} {x['code']}" for x in r["reasons"]]
    excluded = {row["platform"]: row["excluded_code"] for row in rows if not row["rank"]}
    assert excluded == {e["platform"]: e["reason"]["code"] for e in doc["excluded"]}
    assert excluded["facebook"] == "excluded.blocked"


def test_a_process_with_a_german_locale_writes_english_json(tmp_path: Path) -> None:
    import os
    import subprocess

    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "SMM_ADVISOR_LANG"))}
    done = [
        subprocess.run(
            [sys.executable, "-m", "smm_advisor", "recommend", *PROFILE, "--json"],
            env={**env, **extra},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for extra in ({}, {"LANG": "de_DE.UTF-8", "LC_ALL": "de_DE.UTF-8"})
    ]
    assert done[0] == done[1]
