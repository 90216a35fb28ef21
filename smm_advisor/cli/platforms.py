"""`smm-advisor platforms [show ID]`: what the knowledge base knows, with sources and dates."""

from __future__ import annotations

from typing import Annotated

import typer

from smm_advisor.cli import completion as complete
from smm_advisor.cli.app import app, choose_format
from smm_advisor.cli.options import NoPager
from smm_advisor.cli.pager import show as page
from smm_advisor.render.style import choose_style

platforms_app = typer.Typer(
    help="List the networks in the knowledge base, or show one with every source.",
    invoke_without_command=True,
    rich_markup_mode=None,
)
app.add_typer(platforms_app, name="platforms")

FORMAT_OPTION = typer.Option(
    "--format",
    metavar="table|json",
    help="table (for people) or json (for scripts).",
    autocompletion=complete.two_formats,
)
KB_OPTION = typer.Option("--kb", metavar="PATH", help="Use another knowledge base.")


def _format(name: str) -> str:
    return choose_format(name, ("table", "json"))


@platforms_app.callback()
def platforms(
    ctx: typer.Context,
    output_format: Annotated[str, FORMAT_OPTION] = "table",
    kb: Annotated[str | None, KB_OPTION] = None,
    no_pager: NoPager = False,
) -> None:
    """List every network: id, name, status, B2B and B2C strength, main markets and strong formats."""
    if ctx.invoked_subcommand is not None:
        return
    from smm_advisor.knowledge.store import load_knowledge_base
    from smm_advisor.render.platforms import render_list

    fmt = _format(output_format)
    page(render_list(load_knowledge_base(kb), fmt, choose_style(fmt)), fmt, no_pager)


@platforms_app.command("show")
def show(
    platform_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="A platform id or alias, e.g. x or twitter.", autocompletion=complete.platforms
        ),
    ],
    output_format: Annotated[str, FORMAT_OPTION] = "table",
    kb: Annotated[str | None, KB_OPTION] = None,
    long: Annotated[bool, typer.Option("--long", help="Every note in full, and each source's publisher.")] = False,
    no_pager: NoPager = False,
) -> None:
    """Show every trait of one network as a data sheet, each with its source and date."""
    from smm_advisor.knowledge.store import find_platform, load_knowledge_base
    from smm_advisor.render.platforms import render_show

    fmt = _format(output_format)
    knowledge = load_knowledge_base(kb)
    platform = find_platform(knowledge, platform_id, field="ID")
    page(render_show(knowledge, platform, fmt, choose_style(fmt, long=long)), fmt, no_pager)
