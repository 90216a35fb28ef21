"""`smm-advisor check`: does a draft post fit each network's length, hashtag and link rules?"""

from __future__ import annotations

import os
from typing import Annotated

import typer

from smm_advisor.cli import completion as complete
from smm_advisor.cli import settings
from smm_advisor.cli.app import app, choose_format, output_language, write
from smm_advisor.cli.options import QUIET_HELP, Conflict, platform_ids, project_config, refuse
from smm_advisor.errors import EXIT_GATE, InputError, Problem
from smm_advisor.i18n import N_, t
from smm_advisor.render.style import choose_style

FILE_HELP = (
    "Draft files (Markdown or text, UTF-8), each checked whole as one text; '-' reads stdin. "
    "Markup counts as written: it is what gets pasted."
)
PLATFORM_HELP = (
    "Repeatable: a network id or alias (x, twitter, bluesky, mastodon, ...). "
    "Default: every network with a known limit for --kind."
)
KIND_HELP = "The kind of text: post, caption, title, description or message."
LIMIT_HELP = "Use this limit instead of the recorded one, for every checked network (e.g. a Mastodon instance's)."
FORMAT_HELP = "Output format: table (for people) or json (for scripts)."
MAX_LIMIT = 10**9  # a length limit beyond any network's; larger numbers cannot be compared as floats
EXIT_HELP = (
    "Exit codes: 0 every text fits; 1 a text is too long or breaks a hashtag or link rule; 2 bad input; "
    "70, 74, 130, 143: see smm-advisor --help."
)


@app.command("check", epilog=EXIT_HELP)
def check(
    files: Annotated[list[str] | None, typer.Argument(metavar="FILE", help=FILE_HELP, show_default=False)] = None,
    text: Annotated[str | None, typer.Option("--text", metavar="TEXT", help="A draft given inline.")] = None,
    platform: Annotated[
        list[str] | None,
        typer.Option("--platform", metavar="ID", help=PLATFORM_HELP, autocompletion=complete.platforms),
    ] = None,
    kind: Annotated[
        str, typer.Option("--kind", metavar="KIND", help=KIND_HELP, autocompletion=complete.kinds)
    ] = "post",
    limit: Annotated[int | None, typer.Option("--limit", metavar="N", min=1, max=MAX_LIMIT, help=LIMIT_HELP)] = None,
    kb: Annotated[
        str | None, typer.Option("--kb", metavar="PATH", help="Use another knowledge base (env: SMM_ADVISOR_KB).")
    ] = None,
    output_format: Annotated[
        str | None,
        typer.Option("--format", metavar="table|json", help=FORMAT_HELP, autocompletion=complete.two_formats),
    ] = None,
    color: Annotated[
        str, typer.Option("--color", metavar="WHEN", help="auto, always or never.", autocompletion=complete.colors)
    ] = "auto",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help=QUIET_HELP)] = False,
) -> None:
    """Check whether draft posts fit each network, counted the way that network counts.

    Each length is counted as the knowledge base records that network counts: characters,
    graphemes, UTF-8 bytes, UTF-16 units or X's weighted length (twitter-text v3: a link is 23,
    most CJK characters and emoji 2). Hashtag caps and link rules are checked too.
    """
    from smm_advisor.cli.options import one_reader_per_stream
    from smm_advisor.knowledge.reader import decode, read_text
    from smm_advisor.knowledge.store import load_knowledge_base, resolve_path
    from smm_advisor.posts.checking import Draft, check_drafts, prepare_text
    from smm_advisor.render.check import CHECK_RENDERERS

    config = project_config()
    fmt = settings.output_format("check", output_format, False, config)
    shown_format = settings.label("--format", fmt, "check.format")
    render = CHECK_RENDERERS[choose_format(fmt.value, CHECK_RENDERERS)]
    conflicts: list[Conflict] = []
    always = color.strip().lower() == "always"
    if always and fmt.value != "table":
        conflicts.append(("--color always", shown_format, N_("only the table has colour")))
    if quiet and fmt.value == "table":
        shows = ([shown_format] if fmt.source == settings.FLAG else []) + (["--color always"] if always else [])
        conflicts += [("--quiet", other, N_("--quiet prints no table")) for other in shows]
    refuse(conflicts)
    looks = choose_style(fmt.value, color)
    paths = files or []
    if not paths and text is None:
        raise InputError(
            [Problem(t("command line"), t("nothing to check: give a FILE, '-' for stdin, or --text TEXT"))]
        )
    if paths.count("-") > 1:
        raise InputError([Problem(t("command line"), t("'-' (stdin) can be given only once"))])
    kb = settings.knowledge_base(kb, config).value
    one_reader_per_stream({"--kb": resolve_path(kb), "FILE": "-" if "-" in paths else None})
    drafts = [Draft("<stdin>" if path == "-" else path, prepare_text(read_text(path))) for path in paths]
    if text is not None:  # the command line's bytes, checked as a file's are: UTF-8, no control characters
        drafts.append(Draft("--text", prepare_text(decode(os.fsencode(text), "--text"))))
    knowledge = load_knowledge_base(kb)
    platforms = settings.pick(platform, config, ("check", "platforms"), [])
    names = [platforms.value] if isinstance(platforms.value, str) else list(platforms.value)
    if platforms.source != settings.FLAG:
        platform_ids(knowledge, platforms, "--platform", "check.platforms")  # located in the configuration
    report = check_drafts(knowledge, drafts, names, kind, limit, lang=output_language(fmt.value, config))
    if not (quiet and fmt.value == "table"):  # --quiet: the exit code says whether every text fits
        write(render(report, looks))
    if not report.ok:
        raise typer.Exit(EXIT_GATE)
