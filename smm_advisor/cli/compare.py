"""`smm-advisor compare A B`: which rules put one network above the other for a profile, and by how much."""

from __future__ import annotations

from typing import Annotated

import typer

from smm_advisor.cli.app import app, choose_format, write
from smm_advisor.cli.options import (
    Ads,
    Age,
    Color,
    Content,
    Goals,
    KbPath,
    Market,
    ProfilePath,
    Regions,
    Weights,
    flag_fields,
    one_reader_per_stream,
    profile_from,
)
from smm_advisor.render.style import choose_style


@app.command(epilog="Exit codes: 0 success; 2 bad input; 70, 74, 130, 143: see smm-advisor --help.")
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
    from smm_advisor.knowledge.store import find_platform, load_knowledge_base, platform_names, resolve_path
    from smm_advisor.render.compare import render_comparison

    fmt = "json" if as_json else choose_format(output_format, ("table", "json"))
    overrides = flag_fields(market, goal, age, region, content, ads, weight, None, None)
    one_reader_per_stream({"--kb": resolve_path(kb), "--profile": profile_path})
    knowledge = load_knowledge_base(kb)
    profile = profile_from(profile_path, overrides, platform_names(knowledge))
    a = find_platform(knowledge, platform_a, field="A")
    b = find_platform(knowledge, platform_b, field="B")
    result = set_side_by_side(knowledge, profile, a.id, b.id)
    write(render_comparison(result, fmt, choose_style(fmt, color)))
