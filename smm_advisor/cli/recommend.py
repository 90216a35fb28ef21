"""`smm-advisor recommend` and `compare`: rank the networks for a profile, or set two side by side."""

from __future__ import annotations

import sys
from dataclasses import replace
from typing import Annotated, Any

import typer

from smm_advisor.cli.app import app, choose_format, renderer, write
from smm_advisor.errors import EXIT_GATE, InputError, Problem
from smm_advisor.i18n import t
from smm_advisor.render.style import choose_style

MARKET_HELP = "b2b, b2c or both (default: both)."
GOAL_HELP = (
    "Repeatable: awareness, image, leads, sales, traffic, support, loyalty, feedback, exchange, "
    "community, recruiting (German goal names such as Bekanntheit or Anfragen work too)."
)
REGION_HELP = "Repeatable: ISO 3166-1 alpha-2 country (DE, US, CN, ...) or dach, eu, apac, greater-china, global."
CONTENT_HELP = "Repeatable: text, image, short-video, long-video, live, stories, chat."
FORMAT_HELP = "table (for people), json, jsonl (one line), markdown, csv or html (a report to share)."
PROFILE_HELP = "A profile file (YAML or JSON; '-' for stdin). Flags override its fields."
BATCH_HELP = "JSON Lines of profiles ('-' for stdin): one JSON result line per input line, in order."
JOBS_HELP = "Worker processes for --batch (0: one per CPU, at most 8). The output is the same for any N."
WEIGHT_HELP = "Repeatable RULE=FACTOR: multiply a rule's weight (0 switches it off), e.g. audience=2."
REQUIRE_HELP = "Repeatable hard requirement: ads, b2b, b2c or a content format the network must support well."
FLAG_NAMES = {
    "market": "--market",
    "goals": "--goal",
    "age": "--age",
    "regions": "--region",
    "content": "--content",
    "weights": "--weight",
    "require": "--require",
    "exclude": "--exclude",
}

Market = Annotated[str | None, typer.Option("--market", metavar="b2b|b2c|both", help=MARKET_HELP)]
Goals = Annotated[list[str] | None, typer.Option("--goal", metavar="GOAL", help=GOAL_HELP)]
Age = Annotated[str | None, typer.Option("--age", metavar="MIN-MAX", help="Audience age range, e.g. 25-54.")]
Regions = Annotated[list[str] | None, typer.Option("--region", metavar="CODE", help=REGION_HELP)]
Content = Annotated[list[str] | None, typer.Option("--content", metavar="FORMAT", help=CONTENT_HELP)]
Ads = Annotated[bool | None, typer.Option("--ads/--no-ads", help="A paid-advertising budget or not.")]
Weights = Annotated[list[str] | None, typer.Option("--weight", metavar="RULE=FACTOR", help=WEIGHT_HELP)]
Require = Annotated[list[str] | None, typer.Option("--require", metavar="WHAT", help=REQUIRE_HELP)]
Exclude = Annotated[
    list[str] | None, typer.Option("--exclude", metavar="PLATFORM", help="Repeatable: never recommend it.")
]
KbPath = Annotated[
    str | None, typer.Option("--kb", metavar="PATH", help="Use another knowledge base (env: SMM_ADVISOR_KB).")
]
ProfilePath = Annotated[str | None, typer.Option("--profile", metavar="PATH", help=PROFILE_HELP)]
Color = Annotated[str, typer.Option("--color", metavar="WHEN", help="auto, always or never.")]


@app.command(epilog="Exit codes: 0 success; 1 a --min-score or --fail-if-missing gate failed; 2 bad input.")
def recommend(
    market: Market = None,
    goal: Goals = None,
    age: Age = None,
    region: Regions = None,
    content: Content = None,
    ads: Ads = None,
    top: Annotated[
        int | None, typer.Option("--top", min=1, metavar="N", help="How many to rank (default: all that qualify).")
    ] = None,
    kb: KbPath = None,
    output_format: Annotated[str, typer.Option("--format", metavar="FORMAT", help=FORMAT_HELP)] = "table",
    as_json: Annotated[bool, typer.Option("--json", help="Short for --format json.")] = False,
    profile_path: ProfilePath = None,
    batch: Annotated[str | None, typer.Option("--batch", metavar="FILE", help=BATCH_HELP)] = None,
    jobs: Annotated[int, typer.Option("--jobs", min=0, metavar="N", help=JOBS_HELP)] = 0,
    weight: Weights = None,
    require: Require = None,
    exclude: Exclude = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show every rule's points (they sum to the score).")
    ] = False,
    portfolio: Annotated[
        int | None, typer.Option("--portfolio", min=1, metavar="N", help="Pick N networks that work together.")
    ] = None,
    hours_per_week: Annotated[
        float | None,
        typer.Option("--hours-per-week", min=0, metavar="H", help="Time budget for --portfolio (hours a week)."),
    ] = None,
    robustness: Annotated[
        bool, typer.Option("--robustness", help="Check how stable the ranking is when rule weights move.")
    ] = False,
    seed: Annotated[
        int, typer.Option("--seed", metavar="N", help="Seed of the robustness check (same seed, same report).")
    ] = 0,
    min_score: Annotated[
        float | None,
        typer.Option(
            "--min-score", min=0, max=100, metavar="SCORE", help="Exit 1 unless some network scores at least this."
        ),
    ] = None,
    fail_if_missing: Annotated[
        list[str] | None,
        typer.Option("--fail-if-missing", metavar="PLATFORM", help="Repeatable: exit 1 if it is not ranked."),
    ] = None,
    color: Color = "auto",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or gate notes on stderr.")] = False,
) -> None:
    """Rank the social networks for a business described by flags, a profile file or a batch.

    Precedence: flags override the profile file, which overrides the defaults.
    """
    from smm_advisor.advice.scoring import recommend as rank
    from smm_advisor.knowledge.store import find_platform, load_knowledge_base

    fmt = "json" if as_json else output_format.strip().lower()
    render = renderer(fmt)
    looks = choose_style(fmt, color, explain=explain)
    overrides = _flag_fields(market, goal, age, region, content, ads, weight, require, exclude)
    if batch is not None:
        if profile_path is not None:
            raise InputError(
                [Problem(t("command_line"), t("p.exclusive", a="--batch", b="--profile"), field="--batch")]
            )
        knowledge = load_knowledge_base(kb)
        lines, failed = _run_batch(batch, knowledge, overrides, top, quiet, jobs)
        if failed:
            if not quiet:
                sys.stderr.write(f"smm-advisor: {t('batch.failed', failed=failed, lines=lines)}\n")
            raise typer.Exit(2)
        return
    profile = _profile(profile_path, overrides)
    knowledge = load_knowledge_base(kb)
    for name in profile.exclude:
        find_platform(knowledge, name, field="--exclude")
    missing = [find_platform(knowledge, name, field="--fail-if-missing").id for name in fail_if_missing or []]
    result = rank(knowledge, profile)
    extras: dict[str, Any] = {}
    if robustness or fmt == "html":
        from smm_advisor.advice.robustness import check_robustness

        extras["robustness"] = check_robustness(knowledge, profile, result, seed=seed)
    if portfolio is not None or fmt == "html":
        from smm_advisor.advice.portfolio import build_portfolio

        extras["portfolio"] = build_portfolio(knowledge, result, portfolio or 3, hours_per_week)
    if top is not None:
        extras["recommendations"] = result.recommendations[:top]
    if extras.get("robustness") is not None and top is not None:
        shown = {r.platform for r in extras["recommendations"]}
        kept = tuple(s for s in extras["robustness"].platforms if s.platform in shown)
        extras["robustness"] = replace(extras["robustness"], platforms=kept)
    result = replace(result, **extras)
    write(render(result, looks) if fmt != "html" else _html(result, knowledge, explain))
    _gates(result, min_score, missing, quiet)


def _html(result: Any, knowledge: Any, explain: bool) -> str:
    from smm_advisor.render.html import render_html

    return render_html(result, knowledge, explain)


def _gates(result: Any, min_score: float | None, missing: list[str], quiet: bool) -> None:
    from smm_advisor.advice.scoring import failed_gates

    gates = failed_gates([(r.platform, r.score) for r in result.recommendations], min_score, missing)
    if gates:
        if not quiet:
            sys.stderr.write("".join(f"smm-advisor: {t('gate.failed', what=g)}\n" for g in gates))
        raise typer.Exit(EXIT_GATE)


@app.command(epilog="Exit codes: 0 success; 2 bad input.")
def compare(
    platform_a: Annotated[str, typer.Argument(metavar="A", help="A platform id or alias.")],
    platform_b: Annotated[str, typer.Argument(metavar="B", help="Another platform id or alias.")],
    market: Market = None,
    goal: Goals = None,
    age: Age = None,
    region: Regions = None,
    content: Content = None,
    ads: Ads = None,
    weight: Weights = None,
    kb: KbPath = None,
    profile_path: ProfilePath = None,
    output_format: Annotated[str, typer.Option("--format", metavar="table|json", help="table or json.")] = "table",
    as_json: Annotated[bool, typer.Option("--json", help="Short for --format json.")] = False,
    color: Color = "auto",
) -> None:
    """Which rules put A above B for this profile, and by how much (the differences sum to the score gap)."""
    from smm_advisor.advice.compare import compare as set_side_by_side
    from smm_advisor.knowledge.store import find_platform, load_knowledge_base
    from smm_advisor.render.compare import render_comparison

    fmt = "json" if as_json else choose_format(output_format, ("table", "json"))
    overrides = _flag_fields(market, goal, age, region, content, ads, weight, None, None)
    profile = _profile(profile_path, overrides)
    knowledge = load_knowledge_base(kb)
    a = find_platform(knowledge, platform_a, field="A")
    b = find_platform(knowledge, platform_b, field="B")
    result = set_side_by_side(knowledge, profile, a.id, b.id)
    write(render_comparison(result, fmt, choose_style(fmt, color)))


def _flag_fields(
    market: str | None,
    goal: list[str] | None,
    age: str | None,
    region: list[str] | None,
    content: list[str] | None,
    ads: bool | None,
    weight: list[str] | None,
    require: list[str] | None,
    exclude: list[str] | None,
) -> dict[str, Any]:
    """Only the flags the user gave: they override a profile file field by field."""
    from smm_advisor.advice.profiles import flag_fields, parse_weight_flags

    weights: dict[str, Any] | None = None
    if weight:
        weights, bad = parse_weight_flags(weight)
        if bad:
            raise InputError([Problem(t("command_line"), message, field="--weight") for message in bad])
    return flag_fields(
        market=market,
        goal=goal,
        age=age,
        region=region,
        content=content,
        ads=ads,
        weights=weights,
        require=require,
        exclude=exclude,
    )


def _profile(path: str | None, overrides: dict[str, Any]) -> Any:
    from smm_advisor.advice.profiles import from_document, from_flags
    from smm_advisor.knowledge.reader import load

    if path is None:
        return from_flags(overrides, FLAG_NAMES)
    # Flags are checked on their own first, so that their errors name the flag, not the file.
    from_flags(overrides, FLAG_NAMES)
    return from_document(load(path), overrides)


def _run_batch(
    path: str, knowledge: Any, overrides: dict[str, Any], top: int | None, quiet: bool, jobs: int
) -> tuple[int, int]:
    """Stream JSON Lines: one result or error record per input line, in order. Returns the error count."""
    from smm_advisor.cli.batch import auto_jobs, run_batch

    progress = not quiet and sys.stderr.isatty()
    return run_batch(path, knowledge, overrides, top=top, progress=progress, jobs=jobs or auto_jobs())
