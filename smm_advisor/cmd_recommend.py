"""`smm-advisor recommend`: rank the networks for a profile given as flags, a file or a batch."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from .app import app, renderer, style, write
from .errors import EXIT_GATE, InputError, Problem

MARKET_HELP = "b2b, b2c or both (default: both)."
GOAL_HELP = (
    "Repeatable: awareness, image, leads, sales, traffic, support, loyalty, feedback, exchange, "
    "community, recruiting (German goal names such as Bekanntheit or Anfragen work too)."
)
REGION_HELP = "Repeatable: ISO 3166-1 alpha-2 country (DE, AT, CH, US, CN, ...) or a group: dach, eu, global."
CONTENT_HELP = "Repeatable: text, image, short-video, long-video, live, stories, chat."
FORMAT_HELP = "table (for people), json, jsonl (one line), markdown or csv."
PROFILE_HELP = "A profile file (YAML or JSON; '-' for stdin). Flags override its fields."
BATCH_HELP = "JSON Lines of profiles ('-' for stdin): one JSON result line per input line, in order."
FLAG_NAMES = {"market": "--market", "goals": "--goal", "age": "--age", "regions": "--region", "content": "--content"}


@app.command(epilog="Exit codes: 0 success; 1 a --min-score or --fail-if-missing gate failed; 2 bad input.")
def recommend(
    market: Annotated[str | None, typer.Option("--market", help=MARKET_HELP)] = None,
    goal: Annotated[list[str] | None, typer.Option("--goal", help=GOAL_HELP)] = None,
    age: Annotated[str | None, typer.Option("--age", metavar="MIN-MAX", help="Audience age range, e.g. 25-54.")] = None,
    region: Annotated[list[str] | None, typer.Option("--region", metavar="CODE", help=REGION_HELP)] = None,
    content: Annotated[list[str] | None, typer.Option("--content", metavar="FORMAT", help=CONTENT_HELP)] = None,
    ads: Annotated[bool | None, typer.Option("--ads/--no-ads", help="A paid-advertising budget or not.")] = None,
    top: Annotated[
        int | None, typer.Option("--top", min=1, help="How many to rank (default: all that qualify).")
    ] = None,
    kb: Annotated[
        str | None, typer.Option("--kb", metavar="PATH", help="Use another knowledge base (env: SMM_ADVISOR_KB).")
    ] = None,
    output_format: Annotated[str, typer.Option("--format", metavar="FORMAT", help=FORMAT_HELP)] = "table",
    as_json: Annotated[bool, typer.Option("--json", help="Short for --format json.")] = False,
    profile_path: Annotated[str | None, typer.Option("--profile", metavar="PATH", help=PROFILE_HELP)] = None,
    batch: Annotated[str | None, typer.Option("--batch", metavar="FILE", help=BATCH_HELP)] = None,
    min_score: Annotated[
        float | None,
        typer.Option("--min-score", min=0, max=100, help="Exit 1 unless some network scores at least this."),
    ] = None,
    fail_if_missing: Annotated[
        list[str] | None,
        typer.Option("--fail-if-missing", metavar="PLATFORM", help="Repeatable: exit 1 if it is not ranked."),
    ] = None,
    color: Annotated[str, typer.Option("--color", metavar="WHEN", help="auto, always or never.")] = "auto",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or gate notes on stderr.")] = False,
) -> None:
    """Rank the social networks for a business described by flags, a profile file or a batch.

    Precedence: flags override the profile file, which overrides the defaults.
    """
    from .knowledge import find_platform, load_knowledge_base
    from .scoring import recommend as rank

    fmt = "json" if as_json else output_format.strip().lower()
    render = renderer(fmt)
    looks = style(fmt, color)
    overrides = _flag_fields(market, goal, age, region, content, ads)
    if batch is not None:
        if profile_path is not None:
            raise InputError([Problem("command line", "--batch and --profile exclude each other", field="--batch")])
        knowledge = load_knowledge_base(kb)
        lines, failed = _run_batch(batch, knowledge, overrides, top, quiet)
        if failed:
            if not quiet:
                sys.stderr.write(f"smm-advisor: {failed} of {lines} batch line(s) failed; see their error records\n")
            raise typer.Exit(2)
        return
    profile = _profile(profile_path, overrides)
    knowledge = load_knowledge_base(kb)
    missing = [find_platform(knowledge, name, field="--fail-if-missing").id for name in fail_if_missing or []]
    result = rank(knowledge, profile, top=top)
    write(render(result, looks))
    gates: list[str] = []
    best = result.recommendations[0].score if result.recommendations else 0.0
    if min_score is not None and best < min_score:
        gates.append(f"--min-score: the best network scores {best:.1f}, below {min_score:g}")
    ranked = {r.platform for r in result.recommendations}
    gates += [f"--fail-if-missing: {pid} is not in the ranking" for pid in missing if pid not in ranked]
    if gates:
        if not quiet:
            sys.stderr.write("".join(f"smm-advisor: gate failed: {g}\n" for g in gates))
        raise typer.Exit(EXIT_GATE)


def _flag_fields(
    market: str | None,
    goal: list[str] | None,
    age: str | None,
    region: list[str] | None,
    content: list[str] | None,
    ads: bool | None,
) -> dict[str, Any]:
    """Only the flags the user gave: they override a profile file field by field."""
    given: dict[str, Any] = {
        "market": market,
        "goals": goal or None,
        "age": age,
        "regions": region or None,
        "content": content or None,
        "ads": ads,
    }
    return {k: v for k, v in given.items() if v is not None}


def _profile(path: str | None, overrides: dict[str, Any]) -> Any:
    from .loading import load
    from .profiles import from_document, from_flags

    if path is None:
        return from_flags(overrides, FLAG_NAMES)
    # Flags are checked on their own first, so that their errors name the flag, not the file.
    from_flags(overrides, FLAG_NAMES)
    return from_document(load(path), overrides)


def _run_batch(path: str, knowledge: Any, overrides: dict[str, Any], top: int | None, quiet: bool) -> tuple[int, int]:
    """Stream JSON Lines: one result or error record per input line, in order. Returns the error count."""
    from .batch import run_batch

    return run_batch(path, knowledge, overrides, top=top, progress=not quiet and sys.stderr.isatty())
