"""Measure start-up, batch throughput, peak memory and check throughput; print medians and ratios.

    python benchmarks/run.py            # the full run (about two minutes)
    python benchmarks/run.py --quick    # fewer runs and profiles, for a smoke test

Run it with the interpreter smm-advisor is installed in. Machines are shared and noisy, so every
figure that has a target is a ratio against a floor measured in the same run, interleaved with
it: start-up against `python -c "import typer, rich.console, pydantic, yaml"`, batch throughput against
`json.loads` + `json.dumps` of the very records the batch wrote, memory for 100,000 lines
against 10,000 lines. Commands run in a scratch folder, not in the working directory (whose
project configuration, if any, they would read). Results and how to read them: docs/performance.md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PROFILE_ARGS = [
    "recommend",
    "--market",
    "b2b",
    "--goal",
    "leads",
    "--goal",
    "image",
    "--age",
    "25-54",
    "--region",
    "DE",
    "--content",
    "image",
    "--ads",
]

# The profile generator's vocabulary: ids as the tool writes them plus the spellings people use
# (German goal names, lower-case countries, synonyms), so that normalising is measured too.
GOALS = [
    "awareness", "image", "leads", "sales", "traffic", "support", "loyalty", "feedback", "exchange",
    "community", "recruiting", "Bekanntheit", "Anfragen", "Kundenbindung",
]  # fmt: skip
REGIONS = [
    "DE", "AT", "CH", "US", "GB", "FR", "IT", "ES", "NL", "PL", "SE", "NO", "DK", "BR", "IN", "JP",
    "CN", "RU", "CA", "AU", "de", "uk", "dach", "eu", "global",
]  # fmt: skip
CONTENT = ["text", "image", "short-video", "long-video", "live", "stories", "chat", "reels", "video"]
AGE_BRACKETS = [
    "13-17", "18-24", "18-29", "18-34", "25-34", "25-44", "25-54", "30-49", "35-44", "35-54",
    "45-54", "50-64", "55-64", "55+", "65+", "18-65", "30-60", "16-24", "20-40", "40-70",
]  # fmt: skip


@dataclass
class Row:
    """One printed figure: a median, and for figures with a target its ratio and verdict."""

    label: str
    value: str
    ratio: str = ""
    target: str = ""
    met: str = ""


def cli_command() -> list[str]:
    """The installed console script next to this interpreter, else `python -m smm_advisor`."""
    script = shutil.which("smm-advisor", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "smm_advisor"]


def wall(cmd: list[str], env: dict[str, str], stdout: int | None = subprocess.DEVNULL) -> float:
    """Seconds from spawning `cmd` to its exit; a failing command stops the benchmark."""
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, stdout=stdout, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"benchmark command failed ({done.returncode}): {' '.join(cmd)}\n{done.stderr.decode()}")
    return elapsed


# Runs one command and reports its wall time and peak memory. A fresh, small interpreter starts the
# command, so that the peak is the command's own: a child forked from this (large) process would
# count this process's pages until it execs.
MEASURE = """
import json, os, subprocess, sys, time
with open(sys.argv[1], "wb") as out:
    start = time.perf_counter()
    proc = subprocess.Popen(sys.argv[2:], stdout=out, stderr=subprocess.DEVNULL)
    if hasattr(os, "wait4"):
        _, status, usage = os.wait4(proc.pid, 0)
        code = os.waitstatus_to_exitcode(status)
        peak = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)  # bytes on macOS, KiB on Linux
    else:
        code, peak = proc.wait(), None
    elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "peak": peak, "code": code}))
"""

# json.loads + json.dumps of every record a batch wrote, in one process: the batch's floor.
JSON_FLOOR = """
import json, sys, time
records = open(sys.argv[1], "rb").read().splitlines()
dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
start = time.perf_counter()
for line in records:
    dumps(json.loads(line))
print(len(records) / (time.perf_counter() - start))
"""


def measured(cmd: list[str], env: dict[str, str], stdout_path: str) -> tuple[float, int | None]:
    """Wall seconds and peak resident memory in bytes (None where os.wait4 is missing) of one run."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, stdout_path, *cmd], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        sys.exit(f"benchmark wrapper failed: {done.stderr}")
    result = json.loads(done.stdout)
    if result["code"] != 0:
        sys.exit(f"benchmark command failed ({result['code']}): {' '.join(cmd)}")
    return float(result["seconds"]), result["peak"]


def worker_count() -> int:
    """How many workers --jobs 0 starts here (the batch module's own rule)."""
    from smm_advisor.cli.batch import auto_jobs

    return auto_jobs()


def bundled_knowledge_base() -> Path:
    """The knowledge base the installed smm-advisor ships (asked of it, not of this checkout)."""
    code = "from smm_advisor.knowledge.store import bundled_path; print(bundled_path())"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return Path(done.stdout.strip())


def bundled_snapshot_is_current() -> bool:
    """Whether the installed package's prebuilt snapshot matches its knowledge base and code.

    In an editable install it goes stale with every change to the code, until `pip install -e .`
    runs the build hook again; the cold-cache row would then measure validation instead.
    """
    code = (
        "from smm_advisor.knowledge import bundled; from smm_advisor.knowledge.store import bundled_path;"
        "print(bundled.snapshot_data(bundled_path().read_bytes()) is not None)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.strip() == "True"


def batch_command(cli: list[str], path: Path, jobs: int = 0) -> list[str]:
    """The batch run; --jobs 0 (the default) is one worker process per CPU."""
    return [*cli, "recommend", "--batch", str(path), "--top", "5", "--jobs", str(jobs)]


def json_floor(records_path: str, env: dict[str, str]) -> float:
    """Records per second through json.loads + json.dumps of a batch's output, in a fresh process."""
    done = subprocess.run(
        [sys.executable, "-c", JSON_FLOOR, records_path], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        sys.exit(f"floor failed: {done.stderr}")
    return float(done.stdout)


def interleaved(commands: dict[str, list[str]], env: dict[str, str], runs: int, warmup: int = 2) -> dict[str, float]:
    """Median wall time of each command, run round-robin so that noise hits them all alike."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for round_ in range(warmup + runs):
        for name, cmd in commands.items():
            elapsed = wall(cmd, env)
            if round_ >= warmup:
                times[name].append(elapsed)
    return {name: statistics.median(values) for name, values in times.items()}


def generate_profiles(count: int, path: Path, seed: int = 8, any_age: bool = False) -> None:
    """`count` JSON Lines profiles: seeded, so every run and machine scores the same input.

    Ages are mostly the brackets surveys and ad tools use, else round-number ranges, else none;
    with `any_age`, the profiles without one get a random range instead (a worst case: nearly every
    such profile asks about ages no other profile asks about).
    """
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as fh:
        for _ in range(count):
            profile: dict[str, object] = {
                "goals": rng.sample(GOALS, rng.randint(1, 3)),
                "regions": rng.sample(REGIONS, rng.randint(1, 3)),
                "content": rng.sample(CONTENT, rng.randint(1, 3)),
            }
            if rng.random() < 0.9:
                profile["market"] = rng.choice(["b2b", "b2c", "both"])
            draw = rng.random()
            if draw < 0.75:
                profile["age"] = rng.choice(AGE_BRACKETS)
            elif draw < 0.9:  # audiences are described in round numbers
                low = rng.randrange(15, 65, 5)
                profile["age"] = f"{low}-{rng.randrange(low + 5, 85, 5)}"
            elif any_age:
                low = rng.randint(13, 70)
                profile["age"] = f"{low}-{rng.randint(low, 90)}"
            if rng.random() < 0.8:
                profile["ads"] = rng.random() < 0.5
            fh.write(json.dumps(profile) + "\n")


def generate_posts(count: int, folder: Path, seed: int = 8) -> list[str]:
    """`count` draft posts of 5 to 120 words: German, English, CJK, emoji, hashtags and links."""
    rng = random.Random(seed)
    words = (
        "Wir suchen Verstärkung im Vertrieb: neues Produkt, heute live! Great launch today "
        "新製品 発売 café 😀 👨‍👩‍👧 🇩🇪 #Marketing #B2B #Hiring https://example.com/jobs?id=42 example.org @team"
    ).split()
    paths = []
    for index in range(count):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(5, 120)))
        path = folder / f"post{index:05}.md"
        path.write_text(text + "\n", encoding="utf-8")
        paths.append(str(path))
    return paths


def machine() -> list[str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = []
    for name in ("smm-advisor", "typer", "pydantic", "pydantic-core", "PyYAML", "rich", "orjson"):
        try:
            from importlib.metadata import version

            versions.append(f"{name} {version(name)}")
        except Exception:
            versions.append(f"{name} ?")
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return [
        f"machine: {platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores, load {load}",
        f"python:  {sys.version.split()[0]} ({sys.executable})",
        f"with:    {', '.join(versions)}",
    ]


IMPORT_FLOOR = "import typer, rich.console, pydantic, yaml"  # what any command of a typer app with these libraries pays
STARTUP_LABELS = {
    "json": "smm-advisor recommend ... --format json",
    "table": "smm-advisor recommend ... --format table",
    "explain": "smm-advisor recommend ... --explain (table)",
    "portfolio": "smm-advisor recommend ... --portfolio 3 (json)",
    "robustness": "smm-advisor recommend ... --robustness (json)",
    "compare-json": "smm-advisor compare linkedin xing ... (json)",
    "compare-table": "smm-advisor compare linkedin xing ... (table)",
    "check": "smm-advisor check --platform x --text ...",
}
FULL_BATCH = 100_000  # the batch and memory targets are judged at this size (smaller runs say n/a)


def verdict(ok: bool) -> str:
    return "yes" if ok else "NO"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer runs and profiles (a smoke test)")
    parser.add_argument("--runs", type=int, default=0, help="start-up runs per command (default 21, quick 5)")
    parser.add_argument("--profiles", type=int, default=0, help="batch size (default 100000, quick 10000)")
    parser.add_argument("--posts", type=int, default=0, help="drafts for check (default 1000, quick 100)")
    args = parser.parse_args()
    runs = args.runs or (5 if args.quick else 21)
    big = args.profiles or (10_000 if args.quick else FULL_BATCH)
    small = max(1, big // 10)
    posts = args.posts or (100 if args.quick else 1_000)
    batch_runs = 1 if args.quick else 3

    cli = cli_command()
    py = sys.executable
    rows: list[tuple[str, list[Row]]] = []
    with tempfile.TemporaryDirectory(prefix="smm-bench-") as tmp_name, contextlib.chdir(tmp_name):
        # Every command runs in the scratch folder, as a user's would outside a configured project:
        # in this repository, the project's own pyproject.toml names smm-advisor and would be read
        # as a possible configuration (about 3 ms of every run).
        tmp = Path(tmp_name)
        env = {**os.environ, "SMM_ADVISOR_CACHE_DIR": str(tmp / "cache"), "SMM_ADVISOR_LANG": "en"}
        for name in ("SMM_ADVISOR_NO_CACHE", "SMM_ADVISOR_KB", "PYTHONPROFILEIMPORTTIME", "PYTHONDONTWRITEBYTECODE"):
            env.pop(name, None)
        no_cache = {**env, "SMM_ADVISOR_NO_CACHE": "1"}

        # ---------------------------------------------------------------- start-up
        print(f"start-up: {runs} interleaved runs of each command ...", file=sys.stderr, flush=True)
        recommend = [*cli, *PROFILE_ARGS]
        compare = [*cli, "compare", "linkedin", "xing", *PROFILE_ARGS[1:]]
        startup = {
            "floor": [py, "-c", IMPORT_FLOOR],
            "version": [*cli, "--version"],
            "json": [*recommend, "--format", "json"],
            "table": [*recommend, "--format", "table"],
            "explain": [*recommend, "--format", "table", "--explain"],
            "explain-long": [*recommend, "--format", "table", "--explain", "--long"],
            "portfolio": [*recommend, "--format", "json", "--portfolio", "3"],
            "robustness": [*recommend, "--format", "json", "--robustness"],
            "compare-json": [*compare, "--format", "json"],
            "compare-table": [*compare, "--format", "table"],
            "check": [*cli, "check", "--platform", "x", "--text", "A short post about our launch."],
        }
        medians = interleaved(startup, env, runs)
        if not bundled_snapshot_is_current():
            print(
                "warning: the bundled knowledge base's snapshot is stale (code changed since the install);"
                " run `pip install -e .` again, or the cold-cache row measures validation",
                file=sys.stderr,
            )
        own = tmp / "own.yaml"  # a knowledge base of the user's: no snapshot was built for it
        shutil.copy(bundled_knowledge_base(), own)
        cold_runs = {"json": startup["json"], "own": [*recommend, "--format", "json", "--kb", str(own)]}
        cold_medians = interleaved(cold_runs, no_cache, max(3, runs // 3), warmup=1)
        cold, cold_own = cold_medians["json"], cold_medians["own"]
        floor = medians["floor"]
        ms = "{:.1f} ms".format
        measured_rows = [Row(f'python -c "{IMPORT_FLOOR}"', ms(floor * 1e3), "1.00")]
        measured_rows.append(
            Row(
                "smm-advisor --version",
                ms(medians["version"] * 1e3),
                f"{medians['version'] / floor:.2f} x floor",
                "<= 1.50",
                verdict(medians["version"] / floor <= 1.5),
            )
        )
        for key, label in STARTUP_LABELS.items():
            ratio = medians[key] / floor
            measured_rows.append(
                Row(label, ms(medians[key] * 1e3), f"{ratio:.2f} x floor", "<= 1.50", verdict(ratio <= 1.5))
            )
            if key == "explain":  # every network's breakdown: about 400 lines for rich to lay out
                long_ratio = medians["explain-long"] / floor
                measured_rows.append(
                    Row(
                        "  the same with --long (all 24 networks)",
                        ms(medians["explain-long"] * 1e3),
                        f"{long_ratio:.2f} x floor",
                        "<= 1.50",
                        verdict(long_ratio <= 1.5),
                    )
                )
        measured_rows.append(
            Row(
                "  recommend json, cache off (bundled: validated at build time)",
                ms(cold * 1e3),
                f"{cold / medians['json']:.2f} x cache warm",
                "<= 2.00",
                verdict(cold / medians["json"] <= 2.0),
            )
        )
        measured_rows.append(
            Row(
                "  recommend json, cache off, --kb a copy (validated now)",
                ms(cold_own * 1e3),
                f"{cold_own / medians['json']:.2f} x warm, {cold_own / floor:.2f} x floor",
            )
        )
        rows.append((f"start-up (median of {runs})", measured_rows))

        # ---------------------------------------------------------------- batch and memory
        print(f"batch: {big:,} and {small:,} generated profiles ...", file=sys.stderr, flush=True)
        profiles, head, worst = tmp / "profiles.jsonl", tmp / "profiles-small.jsonl", tmp / "profiles-any-age.jsonl"
        generate_profiles(big, profiles)
        generate_profiles(big, worst, any_age=True)
        with profiles.open("rb") as src, head.open("wb") as dst:
            for _ in range(small):
                dst.write(src.readline())
        out = str(tmp / "out.jsonl")
        times, peaks, small_peaks, floors, worst_times, alone_times = [], [], [], [], [], []
        for _ in range(batch_runs):  # interleaved, like the start-up runs
            # Memory is measured in one process (--jobs 1): its peak is the whole run's.
            small_peaks.append(measured(batch_command(cli, head, jobs=1), env, os.devnull)[1])
            elapsed, peak = measured(batch_command(cli, profiles, jobs=1), env, os.devnull)
            alone_times.append(elapsed)
            peaks.append(peak)
            elapsed = measured(batch_command(cli, profiles), env, out)[0]
            times.append(elapsed)
            with open(out, "rb") as written:
                lines = sum(1 for _ in written)
            if lines != big:
                sys.exit(f"the batch wrote {lines:,} lines for {big:,} profiles")
            floors.append(json_floor(out, env))
            worst_times.append(measured(batch_command(cli, worst), env, os.devnull)[0])
        rate = big / statistics.median(times)
        floor_rate = statistics.median(floors)
        first = json.loads(Path(out).read_bytes().split(b"\n", 1)[0])["recommendations"]
        complete = len(first) == 5 and all(r["reasons"] for r in first)  # the top 5, each with its reasons
        worst_rate = big / statistics.median(worst_times)
        alone_rate = big / statistics.median(alone_times)
        batch_rows = [
            Row(
                f"recommend --batch --top 5 ({big:,} profiles, {worker_count()} workers)",
                f"{rate:,.0f} profiles/s",
                f"{floor_rate / rate:.2f} x the floor's time",
                ">= 10,000/s",
                verdict(rate >= 10_000 and complete) if big == FULL_BATCH else "n/a",
            ),
            Row("floor: json.loads + json.dumps of its output", f"{floor_rate:,.0f} records/s", "1.00"),
            Row(
                "  one process (--jobs 1)",
                f"{alone_rate:,.0f} profiles/s",
                f"{floor_rate / alone_rate:.2f} x the floor's time",
            ),
            Row(
                "  worst case: most age ranges never repeat",
                f"{worst_rate:,.0f} profiles/s",
                f"{floor_rate / worst_rate:.2f} x the floor's time",
            ),
        ]
        if all(p is not None for p in peaks + small_peaks):
            peak_big = statistics.median([p for p in peaks if p is not None])
            peak_small = statistics.median([p for p in small_peaks if p is not None])
            growth = peak_big / peak_small
            batch_rows += [
                Row(f"peak memory, {small:,} lines (--jobs 1)", f"{peak_small / 2**20:.1f} MiB", "1.00"),
                Row(
                    f"peak memory, {big:,} lines (--jobs 1)",
                    f"{peak_big / 2**20:.1f} MiB",
                    f"{growth:.3f} x {small:,} lines",
                    "<= 1.10",
                    verdict(growth <= 1.10) if big == FULL_BATCH else "n/a",
                ),
            ]
        rows.append((f"batch (median of {batch_runs})", batch_rows))

        # ---------------------------------------------------------------- check
        print(f"check: {posts:,} drafts ...", file=sys.stderr, flush=True)
        folder = tmp / "posts"
        folder.mkdir()
        drafts = generate_posts(posts, folder)
        check_times = [wall([*cli, "check", "--format", "json", *drafts], env) for _ in range(batch_runs)]
        one = statistics.median(wall([*cli, "check", "--format", "json", drafts[0]], env) for _ in range(3))
        whole = statistics.median(check_times)
        rows.append(
            (
                f"check (median of {batch_runs}, every network with a post limit)",
                [
                    Row(f"check {posts:,} drafts in one call", f"{posts / whole:,.0f} posts/s", ""),
                    Row("  without start-up (minus a one-draft call)", f"{(posts - 1) / (whole - one):,.0f} posts/s"),
                ],
            )
        )

    print()
    for line in machine():
        print(line)
    print(f"cli:     {' '.join(cli)}")
    print()
    width = max(len(r.label) for _, group in rows for r in group) + 2
    print(f"{'figure':<{width}}{'median':>20}  {'ratio':<28}{'target':<13}met")
    for title, group in rows:
        print(title)
        for r in group:
            print(f"  {r.label:<{width - 2}}{r.value:>20}  {r.ratio:<28}{r.target:<13}{r.met}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
