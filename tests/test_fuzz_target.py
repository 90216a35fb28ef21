"""The fuzz target's contract on a seed corpus, and a short atheris run where atheris is installed."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("fuzz_loader", ROOT / "fuzz" / "fuzz_loader.py")
assert _spec is not None
assert _spec.loader is not None
_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_module)
check_one = _module.check_one

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
