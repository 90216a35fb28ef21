"""`smm-advisor kb validate|audit`: check a knowledge base in CI."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from smm_advisor.cli.app import app, bad_format, write
from smm_advisor.errors import EXIT_GATE, InputError, Problem
from smm_advisor.i18n import t
from smm_advisor.render.json import document_text
from smm_advisor.vocabulary import AUDIT_SCHEMA_VERSION

kb_app = typer.Typer(help="Check a knowledge base: validate its format, audit the age of its facts.")
app.add_typer(kb_app, name="kb")

PATH_ARG = typer.Argument(
    metavar="[PATH]", help="The knowledge base (default: --kb, $SMM_ADVISOR_KB, the bundled one)."
)


@kb_app.command("validate")
def validate(
    paths: Annotated[
        list[str] | None,
        typer.Argument(metavar="[PATH...]", help="Knowledge bases (default: $SMM_ADVISOR_KB, else the bundled one)."),
    ] = None,
) -> None:
    """Exit 0 if every knowledge base is valid; else list every problem as file:line:col: field: problem, exit 2."""
    from smm_advisor.knowledge.store import load_knowledge_base, resolve_path
    from smm_advisor.render.sanitise import printable

    problems: list[Problem] = []
    report: list[str] = []
    targets: list[str | None] = list(paths) if paths else [None]
    for path in targets:
        try:
            kb = load_knowledge_base(path)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        where = printable(resolve_path(path))
        report.append(
            t(
                "{path}: valid: {platforms} platforms, {sources} sources, version {version}",
                path=where,
                platforms=len(kb.platforms),
                sources=len(kb.sources),
                version=kb.version,
            )
            + "\n"
        )
    write("".join(report))
    if problems:
        raise InputError(problems)


@kb_app.command("audit")
def audit(
    path: Annotated[str | None, PATH_ARG] = None,
    max_age: Annotated[
        str, typer.Option("--max-age", metavar="AGE", help="Oldest acceptable fact: 24m, 2y or 730d.")
    ] = "24m",
    today: Annotated[
        str | None, typer.Option("--today", metavar="YYYY-MM-DD", help="Audit as of this date (default: today).")
    ] = None,
    output_format: Annotated[str, typer.Option("--format", metavar="table|json", help="table or json.")] = "table",
) -> None:
    """List facts older than --max-age (seed history excepted); exit 1 if there are any."""
    from smm_advisor.knowledge.facts import audit as find_old
    from smm_advisor.knowledge.facts import parse_max_age
    from smm_advisor.knowledge.store import load_knowledge_base, resolve_path

    days = parse_max_age(max_age)
    problems = []
    if days is None:
        problems.append(
            Problem(
                t("command line"),
                t("{value} is not an age (use e.g. 24m, 2y, 730d)", value=repr(max_age)),
                field="--max-age",
            )
        )
    when = date.today()
    if today is not None:
        try:
            when = date.fromisoformat(today)
        except ValueError:
            problems.append(
                Problem(
                    t("command line"), t("{value} is not a date (use YYYY-MM-DD)", value=repr(today)), field="--today"
                )
            )
    fmt = output_format.strip().lower()
    if fmt not in ("table", "json"):
        problems.append(bad_format(output_format, ("table", "json")))
    if problems:
        raise InputError(problems)
    assert days is not None
    kb = load_knowledge_base(path)
    findings = find_old(kb, when, days)
    where = resolve_path(path)
    if fmt == "json":
        doc = {
            "schema_version": AUDIT_SCHEMA_VERSION,
            "knowledge_base": where,
            "today": when.isoformat(),
            "max_age_days": days,
            "findings": [
                {"platform": f.platform, "field": f.field, "as_of": f.as_of.isoformat(), "age_days": f.age_days,
                 "source": f.source}
                for f in findings
            ],
        }  # fmt: skip
        write(document_text(doc, "json"))
    else:
        from smm_advisor.render.sanitise import printable

        where = printable(where)
        lines = [
            t(
                "{where}: {platform}.{field}: as of {as_of}, {age} days old ({source})",
                where=where,
                platform=f.platform,
                field=f.field,
                as_of=f.as_of,
                age=f.age_days,
                source=f.source,
            )
            for f in findings
        ]
        if findings:
            summary = t("{n} fact(s) older than {max_age}", n=len(findings), max_age=max_age)
        else:
            summary = t("no fact older than {max_age}", max_age=max_age)
        lines.append(t("{where}: {summary} (as of {when})", where=where, summary=summary, when=when))
        write("".join(line + "\n" for line in lines))
    if findings:
        raise typer.Exit(EXIT_GATE)
