"""Huge and non-finite numbers, wherever a number is read: exit 2 (or an error record), never 70, never NaN in output.

Python refuses to turn a string of more than 4,300 digits into an int (and an int of more into a
string), and a float of 1e400 is infinity: each shape below once escaped as an internal error or
reached the JSON as `Infinity`.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from tests.conftest import run
from tests.hostile.cli import strict_json

BIG = "9" * 5000
HEX = "0x" + "f" * 5000
SEXAGESIMAL = ":".join(["59"] * 2000)


def refused(code: int, out: str, err: str) -> None:
    assert code == 2, err
    assert out == ""
    assert "internal error" not in err
    assert "Traceback" not in err
    assert len(err) < 4_000, "the message echoes the whole number"


@pytest.mark.parametrize(
    "args",
    [
        ("recommend", "--top", BIG),
        ("recommend", "--top", "9" * 40),
        ("recommend", "--portfolio", "9" * 4000),
        ("recommend", "--seed", "9" * 4000, "--robustness"),
        ("recommend", "--jobs", BIG, "--batch", "-"),
        ("recommend", "--hours-per-week", "inf", "--portfolio", "2"),
        ("recommend", "--hours-per-week", "nan", "--portfolio", "2"),
        ("recommend", "--hours-per-week", "1e400", "--portfolio", "2"),
        ("recommend", "--hours-per-week", BIG, "--portfolio", "2"),
        ("recommend", "--min-score", "nan"),
        ("recommend", "--min-score", "-inf"),
        ("recommend", "--weight", "audience=1e400"),
        ("recommend", "--weight", f"audience={BIG}"),
        ("recommend", "--weight", "audience=nan"),
        ("recommend", "--age", f"{BIG}-{BIG}"),
        ("check", "--text", "hello", "--limit", "9" * 4000),
        ("check", "--text", "hello", "--limit", BIG),
        ("kb", "audit", "--max-age", BIG + "d"),
        ("kb", "audit", "--max-age", "9" * 4000 + "y"),
    ],
    ids=lambda a: " ".join(x[:12] for x in a),
)
def test_a_huge_or_non_finite_flag_is_refused(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"{}\n")))
    refused(*run(capsys, *args))


PROFILE_SHAPES = {
    "yaml decimal": f"age: {{min: {BIG}, max: 30}}\n",
    "yaml hex": f"age: {{min: {HEX}, max: 30}}\n",
    "yaml sexagesimal": f"age: {{min: {SEXAGESIMAL}, max: 30}}\n",
    "yaml weight": f"weights: {{audience: {BIG}}}\n",
    "yaml float": f"weights: {{audience: 1{'0' * 400}.5}}\n",
    "json decimal": f'{{"weights": {{"audience": {BIG}}}}}',
    "json 4000 digits": f'{{"weights": {{"audience": {"9" * 4000}}}}}',
    "json exponent": '{"weights": {"audience": 1e400}}',
    "json negative": f'{{"age": {{"min": -{BIG}, "max": 30}}}}',
}


@pytest.mark.parametrize("text", PROFILE_SHAPES.values(), ids=PROFILE_SHAPES)
def test_a_huge_number_in_a_profile_file_is_exit_2_with_its_place(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str
) -> None:
    path = tmp_path / ("p.json" if text.startswith("{") else "p.yaml")
    path.write_text(text)
    for command in (("recommend", "--profile", str(path)), ("profile", "validate", str(path))):
        code, out, err = run(capsys, *command)
        refused(code, out, err)
        assert f"{path}:1:" in err


@pytest.mark.parametrize("text", PROFILE_SHAPES.values(), ids=PROFILE_SHAPES)
def test_a_huge_number_in_a_batch_line_is_that_lines_error_record(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    line = text if text.startswith("{") else json.dumps({"weights": {"audience": int(BIG[:4000])}})
    data = f'{{"market": "b2b"}}\n{line}\n{{"market": "b2c"}}\n'.encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, out, err = run(capsys, "recommend", "--batch", "-", "--top", "1")
    assert code == 2, err
    records = [strict_json(line) for line in out.splitlines()]
    assert [r["line"] for r in records] == [1, 2, 3]  # nothing lost: the good lines around it are there
    assert "recommendations" in records[0]
    assert "recommendations" in records[2]
    assert "<stdin>:2:" in records[1]["errors"][0]
    assert "internal error" not in err


@pytest.mark.parametrize(
    "value",
    [BIG, HEX, SEXAGESIMAL, "1e400", ".inf", "-.inf", ".nan"],
    ids=["dec", "hex", "sexa", "exp", "inf", "-inf", "nan"],
)
def test_a_huge_or_non_finite_number_in_a_knowledge_base_is_exit_2(
    capsys: pytest.CaptureFixture[str], kb_file: str, value: str
) -> None:
    text = Path(kb_file).read_text().replace("version: test", f"version: test\nunknown_number: {value}", 1)
    text = text.replace("value: 2", f"value: {value}", 1)
    Path(kb_file).write_text(text)
    for command in (("kb", "validate", kb_file), ("recommend", "--kb", kb_file)):
        code, _out, err = run(capsys, *command)
        assert code == 2, err
        assert "internal error" not in err
        assert f"{kb_file}:" in err


def test_json_knowledge_base_with_1e400_is_exit_2(
    capsys: pytest.CaptureFixture[str], kb_file: str, tmp_path: Path
) -> None:
    import yaml

    data = yaml.safe_load(Path(kb_file).read_text())
    text = json.dumps(data, default=str).replace('"rules": {"audience": 1.0', '"rules": {"audience": 1e400', 1)
    assert "1e400" in text
    path = tmp_path / "kb.json"
    path.write_text(text)
    code, _out, err = run(capsys, "kb", "validate", str(path))
    assert code == 2, err
    assert "number out of range: 1e400" in err


@pytest.mark.parametrize("columns", [BIG, "²", "٣", "-5", "1e3"])
def test_columns_and_lines_from_the_environment_never_break_a_run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    monkeypatch.setenv("LINES", columns)
    code, out, err = run(capsys, "recommend", "--top", "2", "--no-pager")
    assert (code, err) == (0, "")
    assert out


def test_minus_zero_is_zero_in_every_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text('{"weights": {"audience": -0.0, "goal_fit": -0}}')
    code, out, _ = run(capsys, "recommend", "--profile", str(path), "--json", "--min-score", "-0")
    assert code == 0
    negative_zeros: list[str] = []

    def number(text: str) -> float:
        if text.startswith("-") and float(text) == 0:
            negative_zeros.append(text)
        return float(text)

    json.loads(out, parse_int=number, parse_float=number)
    assert negative_zeros == []
    assert strict_json(out)["profile"]["weights"] == {"audience": 0.0, "goal_fit": 0.0}
