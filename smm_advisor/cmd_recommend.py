"""`smm-advisor recommend`: rank the networks for a profile given as flags."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from .app import app, renderer, style, write

FORMAT_HELP = "Output format: table (for people) or json (for scripts)."
MARKET_HELP = "b2b, b2c or both."
GOAL_HELP = (
    "Repeatable: awareness, image, leads, sales, traffic, support, loyalty, feedback, exchange, "
    "community, recruiting (German goal names such as Bekanntheit or Anfragen work too)."
)
REGION_HELP = "Repeatable: ISO 3166-1 alpha-2 country (DE, AT, CH, US, CN, ...) or a group: dach, eu, global."
CONTENT_HELP = "Repeatable: text, image, short-video, long-video, live, stories, chat."


@app.command()
def recommend(
    market: Annotated[str, typer.Option("--market", help=MARKET_HELP)] = "both",
    goal: Annotated[list[str] | None, typer.Option("--goal", help=GOAL_HELP)] = None,
    age: Annotated[str | None, typer.Option("--age", metavar="MIN-MAX", help="Audience age range, e.g. 25-54.")] = None,
    region: Annotated[list[str] | None, typer.Option("--region", metavar="CODE", help=REGION_HELP)] = None,
    content: Annotated[list[str] | None, typer.Option("--content", metavar="FORMAT", help=CONTENT_HELP)] = None,
    ads: Annotated[bool | None, typer.Option("--ads/--no-ads", help="A paid-advertising budget or not.")] = None,
    top: Annotated[
        int | None, typer.Option("--top", min=1, help="How many to rank (default: all that qualify).")
    ] = None,
    kb: Annotated[str | None, typer.Option("--kb", metavar="PATH", help="Use another knowledge base.")] = None,
    output_format: Annotated[str, typer.Option("--format", metavar="table|json", help=FORMAT_HELP)] = "table",
) -> None:
    """Rank the social networks for a business described by the options."""
    from .knowledge import load_knowledge_base
    from .profiles import from_flags
    from .scoring import recommend as rank

    render = renderer(output_format)
    raw: dict[str, Any] = {"market": market, "goals": goal or [], "regions": region or [], "content": content or []}
    if age is not None:
        raw["age"] = age
    if ads is not None:
        raw["ads"] = ads
    flags = {"market": "--market", "goals": "--goal", "age": "--age", "regions": "--region", "content": "--content"}
    profile = from_flags(raw, flags)
    knowledge = load_knowledge_base(kb)
    result = rank(knowledge, profile, top=top)
    write(render(result, style(output_format)))
