"""Fuzz target for the whole command line: arguments, profile files, batch lines and posts.

Each property runs the advisor in-process on generated input (hypothesis strategies) and checks
what any input must give: an exit code in the documented set, no traceback and no internal
error on stderr, and for a batch one record per non-blank line in. tests/test_fuzz_target.py
runs a fixed number of examples of each in CI (inside scripts/check.py); atheris drives the same
properties for as long as you like (pip install atheris):

    python fuzz/fuzz_cli.py command_line -atheris_runs=100000     # or profiles, batch_lines, posts
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import os
import sys
import tempfile
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# In-process, with stdout in memory: no output failure (74), no signal (130, 143), no internal error (70).
EXIT_CODES = {0, 1, 2}
HOSTILE = [
    "", " ", "-", "--", "0", "-0", "-1", "1e400", "inf", "nan", "-inf", "9" * 5000, "0x" + "f" * 300,
    "\x1b]0;pwned\x07", "\x1b[2J", "\x00", "\x7f", "\x9b", "\u202e", "\ud800", "é", "ß", "😀" * 3, "twitter",
    "Twitter", "google+", "x", "b2b", "DE", "NO", "dach", "leads", "Anfragen", "reels", "25-54", "65+",
    "audience=2", "audience=nan", "=", "a" * 2000, "/nonexistent", "/dev/null", ".", "..",
]  # fmt: skip
FLAGS = [
    "--market", "--goal", "--age", "--region", "--content", "--ads", "--no-ads", "--top", "--format", "--json",
    "--explain", "--weight", "--require", "--exclude", "--portfolio", "--hours-per-week", "--robustness", "--seed",
    "--min-score", "--fail-if-missing", "--color", "--quiet", "--lang", "--jobs", "--long", "--no-pager", "--kind",
    "--platform", "--limit", "--text", "--max-age", "--today", "--help",
]  # fmt: skip
COMMANDS = [
    ["recommend"], ["compare"], ["check"], ["platforms"], ["platforms", "show"], ["profile", "validate"],
    ["kb", "audit"], ["kb", "validate"], ["schema"], [],
]  # fmt: skip
PROFILE_KEYS = ["market", "goals", "age", "regions", "content", "ads", "weights", "require", "exclude"]

words = st.one_of(st.sampled_from(HOSTILE), st.sampled_from(FLAGS), st.text(max_size=12))
json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False, allow_infinity=False),
        st.sampled_from(HOSTILE),
        st.text(max_size=10),
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12,
)
profiles = st.dictionaries(st.one_of(st.sampled_from(PROFILE_KEYS), st.text(max_size=8)), json_values, max_size=6)
batch_lines = st.one_of(
    profiles.map(lambda p: json.dumps(p).encode()),
    st.binary(max_size=60).map(lambda b: b.replace(b"\n", b" ")),
    st.sampled_from([b"", b"   ", b"\r", b"[]", b"null", b'"b2b"', b"{", b'{"age": 1e400}', b"9" * 5000]),
)
SETTINGS = settings(
    deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck), print_blob=False
)


def run_cli(argv: list[str], stdin: bytes = b"") -> tuple[int, str, str]:
    """The advisor in this process: (exit code, stdout, stderr)."""
    from smm_advisor.cli.entry import main

    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
    finally:
        sys.stdin = saved
    return code, out.getvalue(), err.getvalue()


def assert_sound(argv: list[str], code: int, err: str) -> None:
    """What every run must give, whatever its input."""
    assert code in EXIT_CODES, (argv, code, err)
    assert "Traceback" not in err, (argv, err)
    assert "internal error" not in err, (argv, err)


def _safe(argv: list[str]) -> bool:
    """Leave out what a fuzzer must not do to the machine it runs on (install shell completion)."""
    return not any("completion" in arg for arg in argv)


def command_line(command: list[str], rest: list[str], stdin: bytes) -> None:
    """Any arguments to any command: a documented exit code and no traceback."""
    argv = [*command, *rest]
    if _safe(argv):
        code, _, err = run_cli(argv, stdin)
        assert_sound(argv, code, err)


def profile_files(data: bytes, suffix: str) -> None:
    """Any profile file: recommend and profile validate answer or refuse it cleanly (exit 0 or 2)."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "profile" + suffix)
        with open(path, "wb") as fh:
            fh.write(data)
        for argv in (["recommend", "--profile", path, "--json"], ["profile", "validate", path]):
            code, out, err = run_cli(argv)
            assert_sound(argv, code, err)
            assert code in (0, 2)
            if code == 0 and argv[0] == "recommend":
                _strict(out)


def batch_input(lines: list[bytes], flags: list[str]) -> None:
    """Any batch: one strict-JSON record per non-blank line, in order; exit 0, 1 (a gate) or 2 (a bad line)."""
    argv = ["recommend", "--batch", "-", "--top", "2", *flags]
    data = b"\n".join(lines) + b"\n"
    code, out, err = run_cli(argv, data)
    assert_sound(argv, code, err)
    physical = data.split(b"\n")[:-1]
    expected = [n for n, line in enumerate(physical, start=1) if line.strip()]
    records = [_strict(line) for line in out.splitlines()]
    assert [r["line"] for r in records] == expected, (lines, out)


def posts(text: str, platforms: list[str]) -> None:
    """Any draft, given inline or on stdin: fits (0), does not fit (1) or is refused (2)."""
    flags = [arg for p in platforms for arg in ("--platform", p)]
    for argv, stdin in (
        (["check", "--text", text, *flags], b""),
        (["check", "-", *flags], text.encode("utf-8", "replace")),
    ):
        code, _, err = run_cli(argv, stdin)
        assert_sound(argv, code, err)


def _strict(text: str) -> Any:
    def refuse(token: str) -> None:
        raise AssertionError(f"non-finite number in JSON output: {token}")

    return json.loads(text, parse_constant=refuse)


# name -> (property, the strategies of its arguments)
TARGETS: dict[str, tuple[Callable[..., None], tuple[Any, ...]]] = {
    "command_line": (command_line, (st.sampled_from(COMMANDS), st.lists(words, max_size=8), st.binary(max_size=200))),
    "profiles": (
        profile_files,
        (
            st.one_of(profiles.map(lambda p: json.dumps(p).encode()), st.binary(max_size=300)),
            st.sampled_from([".yaml", ".json"]),
        ),
    ),
    "batch_lines": (
        batch_input,
        (st.lists(batch_lines, max_size=8), st.sampled_from([[], ["--min-score", "50"], ["--exclude", "twitter"]])),
    ),
    "posts": (
        posts,
        (st.text(max_size=400), st.lists(st.sampled_from(["x", "bluesky", "twitter", "nope"]), max_size=2)),
    ),
}


def fuzz_test(name: str, **options: Any) -> Callable[[], None]:
    """The target as a hypothesis test (SETTINGS with `options`, e.g. max_examples), ready to call."""
    prop, strategies = TARGETS[name]

    @functools.wraps(prop)
    def fresh(*args: Any, **kwargs: Any) -> None:  # a function of its own: hypothesis keeps its settings on it
        prop(*args, **kwargs)

    return given(*strategies)(settings(SETTINGS, **options)(fresh))  # type: ignore[no-any-return]


def main() -> None:
    import atheris

    name = sys.argv.pop(1) if len(sys.argv) > 1 and sys.argv[1] in TARGETS else "command_line"
    target: Any = fuzz_test(name)
    atheris.instrument_all()
    atheris.Setup(sys.argv, target.hypothesis.fuzz_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
