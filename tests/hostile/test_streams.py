"""Streams: a closed stdin or stdout, a full disk, an output encoding that cannot carry the text, a FIFO.

Exit codes (docs/reliability.md): 74 and a message saying what went wrong when the output cannot
be written; 0 and silence when the reader of a pipe went away; 2 when stdin is closed or a stream
is named twice. Never 70, never a traceback, never exit 1 (that means a gate failed).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.hostile.cli import HANG_GUARD, SMM, assert_clean_failure, cli, environment, shell, strict_json

COMMANDS = {
    "table": "recommend --top 3 --no-pager",
    "json": "recommend --json",
    "batch": "recommend --batch {batch}",
    "batch with workers": "recommend --batch {batch} --jobs 2",
    "check": "check --text hello --platform x",
    "platforms": "platforms",
    "help": "--help",
    "version": "--version",
    "kb validate": "kb validate",
}


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("streams") / "in.jsonl"
    path.write_text('{"market": "b2b"}\n' * 3_500)  # more than two chunks: workers start
    return path


def command(name: str, batch: Path) -> str:
    return "$SMM " + COMMANDS[name].format(batch=batch)


@pytest.mark.parametrize(("redirect", "reason"), [("> /dev/full", "no space left on device"), (">&-", "output closed")])
@pytest.mark.parametrize("name", COMMANDS)
def test_an_output_that_cannot_be_written_says_why_and_exits_74(
    name: str, batch: Path, redirect: str, reason: str
) -> None:
    done = shell(command(name, batch) + " " + redirect)
    err = done.stderr.decode()
    assert done.returncode == 74, err
    assert err == f"smm-advisor: <stdout>: cannot write the output: {reason}\n"


@pytest.mark.parametrize("name", COMMANDS)
def test_a_reader_that_goes_away_ends_the_run_quietly_with_0(name: str, batch: Path) -> None:
    done = shell(command(name, batch) + " | head -c 1 > /dev/null; exit ${PIPESTATUS[0]}")
    assert (done.returncode, done.stderr) == (0, b"")


@pytest.mark.parametrize(
    ("args", "env"),
    [
        ("recommend --top 3 --no-pager", {"PYTHONIOENCODING": "ascii"}),
        ("recommend --json --lang de", {"PYTHONIOENCODING": "ascii"}),
        ("recommend --format markdown --lang de", {"PYTHONIOENCODING": "ascii"}),
        ("recommend --top 3 --no-pager", {"PYTHONIOENCODING": "latin-1"}),
        ("check --text hello --platform x", {"PYTHONIOENCODING": "ascii"}),
    ],
)
def test_an_output_encoding_that_cannot_carry_the_text_says_so_and_exits_74(args: str, env: dict[str, str]) -> None:
    done = shell("$SMM " + args, env=environment(**env))
    err = done.stderr.decode()
    assert done.returncode == 74, err
    assert done.stdout == b""  # nothing half-written
    assert err.startswith("smm-advisor: <stdout>: ")  # in the language asked for
    assert " U+" in err
    assert "PYTHONIOENCODING=utf-8" in err
    assert "Traceback" not in err


def test_a_batch_into_an_encoding_that_cannot_carry_a_record_writes_whole_lines_then_exits_74(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"market": "b2b"}\n{"goals": ["Bekanntheit"], "regions": ["DE"]}\n{"goals": ["nöp"]}\n')
    done = shell(f"$SMM recommend --batch {src} --lang de", env=environment(PYTHONIOENCODING="ascii"))
    assert done.returncode in (0, 2, 74), done.stderr
    for line in done.stdout.decode("ascii").splitlines(keepends=True):
        assert line.endswith("\n")
        strict_json(line)


@pytest.mark.parametrize(
    "args",
    ["recommend --profile -", "recommend --batch -", "check -", "profile validate -", "recommend --kb -"],
)
def test_a_closed_stdin_is_an_input_error(args: str) -> None:
    done = shell("$SMM " + args + " <&-")
    err = assert_clean_failure(done, 2)
    assert "<stdin>: standard input is closed" in err


def test_a_closed_stderr_changes_no_exit_code() -> None:
    assert shell("$SMM recommend --goal fame 2>&-").returncode == 2
    assert shell("$SMM recommend --top 1 --json 2>&- >/dev/null").returncode == 0


def _fifo(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    os.mkfifo(path)

    def feed() -> None:
        with open(path, "wb") as fh:  # blocks until the advisor opens it: once
            fh.write(data)

    threading.Thread(target=feed, daemon=True).start()
    return path


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs")
def test_a_fifo_as_profile_and_kb_is_read_once(tmp_path: Path) -> None:
    kb = _fifo(tmp_path, "kb", (Path(__file__).resolve().parents[2] / "data" / "platforms.yaml").read_bytes())
    profile = _fifo(tmp_path, "profile", b"market: b2b\nexclude: [twitter]\n")
    done = cli("recommend", "--kb", str(kb), "--profile", str(profile), "--json", "--top", "1")
    assert done.returncode == 0, done.stderr
    assert strict_json(done.stdout)["profile"]["exclude"] == ["x"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs")
def test_a_fifo_named_twice_is_read_once(tmp_path: Path) -> None:
    profile = _fifo(tmp_path, "profile", b"market: b2b\n")
    done = cli("profile", "validate", str(profile), str(profile))
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode().splitlines() == [f"{profile}: valid"] * 2


@pytest.mark.parametrize(
    ("args", "first", "second"),
    [
        ("recommend --kb - --profile -", "--kb", "--profile"),
        ("recommend --kb - --batch -", "--kb", "--batch"),
        ("recommend --kb /dev/stdin --batch -", "--kb", "--batch"),
        ("compare x xing --kb - --profile -", "--kb", "--profile"),
        ("profile validate - --kb -", "--kb", "FILE"),
    ],
)
def test_one_stream_for_two_options_is_refused_before_either_reads_it(args: str, first: str, second: str) -> None:
    done = shell("echo 'market: b2b' | $SMM " + args)
    err = assert_clean_failure(done, 2)
    assert f"{first} and {second} both read" in err
    assert "a stream that can be read only once" in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs")
def test_one_fifo_for_kb_and_batch_is_refused_not_a_hang(tmp_path: Path) -> None:
    fifo = _fifo(tmp_path, "both", b'{"market": "b2b"}\n')
    done = subprocess.run(
        [*SMM, "recommend", "--kb", str(fifo), "--batch", str(fifo)],
        capture_output=True,
        env=environment(),
        timeout=60,
        check=False,
    )
    err = assert_clean_failure(done, 2)
    assert "--kb and --batch both read" in err
    with open(fifo, "rb") as fh:  # let the feeder finish
        fh.read()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pipe capacity read with FIONREAD")
def test_a_non_blocking_stdin_and_stdout_are_waited_on() -> None:
    """Whoever starts us may leave stdin or stdout non-blocking (as node does): EAGAIN means wait, not fail."""
    import fcntl
    import termios

    stdin_r, stdin_w = os.pipe()
    stdout_r, stdout_w = os.pipe()
    os.set_blocking(stdin_r, False)
    os.set_blocking(stdout_w, False)
    proc = subprocess.Popen(
        [*SMM, "recommend", "--batch", "-", "--top", "1"], stdin=stdin_r, stdout=stdout_w, stderr=subprocess.PIPE,
        env=environment(),
    )  # fmt: skip
    os.close(stdin_r)
    os.close(stdout_w)
    reader = os.fdopen(stdout_r, "rb")
    os.write(stdin_w, b'{"market": "b2b"}\n')
    assert strict_json(reader.readline())["line"] == 1  # answered: now it reads an empty non-blocking stdin
    os.write(stdin_w, b'{"market": "b2c"}\n' * 2_000)
    os.close(stdin_w)
    end = time.monotonic() + HANG_GUARD
    while int.from_bytes(fcntl.ioctl(stdout_r, termios.FIONREAD, bytes(4)), sys.byteorder) < 60_000:
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else b""  # the pipe fills: writes must wait
        assert time.monotonic() < end, "hang guard"
        time.sleep(0.05)
    rest = reader.read()
    assert proc.wait(timeout=HANG_GUARD) == 0, proc.stderr.read() if proc.stderr else b""
    assert [strict_json(line)["line"] for line in rest.splitlines()] == list(range(2, 2_002))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc/PID/wchan")
def test_a_profile_from_a_non_blocking_stdin_is_read_to_its_end() -> None:
    stdin_r, stdin_w = os.pipe()
    os.set_blocking(stdin_r, False)
    proc = subprocess.Popen(
        [*SMM, "recommend", "--profile", "-", "--json", "--top", "1"], stdin=stdin_r, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, env=environment(),
    )  # fmt: skip
    os.close(stdin_r)
    os.write(stdin_w, b"market: b2b\n")
    end = time.monotonic() + HANG_GUARD
    # The second half only once the advisor has met EAGAIN and waits for more (or has given up on the first half).
    while proc.poll() is None and "poll" not in Path(f"/proc/{proc.pid}/wchan").read_text():
        assert time.monotonic() < end, "hang guard"
        time.sleep(0.05)
    with contextlib.suppress(BrokenPipeError):
        os.write(stdin_w, b"goals: [leads]\n")
    os.close(stdin_w)
    out, err = proc.communicate(timeout=HANG_GUARD)
    assert proc.returncode == 0, err
    assert strict_json(out)["profile"]["goals"] == ["leads"]


@pytest.mark.parametrize(
    ("args", "limit_kib"),
    [("recommend --batch {batch} --top 1", 2_000), ("recommend --batch {batch} --top 1 --jobs 2", 2_000),
     ("recommend --json", 4), ("recommend --long --no-pager", 2)],
)  # fmt: skip
def test_a_file_size_limit_leaves_whole_lines_and_exits_74(
    tmp_path: Path, batch: Path, args: str, limit_kib: int
) -> None:
    """The kernel takes part of a write, then refuses the rest: the file is cut back to the last whole write."""
    out = tmp_path / "out"
    done = shell(f"ulimit -f {limit_kib}; $SMM {args.format(batch=batch)} > {out}")
    err = done.stderr.decode()
    assert done.returncode == 74, err
    assert err == "smm-advisor: <stdout>: cannot write the output: File too large\n"
    text = out.read_bytes()
    assert text == b"" or text.endswith(b"\n")
    if "--batch" in args:
        assert text  # the first chunk fits
        assert [strict_json(line)["line"] for line in text.splitlines()] == list(range(1, text.count(b"\n") + 1))
    else:
        assert text == b""  # a single answer is written whole or not at all
