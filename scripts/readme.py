"""Rerun every command the README shows with its output; --write puts what they print into the README.

    python scripts/readme.py            # exit 1 with a diff where a shown output differs from a fresh run
    python scripts/readme.py --write    # rewrite the shown outputs in README.md

A shown output is a ```text block right after a marker line, its first line the command:

    <!-- output: scripts/readme.py -->
    ```text
    $ smm-advisor recommend --top 3
    ...
    ```

The command runs in a shell (a pipe to jq works) in a temporary project directory that holds only
a copy of data/platforms.yaml, with the
smm-advisor of this interpreter first on PATH, the bundled knowledge base, no project or user
configuration and a fresh cache; output for 80 columns, no colour, English (`COLUMNS=80`,
`NO_COLOR=1`, `LANG=C.UTF-8`). A marker `<!-- output: scripts/readme.py, pyproject.toml from the
toml block above -->` first writes the README's nearest ```toml block above it to that file.
Stdout and stderr are shown as a terminal shows them. tests/test_docs.py fails when a shown
output differs from a fresh run.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
MARKER = re.compile(
    r"^<!-- output: scripts/readme\.py(?:, (?P<file>[\w.-]+) from the toml block above)? -->\n"
    r"```text\n\$ (?P<command>[^\n]+)\n(?P<output>.*?)^```$",
    flags=re.M | re.S,
)
TOML_BLOCK = re.compile(r"^```toml\n(.*?)^```$", flags=re.M | re.S)


def environment(home: Path) -> dict[str, str]:
    """The environment every shown command runs in: only what makes the output the same everywhere."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("SMM_ADVISOR_", "LC_", "LANG", "XDG_"))}
    keep = {k: v for k, v in keep.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "TERM", "PYTHONPATH")}
    return {
        **keep,
        "PATH": str(Path(sys.executable).parent) + os.pathsep + keep.get("PATH", ""),
        "PYTHONPATH": str(ROOT),
        "COLUMNS": "80",
        "NO_COLOR": "1",
        "LANG": "C.UTF-8",
        "SMM_ADVISOR_CACHE_DIR": str(home / "cache"),
        "SMM_ADVISOR_CONFIG_DIR": str(home / "config"),
    }


def run(command: str, files: dict[str, str]) -> str:
    """What `command` prints (stdout, then stderr), run as the module docstring says."""
    if not command.startswith("smm-advisor"):
        raise SystemExit(f"README: a shown command must start with smm-advisor: {command}")
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        work = home / "project"
        work.mkdir()
        (work / ".git").mkdir()  # the project's root: no configuration above it is read
        (work / "data").mkdir()  # a project that keeps its knowledge base, as this repository does
        shutil.copy(ROOT / "data" / "platforms.yaml", work / "data" / "platforms.yaml")
        for name, text in files.items():
            (work / name).write_text(text, encoding="utf-8")
        done = subprocess.run(
            ["/bin/sh", "-c", command], cwd=work, env=environment(home), capture_output=True, text=True, check=False
        )
    if done.returncode not in (0, 1):
        raise SystemExit(f"README: `{command}` exited {done.returncode}:\n{done.stderr}")
    return done.stdout + done.stderr


def rendered(text: str) -> str:
    """The README with every shown output as a fresh run prints it."""
    out: list[str] = []
    last = 0
    for match in MARKER.finditer(text):
        files: dict[str, str] = {}
        if match.group("file"):
            toml = TOML_BLOCK.findall(text, 0, match.start())
            if not toml:
                raise SystemExit(f"README: no toml block above the marker for `{match.group('command')}`")
            files[match.group("file")] = toml[-1]
        output = run(match.group("command"), files)
        out.append(text[last : match.start("output")])
        out.append(output if output.endswith("\n") or not output else output + "\n")
        last = match.end("output")
    out.append(text[last:])
    return "".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite the shown outputs in README.md")
    args = parser.parse_args()
    current = README.read_text(encoding="utf-8")
    fresh = rendered(current)
    if args.write:
        README.write_text(fresh, encoding="utf-8")
        print("wrote README.md" if fresh != current else "README.md is current")
        return 0
    if fresh == current:
        return 0
    sys.stdout.writelines(difflib.unified_diff(current.splitlines(True), fresh.splitlines(True), "README.md", "fresh"))
    return 1


if __name__ == "__main__":
    sys.exit(main())
