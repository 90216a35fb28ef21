"""`smm-advisor recommend` and `compare`: rank the networks for a profile, or set two side by side."""

from __future__ import annotations

import sys
from dataclasses import replace
from typing import Annotated, Any

import typer

from smm_advisor.cli.app import app, renderer, write
from smm_advisor.cli.options import (
    BATCH_HELP,
    FLAG_NAMES,
    FORMAT_HELP,
    HOURS_A_WEEK,
    JOBS_HELP,
    MAX_COUNT,
    MAX_JOBS,
    SEED_RANGE,
    Ads,
    Age,
    Color,
    Content,
    Exclude,
    Goals,
    KbPath,
    Market,
    NoPager,
    ProfilePath,
    Regions,
    Require,
    Weights,
    finite,
    flag_fields,
    one_reader_per_stream,
    profile_from,
)
from smm_advisor.cli.pager import show
from smm_advisor.errors import EXIT_GATE, EXIT_USAGE, InputError, Problem
from smm_advisor.i18n import t
from smm_advisor.render.style import choose_style

SHORT_TOP = 5  # networks in the table when no --top is given: with their reason lines, one 80x24 screen


@app.command(
    epilog="Exit codes: 0 success; 1 a --min-score or --fail-if-missing gate failed (with --batch: for any record); "
    "2 bad input (with --batch: any line); 70, 74, 130, 143: see smm-advisor --help."
)
def recommend(
    market: Market = None,
    goal: Goals = None,
    age: Age = None,
    region: Regions = None,
    content: Content = None,
    ads: Ads = None,
    top: Annotated[
        int | None,
        typer.Option(
            "--top",
            min=0,
            max=MAX_COUNT,
            metavar="N",
            help="How many to rank (default: 5 in the table, all in other formats; 0: all, with every reason).",
        ),
    ] = None,
    long: Annotated[
        bool, typer.Option("--long", help="Every network that qualifies, with every reason (through a pager).")
    ] = False,
    kb: KbPath = None,
    output_format: Annotated[str, typer.Option("--format", metavar="FORMAT", help=FORMAT_HELP)] = "table",
    as_json: Annotated[bool, typer.Option("--json", help="Short for --format json.")] = False,
    profile_path: ProfilePath = None,
    batch: Annotated[str | None, typer.Option("--batch", metavar="FILE", help=BATCH_HELP)] = None,
    jobs: Annotated[int, typer.Option("--jobs", min=0, max=MAX_JOBS, metavar="N", help=JOBS_HELP)] = 0,
    weight: Weights = None,
    require: Require = None,
    exclude: Exclude = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show every rule's points (they sum to the score).")
    ] = False,
    portfolio: Annotated[
        int | None,
        typer.Option("--portfolio", min=1, max=MAX_COUNT, metavar="N", help="Pick N networks that work together."),
    ] = None,
    hours_per_week: Annotated[
        float | None,
        typer.Option(
            "--hours-per-week",
            min=0,
            max=HOURS_A_WEEK,
            callback=finite,
            metavar="H",
            help="Time budget for --portfolio (hours a week).",
        ),
    ] = None,
    robustness: Annotated[
        bool, typer.Option("--robustness", help="Check how stable the ranking is when rule weights move.")
    ] = False,
    seed: Annotated[
        int,
        typer.Option(
            "--seed",
            min=SEED_RANGE[0],
            max=SEED_RANGE[1],
            metavar="N",
            help="Seed of the robustness check (same seed, same report).",
        ),
    ] = 0,
    min_score: Annotated[
        float | None,
        typer.Option(
            "--min-score",
            min=0,
            max=100,
            callback=finite,
            metavar="SCORE",
            help="Exit 1 unless some network scores at least this (with --batch: every record).",
        ),
    ] = None,
    fail_if_missing: Annotated[
        list[str] | None,
        typer.Option(
            "--fail-if-missing",
            metavar="PLATFORM",
            help="Repeatable: exit 1 if it is not ranked (with --batch: in any record).",
        ),
    ] = None,
    color: Color = "auto",
    no_pager: NoPager = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or gate notes on stderr.")] = False,
) -> None:
    """Rank the social networks for a business described by flags, a profile file or a batch.

    Precedence: flags override the profile file, which overrides the defaults.
    """
    from smm_advisor.advice.profiles import from_flags
    from smm_advisor.advice.scoring import recommend as rank
    from smm_advisor.knowledge.store import load_knowledge_base, platform_names, resolve_path

    fmt = "json" if as_json else output_format.strip().lower()
    render = renderer(fmt)
    long = long or explain or top == 0
    top = top or None  # 0: all
    looks = choose_style(fmt, color, explain=explain, long=long)
    overrides = flag_fields(market, goal, age, region, content, ads, weight, require, exclude)
    if batch is not None and profile_path is not None:
        message = t("{a} and {b} exclude each other", a="--batch", b="--profile")
        raise InputError([Problem(t("command line"), message, field="--batch")])
    one_reader_per_stream({"--kb": resolve_path(kb), "--profile": profile_path, "--batch": batch})
    knowledge = load_knowledge_base(kb)
    names = platform_names(knowledge)
    missing = [_platform_id(names, name, "--fail-if-missing") for name in fail_if_missing or []]
    if batch is not None:
        from smm_advisor.cli.batch import Gates

        from_flags(overrides, FLAG_NAMES, names)  # a bad flag is one error, not one per line
        gates = Gates(min_score, tuple(missing))
        _run_batch(batch, knowledge, overrides, top, gates, quiet, jobs)
        return
    rows = SHORT_TOP if top is None and fmt == "table" and not long else top  # what the output shows
    profile = profile_from(profile_path, overrides, names)
    result = rank(knowledge, profile)
    gated = result.recommendations[:top]  # the gates read the ranking asked for, not the first screen's
    extras: dict[str, Any] = {}
    if robustness or fmt == "html":
        from smm_advisor.advice.robustness import check_robustness

        extras["robustness"] = check_robustness(knowledge, profile, result, seed=seed)
    if portfolio is not None or fmt == "html":
        from smm_advisor.advice.portfolio import build_portfolio

        extras["portfolio"] = build_portfolio(knowledge, result, portfolio or 3, hours_per_week)
    if rows is not None:
        extras["recommendations"] = result.recommendations[:rows]
    if extras.get("robustness") is not None and rows is not None:
        shown = {r.platform for r in extras["recommendations"]}
        kept = tuple(s for s in extras["robustness"].platforms if s.platform in shown)
        extras["robustness"] = replace(extras["robustness"], platforms=kept)
    more = len(result.recommendations) - len(extras.get("recommendations", result.recommendations))
    result = replace(result, **extras)
    if fmt == "html":
        write(_html(result, knowledge, explain))
    else:
        show(render(result, replace(looks, more=more)), fmt, no_pager)
    _gates(gated, min_score, missing, quiet)


def _platform_id(names: Any, name: str, field: str) -> str:
    """The id a platform flag names (the one normaliser: store.PlatformNames), or InputError."""
    found = names.resolve(name)
    if found is None:
        raise InputError([Problem(t("command line"), names.unknown(name), field=field)])
    return str(found)


def _html(result: Any, knowledge: Any, explain: bool) -> str:
    from smm_advisor.render.html import render_html

    return render_html(result, knowledge, explain)


def _gates(ranked: Any, min_score: float | None, missing: list[str], quiet: bool) -> None:
    from smm_advisor.advice.scoring import failed_gates

    gates = failed_gates([(r.platform, r.score) for r in ranked], min_score, missing)
    if gates:
        if not quiet:
            sys.stderr.write("".join("smm-advisor: " + t("gate failed: {what}", what=g) + "\n" for _, g in gates))
        raise typer.Exit(EXIT_GATE)


def _run_batch(
    path: str, knowledge: Any, overrides: dict[str, Any], top: int | None, gates: Any, quiet: bool, jobs: int
) -> None:
    """Stream JSON Lines: one result or error record per input line, in order; exit 2 or 1 as the records say."""
    from smm_advisor.cli.batch import auto_jobs, run_batch

    progress = not quiet and sys.stderr.isatty()
    outcome = run_batch(path, knowledge, overrides, top=top, gates=gates, progress=progress, jobs=jobs or auto_jobs())
    if not quiet:
        sys.stderr.write("".join("smm-advisor: " + line + "\n" for line in outcome.summary()))
    if outcome.failed:
        raise typer.Exit(EXIT_USAGE)
    if outcome.gated:
        raise typer.Exit(EXIT_GATE)
