"""Running the advisor as a hostile user or an unlucky operator would: a real process, real streams, real signals."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent
SMM = [sys.executable, "-m", "smm_advisor"]
# The documented exit codes (docs/reliability.md): anything else is a defect.
EXIT_CODES = {0, 1, 2, 70, 74, 130, 143}
HANG_GUARD = 120  # seconds: a guard against a hang, never an assertion about speed


def environment(**extra: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), **extra}
    env.pop("SMM_ADVISOR_KB", None)
    return env


def cli(*args: str, stdin: bytes = b"", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    """One run of the command line: (exit code, stdout, stderr) as bytes."""
    return subprocess.run(
        [*SMM, *args], input=stdin, capture_output=True, env=env or environment(), timeout=HANG_GUARD, check=False
    )


def spawn(*args: str, **options: Any) -> subprocess.Popen[bytes]:
    """The advisor as a running process with stdin, stdout and stderr as pipes."""
    pipes = {"stdin": subprocess.PIPE, "stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    return subprocess.Popen([*SMM, *args], env=environment(), **{**pipes, **options})


def shell(script: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    """A bash script in which "$SMM" runs the advisor (for redirections such as >&- and <&-)."""
    full = {**(env or environment()), "SMM": " ".join(SMM)}
    return subprocess.run(["bash", "-c", script], capture_output=True, env=full, timeout=HANG_GUARD, check=False)


def strict_json(text: bytes | str) -> Any:
    """JSON as a strict parser reads it: NaN and Infinity are errors."""

    def refuse(token: str) -> None:
        raise ValueError(f"non-finite number in JSON: {token}")

    return json.loads(text, parse_constant=refuse)


def assert_clean_failure(done: subprocess.CompletedProcess[bytes], code: int = 2) -> str:
    """Exit `code`, nothing on stdout, a message on stderr and no traceback; returns stderr."""
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode == code, err
    assert done.stdout == b"", done.stdout[:200]
    assert err.strip(), "no message"
    assert "Traceback" not in err, err
    return err


def children(pid: int) -> set[int]:
    """Living child processes of `pid` (Linux /proc; zombies count as gone)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """Whether a process runs (a zombie does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
