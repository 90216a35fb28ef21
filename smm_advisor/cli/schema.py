"""`smm-advisor schema NAME`: print a JSON Schema (the same as the committed schemas/NAME.json)."""

from __future__ import annotations

from typing import Annotated

import typer

from smm_advisor.cli import completion as complete
from smm_advisor.cli.app import app, write
from smm_advisor.errors import InputError, Problem
from smm_advisor.i18n import t


@app.command("schema")
def schema(
    name: Annotated[
        str,
        typer.Argument(
            metavar="NAME",
            autocompletion=complete.schemas,
            help="profile, knowledge-base, recommendation, batch-record, batch-error, comparison, check, platforms, "
            "platform or kb-audit.",
        ),
    ],
) -> None:
    """Print the JSON Schema of an input file (a profile, a knowledge base) or of a command's JSON output."""
    from smm_advisor.cli.schemas import SCHEMAS, schema_text

    key = name.strip().lower()
    if key not in SCHEMAS:
        allowed = ", ".join(sorted(SCHEMAS))
        message = t("{value} is not a schema (allowed: {allowed})", value=repr(name), allowed=allowed)
        raise InputError([Problem(t("command line"), message, field="NAME")])
    write(schema_text(key))
