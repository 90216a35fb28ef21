"""The fuzz targets: the loader's contract on a seed corpus (and a short atheris run where atheris is
installed), and the command line's (fuzz/fuzz_cli.py) for a fixed number of generated examples."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import Phase

from tests.conftest import load_script

ROOT = Path(__file__).resolve().parent.parent

check_one = load_script("fuzz_loader", "fuzz").check_one
fuzz_cli = load_script("fuzz_cli", "fuzz")
# Examples per target in CI: derandomised, so every run tries the same inputs (HYPOTHESIS_PROFILE=long: 10,000).
EXAMPLES = 10_000 if os.environ.get("HYPOTHESIS_PROFILE") == "long" else 60

SEEDS = [
    b"",
    b"market: b2b\n",
    b"{",
    b"[[[[[[[[",
    b"- a\n- b\n",
    b"a: &x 1\nb: *x\n",
    b"market: !!python/name:os.system\n",
    b"\xff\xfe\x00m",
    b"goals: [" + b"[" * 200 + b"]" * 200 + b"]\n",
    b'{"age": {"min": 1e999, "max": -1}}',
    b"age: 99999999999999999999\n",
    b"regions: [NO, YES, ON]\nads: no\n",
    b"? [a]\n: b\n",
    b"\x00\x01\x02",
    "märket: b2b\n".encode(),
]


@pytest.mark.parametrize("seed", SEEDS)
def test_only_input_errors_escape(seed: bytes) -> None:
    check_one(seed)


@pytest.mark.skipif(importlib.util.find_spec("atheris") is None, reason="atheris is not installed")
def test_short_atheris_run(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i, seed in enumerate(SEEDS):
        (corpus / f"seed{i}").write_bytes(seed)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, str(ROOT / "fuzz" / "fuzz_loader.py"), "-atheris_runs=3000", "-seed=1", str(corpus)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]


@pytest.mark.parametrize("target", sorted(fuzz_cli.TARGETS))
def test_the_command_line_fuzz_target(target: str) -> None:
    """Generated arguments, profile files, batch lines and posts: documented exit codes, no traceback,
    one record per non-blank batch line (fuzz/fuzz_cli.py says what each target checks)."""
    fuzz_cli.fuzz_test(target, max_examples=EXAMPLES)()


def test_the_fuzz_target_finds_what_it_is_for(monkeypatch: pytest.MonkeyPatch) -> None:
    """A target that cannot fail is a defect: an internal error planted in the scorer is found."""
    from smm_advisor.cli import batch

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError

    monkeypatch.setattr(batch, "recommend", broken)
    with pytest.raises(AssertionError, match="internal error"):
        fuzz_cli.fuzz_test("batch_lines", max_examples=20, phases=[Phase.generate])()
