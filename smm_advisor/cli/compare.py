"""`smm-advisor compare A B`: which rules put one network above the other for a profile, and by how much."""

from __future__ import annotations

from typing import Annotated

import typer

from smm_advisor.cli import completion as complete
from smm_advisor.cli import settings
from smm_advisor.cli.app import app, choose_format, output_language, write
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
    one_reader_per_stream,
    project_config,
    project_profile,
    refuse,
)
from smm_advisor.i18n import N_, using
from smm_advisor.render.style import choose_style


@app.command(epilog="Exit codes: 0 success; 2 bad input; 70, 74, 130, 143: see smm-advisor --help.")
def compare(
    platform_a: Annotated[
        str, typer.Argument(metavar="A", help="A platform id or alias.", autocompletion=complete.platforms)
    ],
    platform_b: Annotated[
        str, typer.Argument(metavar="B", help="Another platform id or alias.", autocompletion=complete.platforms)
    ],
    market: Market = None,
    goal: Goals = None,
    age: Age = None,
    region: Regions = None,
    content: Content = None,
    ads: Ads = None,
    weight: Weights = None,
    kb: KbPath = None,
    profile_path: ProfilePath = None,
    output_format: Annotated[
        str | None,
        typer.Option("--format", metavar="table|json", help="table or json.", autocompletion=complete.two_formats),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Short for --format json.")] = False,
    color: Color = "auto",
) -> None:
    """Which rules put A above B for this profile, and by how much (the differences sum to the score gap)."""
    from smm_advisor.advice.compare import compare as set_side_by_side
    from smm_advisor.advice.profiles import flag_fields
    from smm_advisor.knowledge.store import find_platform, load_knowledge_base, platform_names, resolve_path
    from smm_advisor.render.compare import render_comparison

    config = project_config()
    fmt = settings.output_format("compare", output_format, as_json, config)
    if as_json and output_format is not None and output_format.strip().lower() != "json":
        refuse([("--json", f"--format {output_format}", N_("--json is short for --format json"))])
    choose_format(fmt.value, ("table", "json"))
    if color.strip().lower() == "always" and fmt.value != "table":
        shown_format = "--json" if as_json else settings.label("--format", fmt, "compare.format")
        refuse([("--color always", shown_format, N_("only the table has colour"))])
    overrides = flag_fields(market, goal, age, region, content, ads, weight, None, None)
    kb_path = settings.knowledge_base(kb, config).value
    one_reader_per_stream({"--kb": resolve_path(kb_path), "--profile": profile_path})
    knowledge = load_knowledge_base(kb_path)
    profile = project_profile(profile_path, overrides, config, platform_names(knowledge))
    a = find_platform(knowledge, platform_a, field="A")
    b = find_platform(knowledge, platform_b, field="B")
    with using(output_language(fmt.value, config)):
        result = set_side_by_side(knowledge, profile, a.id, b.id)
        write(render_comparison(result, fmt.value, choose_style(fmt.value, color)))
