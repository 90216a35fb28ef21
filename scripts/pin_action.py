"""Pin the GitHub Action's dependencies: what a fresh install of this package resolves to, exactly.

    python scripts/pin_action.py     # rewrite action/requirements.txt (needs the package index)

action.yml installs these pins, and only these, into the Action's own virtualenv, and keys its pip
cache on this file. Run it after a change of `dependencies` in pyproject.toml and before a release
(docs/releasing.md); tests/test_action.py checks that the pins still satisfy pyproject.toml.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PINS = ROOT / "action" / "requirements.txt"
HEADER = """\
# The GitHub Action's dependencies (action.yml), pinned: written by scripts/pin_action.py, which
# installs smm-advisor into a fresh virtualenv and records what pip resolved. Do not edit by hand.
"""


def resolved_pins() -> str:
    """`pip freeze` of a fresh virtualenv holding this package and its dependencies only."""
    with tempfile.TemporaryDirectory() as tmp:
        venv.create(tmp, with_pip=True)
        python = Path(tmp) / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
        pip = [str(python), "-m", "pip", "--disable-pip-version-check"]
        subprocess.run([*pip, "install", "--quiet", str(ROOT)], check=True)
        frozen = subprocess.run(
            [*pip, "freeze", "--exclude", "smm-advisor"], check=True, capture_output=True, text=True
        ).stdout
    return "".join(sorted(frozen.splitlines(keepends=True), key=str.lower))


def main() -> int:
    PINS.parent.mkdir(exist_ok=True)
    PINS.write_text(HEADER + resolved_pins(), encoding="utf-8")
    print(f"wrote {PINS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
