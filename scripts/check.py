"""Run the whole suite: lint, format check, strict types and tests. Exit non-zero on the first failure."""

from __future__ import annotations

import subprocess
import sys

STEPS = [
    ["ruff", "check", "."],
    ["ruff", "format", "--check", "."],
    ["mypy"],
    ["pytest"],
]


def main() -> int:
    for step in STEPS:
        print(f"$ python -m {' '.join(step)}", flush=True)
        code = subprocess.call([sys.executable, "-m", *step, *(sys.argv[1:] if step[0] == "pytest" else [])])
        if code != 0:
            return code
    return 0


if __name__ == "__main__":
    sys.exit(main())
