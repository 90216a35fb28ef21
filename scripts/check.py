"""Run the whole suite: lint, format, strict types, the import layers and tests; stop at the first failure."""

from __future__ import annotations

import subprocess
import sys

# Each step runs with this interpreter: python -m ruff ..., python -m mypy, ...
STEPS = [
    ["-m", "ruff", "check", "."],
    ["-m", "ruff", "format", "--check", "."],
    ["-m", "mypy"],
    ["-c", "import sys; from importlinter.cli import lint_imports_command as c; sys.argv[0] = 'lint-imports'; c()"],
    ["-m", "pytest"],
]


def main() -> int:
    for step in STEPS:
        shown = "lint-imports" if step[0] == "-c" else " ".join(step[1:])
        print(f"$ {shown}", flush=True)
        extra = sys.argv[1:] if step[-1] == "pytest" else []
        code = subprocess.call([sys.executable, *step, *extra])
        if code != 0:
            return code
    return 0


if __name__ == "__main__":
    sys.exit(main())
