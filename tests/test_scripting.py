"""Scripting and CI: profile files, formats, batch, exit codes and terminal manners."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from smm_advisor.cli.batch import run_batch
from smm_advisor.knowledge.models import KnowledgeBase
from tests.conftest import lvl, make_kb, platform_data, run


def first(out: str) -> str:
    return str(json.loads(out)["recommendations"][0]["platform"])


# ------------------------------------------------------------------ profile files


def test_yaml_profile_and_json_profile_give_the_same_answer(
    capsys: pytest.CaptureFixture[str], kb_file: str, tmp_path: Path
) -> None:
    (tmp_path / "p.yaml").write_text("market: B2B\ngoals: [Anfragen]\nage: 30-60\nregions: [de, NO]\nads: yes\n")
    (tmp_path / "p.json").write_text(
        '{"market": "b2b", "goals": ["leads"], "age": {"min": 30, "max": 60}, "regions": ["DE", "no"], "ads": true}'
    )
    a = run(capsys, "recommend", "--kb", kb_file, "--profile", str(tmp_path / "p.yaml"), "--json")
    b = run(capsys, "recommend", "--kb", kb_file, "--profile", str(tmp_path / "p.json"), "--json")
    assert a[0] == b[0] == 0
    assert a[1] == b[1]
    profile = json.loads(a[1])["profile"]
    assert profile["regions"] == ["DE", "NO"]  # NO is Norway, not false
    assert profile["ads"] is True


def test_flags_override_profile_fields(capsys: pytest.CaptureFixture[str], kb_file: str, tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text("market: b2c\ngoals: [awareness]\n")
    code, out, _ = run(
        capsys, "recommend", "--kb", kb_file, "--profile", str(tmp_path / "p.yaml"), "--market", "b2b", "--json"
    )
    assert code == 0
    doc = json.loads(out)
    assert doc["profile"]["market"] == "b2b"
    assert doc["profile"]["goals"] == ["awareness"]
    assert first(out) == "pro"


def test_profile_from_stdin(capsys: pytest.CaptureFixture[str], kb_file: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b'{"market": "b2c"}')))
    code, out, _ = run(capsys, "recommend", "--kb", kb_file, "--profile", "-", "--json")
    assert code == 0
    assert first(out) == "fun"


def test_profile_errors_name_file_line_and_key_all_at_once(
    capsys: pytest.CaptureFixture[str], kb_file: str, tmp_path: Path
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("market: b2b\ngoals: [leeds]\nregion: [DE]\n")
    code, out, err = run(capsys, "recommend", "--kb", kb_file, "--profile", str(path))
    assert (code, out) == (2, "")
    lines = err.strip().splitlines()
    assert f"{path}:2:1: goals: 'leeds' is not a goal; did you mean 'leads'?" in lines[0]
    assert f"{path}:3:1: region: unknown key; did you mean 'regions'?" in lines[1]


def test_env_var_names_the_knowledge_base(
    capsys: pytest.CaptureFixture[str], kb_file: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SMM_ADVISOR_KB", kb_file)
    code, out, _ = run(capsys, "recommend", "--market", "b2c", "--json")
    assert code == 0
    assert json.loads(out)["knowledge_base"]["version"] == "test"


# ------------------------------------------------------------------ formats


def test_every_format_parses_with_its_standard_parser(capsys: pytest.CaptureFixture[str], kb_file: str) -> None:
    base = ("recommend", "--kb", kb_file, "--market", "b2b", "--goal", "awareness")
    doc = json.loads(run(capsys, *base, "--format", "json")[1])
    jsonl = run(capsys, *base, "--format", "jsonl")[1]
    assert jsonl.count("\n") == 1
    assert json.loads(jsonl) == doc
    rows = list(csv.DictReader(io.StringIO(run(capsys, *base, "--format", "csv")[1])))
    assert [r["platform"] for r in rows] == [r["platform"] for r in doc["recommendations"]]
    assert float(rows[0]["score"]) == doc["recommendations"][0]["score"]
    md = run(capsys, *base, "--format", "markdown")[1].splitlines()
    table = [line for line in md if line.startswith("|")]
    cells = [[c.strip() for c in line.strip("|").split("|")] for line in table]
    assert cells[0] == ["#", "network", "score", "why"]
    assert all(set(c) <= set("-:") for c in cells[1])
    assert [row[1] for row in cells[2:]] == [r["name"] for r in doc["recommendations"]]


def markdown_lists(text: str) -> list[tuple[str, list[str]]]:
    """Each list as GitHub's CommonMark parser sees it: ('ordered' or 'bullet', the items' inline texts)."""
    from markdown_it import MarkdownIt

    found: list[tuple[str, list[str]]] = []
    depth = 0
    for token in MarkdownIt("commonmark").enable("table").parse(text):
        if token.type in ("ordered_list_open", "bullet_list_open"):
            depth += 1
            if depth == 1:
                found.append((token.type.split("_")[0], []))
        elif token.type in ("ordered_list_close", "bullet_list_close"):
            depth -= 1
        elif token.type == "inline" and depth == 1:
            found[-1][1].append(token.content)
    return found


def test_markdown_gives_portfolio_and_robustness_one_list_item_per_line(capsys: pytest.CaptureFixture[str]) -> None:
    # In a job summary, lines that merely follow each other run into one paragraph.
    args = ["recommend", "--market", "b2b", "--goal", "leads", "--region", "DE", "--top", "3",
            "--portfolio", "3", "--hours-per-week", "5", "--robustness"]  # fmt: skip
    doc = json.loads(run(capsys, *args, "--json")[1])
    code, md, _ = run(capsys, *args, "--format", "markdown")
    assert code == 0
    lists = markdown_lists(md)
    picks = doc["portfolio"]["picks"]
    assert (
        "ordered",
        [f"{p['name']} ({p['score']:.1f}): {p['why']['text']}<br>{p['effort']['text']}" for p in picks],
    ) in lists
    warnings = doc["portfolio"]["warnings"]
    assert warnings
    assert ("bullet", [w["text"] for w in warnings]) in lists
    names = {r["platform"]: r["name"] for r in doc["recommendations"]}
    rows = [s for kind, items in lists for s in items if kind == "bullet" and (": stable, " in s or ": fragile, " in s)]
    assert [row.split(":")[0] for row in rows] == [names[s["platform"]] for s in doc["robustness"]["platforms"]]
    assert all("\n" not in item for _, items in lists for item in items)


def test_machine_formats_never_wrap_or_colour(
    capsys: pytest.CaptureFixture[str], kb_file: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "20")
    monkeypatch.setenv("FORCE_COLOR", "1")
    for fmt in ("json", "jsonl", "csv", "markdown"):
        out = run(capsys, "recommend", "--kb", kb_file, "--goal", "leads", "--format", fmt, "--color", "always")[1]
        assert "\x1b[" not in out, fmt
    out = run(capsys, "recommend", "--kb", kb_file, "--format", "jsonl")[1]
    assert len(out.splitlines()) == 1


def test_colour_follows_flag_and_environment(
    capsys: pytest.CaptureFixture[str], kb_file: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    assert "\x1b[" not in run(capsys, "recommend", "--kb", kb_file)[1]  # piped: plain
    assert "\x1b[" in run(capsys, "recommend", "--kb", kb_file, "--color", "always")[1]
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in run(capsys, "recommend", "--kb", kb_file)[1]
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run(capsys, "recommend", "--kb", kb_file)[1]
    assert run(capsys, "recommend", "--kb", kb_file, "--color", "sometimes")[0] == 2


# ------------------------------------------------------------------ gates and exit codes


def test_min_score_and_fail_if_missing_gates_exit_1_after_writing_output(
    capsys: pytest.CaptureFixture[str], kb_file: str
) -> None:
    code, out, err = run(capsys, "recommend", "--kb", kb_file, "--min-score", "99", "--json")
    assert code == 1
    assert json.loads(out)["recommendations"]
    assert "gate failed: --min-score" in err
    assert run(capsys, "recommend", "--kb", kb_file, "--min-score", "10")[0] == 0
    code, _, err = run(
        capsys, "recommend", "--kb", kb_file, "--market", "b2b", "--top", "1", "--fail-if-missing", "FUN"
    )
    assert code == 1
    assert "fun is not in the ranking" in err
    assert run(capsys, "recommend", "--kb", kb_file, "--top", "1", "--fail-if-missing", "nope")[0] == 2
    code, _, err = run(capsys, "recommend", "--kb", kb_file, "--min-score", "99", "--quiet")
    assert (code, err) == (1, "")


def test_internal_error_is_one_line_exit_70_and_traceback_only_with_debug(
    capsys: pytest.CaptureFixture[str], kb_file: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from smm_advisor.advice import scoring

    secret = "s3cr3t-value"
    monkeypatch.setenv("SMM_SECRET_FOR_TEST", secret)

    def boom(*args: object, **kwargs: object) -> None:
        local_value = secret
        raise RuntimeError(local_value)

    monkeypatch.setattr(scoring, "recommend", boom)
    code, out, err = run(capsys, "recommend", "--kb", kb_file)
    assert (code, out) == (70, "")
    assert err.strip().splitlines() == ["smm-advisor: internal error (RuntimeError); rerun with --debug and report it"]
    assert secret not in err
    code, _, err = run(capsys, "--debug", "recommend", "--kb", kb_file)
    assert code == 70
    assert "Traceback" in err


def test_help_documents_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for text in ("0 success", "1 an opt-in gate failed", "2 usage or input error", "70 internal error", "130"):
        assert text in " ".join(out.split())


# ------------------------------------------------------------------ batch


def batch_kb() -> KnowledgeBase:
    return make_kb(platform_data("pro", orientation={"b2b": lvl(3), "b2c": lvl(0)}), platform_data("fun"))


def test_batch_keeps_order_and_never_drops_a_line(tmp_path: Path) -> None:
    lines = [
        '{"market": "b2b"}',
        '{"goals": ["fame"]}',
        "not json",
        "",
        '{"market": "b2c", "age": "20-30"}',
        '["a list"]',
        '{"regions": ["NO"], "goals": "leads"}',
    ]
    src = tmp_path / "in.jsonl"
    src.write_bytes(("\n".join(lines) + "\n").encode() + b'{"market": "\xff"}\n')
    out = io.StringIO()
    outcome = run_batch(str(src), batch_kb(), {}, stdout=out)
    read, failed = outcome.records, outcome.failed
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert read == len(records) == len(lines)  # the blank line 4 is skipped, not an error
    assert [r["line"] for r in records] == [1, 2, 3, 5, 6, 7, 8]
    ok = [r["line"] for r in records if "recommendations" in r]
    assert ok == [1, 5, 7]
    assert failed == read - len(ok)
    errors = {r["line"]: r["errors"][0] for r in records if "errors" in r}
    assert "in.jsonl:2:1: goals: 'fame' is not a goal" in errors[2]
    assert "JSON syntax" in errors[3]
    assert "in.jsonl:6:1: the top level must be a mapping" in errors[6]
    assert "not valid UTF-8" in errors[8]
    assert records[0]["recommendations"][0]["platform"] == "pro"


def test_batch_applies_flag_overrides_and_reads_stdin(
    capsys: pytest.CaptureFixture[str], kb_file: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = b'{"market": "b2c"}\n{"market": "b2c", "goals": ["leads"]}\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, out, err = run(capsys, "recommend", "--kb", kb_file, "--batch", "-", "--market", "b2b", "--top", "1")
    assert (code, err) == (0, "")
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["profile"]["market"] for r in records] == ["b2b", "b2b"]
    assert [len(r["recommendations"]) for r in records] == [1, 1]


def test_batch_with_bad_lines_exits_2_and_says_how_many(
    capsys: pytest.CaptureFixture[str], kb_file: str, tmp_path: Path
) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"market": "b2b"}\n{"market": "b2q"}\n')
    code, out, err = run(capsys, "recommend", "--kb", kb_file, "--batch", str(src))
    assert code == 2
    assert len(out.splitlines()) == 2
    assert "1 of 2 batch line(s) failed" in err


# ------------------------------------------------------------------ pipes


def test_closed_stdout_ends_quietly(kb_file: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    cmd = [sys.executable, "-m", "smm_advisor", "recommend", "--kb", kb_file, "--format", "json"]
    producer = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert producer.stdout is not None
    producer.stdout.read(10)
    producer.stdout.close()
    _, err = producer.communicate(timeout=60)
    assert b"Traceback" not in err
    assert b"BrokenPipe" not in err
    assert producer.returncode in (0, 1, -13)


def test_batch_into_a_closed_pipe_ends_quietly(tmp_path: Path, kb_file: str) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"market": "b2b"}\n' * 5000)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    shell = f"{sys.executable} -m smm_advisor recommend --kb {kb_file} --batch {src} | head -c 10"
    done = subprocess.run(["bash", "-c", shell], capture_output=True, env=env, timeout=120, check=False)
    assert len(done.stdout) == 10
    assert b"Traceback" not in done.stderr
    assert b"BrokenPipe" not in done.stderr


def test_interrupt_exits_130(capsys: pytest.CaptureFixture[str], kb_file: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from smm_advisor.advice import scoring

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(scoring, "recommend", interrupted)
    code, out, err = run(capsys, "recommend", "--kb", kb_file)
    assert (code, out) == (130, "")
    assert err == "smm-advisor: interrupted\n"


def test_a_utf8_bom_is_accepted(capsys: pytest.CaptureFixture[str], kb_file: str, tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfmarket: b2c\n")
    code, out, _ = run(capsys, "recommend", "--kb", kb_file, "--profile", str(path), "--json")
    assert code == 0
    assert json.loads(out)["profile"]["market"] == "b2c"
