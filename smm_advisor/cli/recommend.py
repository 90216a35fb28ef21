"""`smm-advisor recommend` and `compare`: rank the networks for a profile, or set two side by side."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from smm_advisor.cli import completion as complete
from smm_advisor.cli import settings
from smm_advisor.cli.app import app, output_language, renderer, write
from smm_advisor.cli.options import (
    BATCH_HELP,
    FLAG_NAMES,
    FORMAT_HELP,
    HOURS_A_WEEK,
    JOBS_HELP,
    MAX_COUNT,
    MAX_JOBS,
    QUIET_HELP,
    SEED_RANGE,
    Ads,
    Age,
    Color,
    Conflict,
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
    one_reader_per_stream,
    platform_ids,
    project_config,
    project_profile,
    refuse,
    requires,
)
from smm_advisor.cli.pager import show
from smm_advisor.cli.settings import FLAG, Setting, label
from smm_advisor.errors import EXIT_GATE, EXIT_USAGE, InputError, Problem
from smm_advisor.i18n import N_, t, using
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
    output_format: Annotated[
        str | None,
        typer.Option("--format", metavar="FORMAT", help=FORMAT_HELP, autocompletion=complete.recommend_formats),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Short for --format json.")] = False,
    profile_path: ProfilePath = None,
    batch: Annotated[str | None, typer.Option("--batch", metavar="FILE", help=BATCH_HELP)] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", min=0, max=MAX_JOBS, metavar="N", help=JOBS_HELP)] = None,
    weight: Weights = None,
    require: Require = None,
    exclude: Exclude = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show every rule's points (they sum to the score) for the networks shown.")
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
        int | None,
        typer.Option(
            "--seed",
            min=SEED_RANGE[0],
            max=SEED_RANGE[1],
            metavar="N",
            help="Seed of the robustness check (default 0; same seed, same report).",
        ),
    ] = None,
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
            autocompletion=complete.platforms,
        ),
    ] = None,
    color: Color = "auto",
    no_pager: NoPager = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help=QUIET_HELP)] = False,
) -> None:
    """Rank the social networks for a business described by flags, a profile file or a batch.

    Precedence: flags, then the profile file, then the project configuration (pyproject.toml's
    [tool.smm-advisor] or .smm-advisor.yaml: `smm-advisor config show`), then the defaults.
    """
    from smm_advisor.advice.profiles import flag_fields, from_flags
    from smm_advisor.advice.scoring import recommend as rank
    from smm_advisor.knowledge.store import load_knowledge_base, platform_names, resolve_path

    config = project_config()
    fmt = settings.output_format("recommend", output_format, as_json, config, batch=batch is not None)
    top = settings.pick(top, config, ("recommend", "top"), None).value
    asked_long = long
    long = long or top == 0  # --explain explains the rows shown: the first five, unless --long or --top
    top = top or None  # 0: all
    gates = (
        settings.pick(min_score, config, ("recommend", "min_score"), None),
        settings.pick(fail_if_missing, config, ("recommend", "fail_if_missing"), []),
    )
    flags = {"--batch": batch, "--profile": profile_path, "--explain": explain, "--portfolio": portfolio,
             "--hours-per-week": hours_per_week, "--robustness": robustness, "--seed": seed, "--jobs": jobs,
             "--color": color, "--quiet": quiet, "--json": as_json, "--format": output_format,
             "--long": asked_long}  # fmt: skip
    _refuse(flags, fmt)
    render = renderer(fmt.value)
    looks = choose_style(fmt.value, color, explain=explain, long=long)
    overrides = flag_fields(market, goal, age, region, content, ads, weight, require, exclude)
    kb = settings.knowledge_base(kb, config).value
    one_reader_per_stream({"--kb": resolve_path(kb), "--profile": profile_path, "--batch": batch})
    knowledge = load_knowledge_base(kb)
    names = platform_names(knowledge)
    missing = platform_ids(knowledge, gates[1], "--fail-if-missing", "recommend.fail_if_missing")
    if batch is not None:
        from smm_advisor.cli.batch import Gates

        from_flags(overrides, FLAG_NAMES, names)  # a bad flag is one error, not one per line
        batch_gates = Gates(gates[0].value, tuple(missing))
        with using(output_language(fmt.value, config)):  # the records, error records too, are machine output
            outcome = _run_batch(batch, knowledge, overrides, top, batch_gates, quiet, jobs or 0, _defaults(config))
        if not quiet:
            sys.stderr.write("".join("smm-advisor: " + line + "\n" for line in outcome.summary()))
        if outcome.failed:
            raise typer.Exit(EXIT_USAGE)
        if outcome.gated:
            raise typer.Exit(EXIT_GATE)
        return
    rows = SHORT_TOP if top is None and fmt.value == "table" and not long else top  # what the output shows
    profile = project_profile(profile_path, overrides, config, names)
    with using(output_language(fmt.value, config)):  # past the input checks: their errors are in the reader's language
        result = rank(knowledge, profile)
        gated = result.recommendations[:top]  # the gates read the ranking asked for, not the first screen's
        extras: dict[str, Any] = {}
        if robustness or fmt.value == "html":
            from smm_advisor.advice.robustness import check_robustness

            extras["robustness"] = check_robustness(knowledge, profile, result, seed=seed or 0)
        if portfolio is not None or fmt.value == "html":
            from smm_advisor.advice.portfolio import build_portfolio

            extras["portfolio"] = build_portfolio(knowledge, result, portfolio or 3, hours_per_week)
        if rows is not None:
            extras["recommendations"] = result.recommendations[:rows]
        if extras.get("robustness") is not None and rows is not None:
            shown = {r.platform for r in extras["recommendations"]}
            kept = tuple(s for s in extras["robustness"].platforms if s.platform in shown)
            extras["robustness"] = extras["robustness"]._replace(platforms=kept)
        more = len(result.recommendations) - len(extras.get("recommendations", result.recommendations))
        result = result._replace(**extras)
        _deliver(result, fmt.value, render, looks._replace(more=more), knowledge, quiet, no_pager)
    _gates(gated, gates[0].value, missing, quiet)


def _deliver(result: Any, fmt: str, render: Any, looks: Any, knowledge: Any, quiet: bool, no_pager: bool) -> None:
    """Write the answer in its format; --quiet writes no table, only errors and documents."""
    if fmt == "html":
        write(_html(result, knowledge, looks.explain))
    elif not (quiet and fmt == "table"):
        show(render(result, looks), fmt, no_pager)


def _refuse(flags: dict[str, Any], fmt: Setting) -> None:
    """Exit 2 for every combination of options that cannot be honoured, naming both (tests/test_flag_matrix.py)."""
    given = {flag: value for flag, value in flags.items() if value not in (None, False)}
    conflicts: list[Conflict] = []
    needs: list[Problem] = []
    shown_format = "--json" if "--json" in given else label("--format", fmt, "recommend.format")
    if "--batch" in given:
        conflicts += [("--batch", flag, WHY_BATCH[flag]) for flag in WHY_BATCH if flag in given]
        lines = N_("a batch writes JSON Lines (--format jsonl)")
        if fmt.source == FLAG and fmt.value != "jsonl":
            conflicts.append(("--batch", shown_format, lines))
        if str(flags["--color"]).strip().lower() == "always":
            conflicts.append(("--batch", "--color always", lines))
    elif "--jobs" in given:
        needs.append(requires("--jobs", "--batch"))
    if "--json" in given and flags["--format"] is not None and flags["--format"].strip().lower() != "json":
        conflicts.append(("--json", f"--format {flags['--format']}", N_("--json is short for --format json")))
    if fmt.value == "csv":
        rows = N_("CSV holds one row per network")
        conflicts += [(shown_format, flag, rows) for flag in ("--portfolio", "--robustness") if flag in given]
    for flag, needed in (("--hours-per-week", "--portfolio"), ("--seed", "--robustness")):
        if flag in given and needed not in given and fmt.value != "html" and "--batch" not in given:
            needs.append(requires(flag, f"{needed} (or --format html)"))
    if str(flags["--color"]).strip().lower() == "always" and fmt.value != "table" and "--batch" not in given:
        conflicts.append(("--color always", shown_format, N_("only the table has colour")))
    if "--quiet" in given and fmt.value == "table":
        if fmt.source == FLAG:
            conflicts.append(("--quiet", shown_format, N_("--quiet prints no table")))
        shows = [flag for flag in ("--explain", "--portfolio", "--robustness", "--long") if flag in given]
        conflicts += [("--quiet", flag, N_("--quiet prints no table")) for flag in shows]
        if str(flags["--color"]).strip().lower() == "always":
            conflicts.append(("--quiet", "--color always", N_("--quiet prints no table")))
    refuse(conflicts)
    if needs:
        raise InputError(needs)


WHY_BATCH = {
    "--profile": N_("each batch line is a profile"),
    "--explain": N_("batch records carry no explanation"),
    "--portfolio": N_("batch records hold the ranking only"),
    "--hours-per-week": N_("batch records hold the ranking only"),
    "--robustness": N_("batch records hold the ranking only"),
    "--seed": N_("batch records hold the ranking only"),
}


def _defaults(config: Any) -> dict[str, Any]:
    """The project configuration's profile fields, which every batch line's own fields override."""
    profile = config.get("profile")
    if isinstance(profile, str):
        from smm_advisor.knowledge.reader import load

        data = load(config.path_value("profile")).data
        return data if isinstance(data, dict) else {}
    return profile if isinstance(profile, dict) else {}


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
    path: str,
    knowledge: Any,
    overrides: dict[str, Any],
    top: int | None,
    gates: Any,
    quiet: bool,
    jobs: int,
    defaults: dict[str, Any],
) -> Any:
    """Stream JSON Lines: one result or error record per input line, in order; the outcome counts them."""
    from smm_advisor.cli.batch import auto_jobs, run_batch

    progress = not quiet and sys.stderr.isatty()
    return run_batch(
        path, knowledge, overrides, top=top, gates=gates, progress=progress, jobs=jobs or auto_jobs(), defaults=defaults
    )
