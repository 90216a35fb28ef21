"""The regression corpus of bad input (tests/bad_inputs/cases.yaml), each case in a capped process.

Every case must end with its exit code and a clear message on stderr, no traceback, and nothing on
stdout. The child runs under a 1 GiB address-space cap and a hang guard: an input that makes the
advisor allocate without bound or loop forever fails the case (a guard, not a timing assertion).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

CORPUS = Path(__file__).resolve().parent / "bad_inputs"
ROOT = CORPUS.parent.parent
CASES: list[dict[str, Any]] = yaml.safe_load((CORPUS / "cases.yaml").read_text(encoding="utf-8"))
MEMORY_CAP = 1024**3
HANG_GUARD_SECONDS = 120


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("bad")
    with open(tmp / "huge.yaml", "wb") as fh:
        line = b"# filler line to make the file large\n"
        fh.write(b"market: b2b\n" + line * (50 * 1024 * 1024 // len(line)))
    (tmp / "a_directory").mkdir()
    return tmp


def _unreadable(tmp: Path) -> str:
    if os.geteuid() != 0:
        path = tmp / "unreadable.yaml"
        path.write_text("market: b2b\n")
        path.chmod(0)
        return str(path)
    # root reads every file; /proc/self/mem is a regular file whose read fails with EIO.
    return "/proc/self/mem"


def test_corpus_has_at_least_25_cases() -> None:
    assert len(CASES) >= 25
    assert len({c["name"] for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_bad_input_case(case: dict[str, Any], scratch: Path) -> None:
    subst = {"{dir}": str(CORPUS), "{tmp}": str(scratch), "{unreadable}": _unreadable(scratch)}
    args = []
    for template in case["args"]:
        arg = template
        for key, value in subst.items():
            arg = arg.replace(key, value)
        args.append(arg)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("SMM_ADVISOR_KB", None)
    done = subprocess.run(
        [sys.executable, "-m", "smm_advisor", *args],
        input=case.get("stdin", "").encode(),
        capture_output=True,
        env=env,
        timeout=HANG_GUARD_SECONDS,
        preexec_fn=_cap_memory,
        check=False,
    )
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode == case["exit"], err
    assert case["message"] in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == case.get("lines", 1), err
    if "stdout_lines" in case:
        assert len(done.stdout.splitlines()) == case["stdout_lines"]
    else:
        assert done.stdout == b""
