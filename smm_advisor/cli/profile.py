"""`smm-advisor profile validate FILE...`: check profile files (for pre-commit and CI)."""

from __future__ import annotations

from typing import Annotated

import typer

from smm_advisor.cli.app import app, write
from smm_advisor.cli.options import KbPath, one_reader_per_stream
from smm_advisor.errors import InputError
from smm_advisor.i18n import t

profile_app = typer.Typer(help="Check profile files.")
app.add_typer(profile_app, name="profile")


@profile_app.command("validate")
def validate(
    paths: Annotated[list[str], typer.Argument(metavar="FILE...", help="Profile files (YAML or JSON; '-' for stdin).")],
    kb: KbPath = None,
) -> None:
    """Check every file; exit 0 if all are valid, else 2 with every problem as file:line:col: key: problem.

    Platform ids (`exclude`) are checked against the knowledge base (--kb, $SMM_ADVISOR_KB or the bundled one).
    """
    from smm_advisor.advice.profiles import from_document
    from smm_advisor.knowledge.reader import load
    from smm_advisor.knowledge.store import load_knowledge_base, platform_names, resolve_path
    from smm_advisor.render.sanitise import printable

    for path in paths:  # the same stream named twice as FILE is read once (reader.read_bytes)
        one_reader_per_stream({"--kb": resolve_path(kb), "FILE": path})
    names = platform_names(load_knowledge_base(kb))
    problems = []
    report = []
    for path in paths:
        try:
            from_document(load(path), platforms=names)
            report.append(t("{path}: valid", path=printable("<stdin>" if path == "-" else path)) + "\n")
        except InputError as exc:
            problems.extend(exc.problems)
    write("".join(report))
    if problems:
        raise InputError(problems)
