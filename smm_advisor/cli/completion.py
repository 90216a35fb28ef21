"""The values the shells complete (`smm-advisor --install-completion`): goals, formats, regions, platform ids, ...

Each completer takes what has been typed of a value and returns the values that start with it
(case-insensitive). Platform ids come from the knowledge base the command line names (--kb), else
the usual one; a knowledge base that cannot be read completes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from smm_advisor.vocabulary import (
    CONTENT_FORMATS,
    COUNTRIES,
    GLOBAL,
    GOALS,
    MARKETS,
    REGION_GROUPS,
    REQUIREMENTS,
    RULE_NAMES,
    TEXT_KINDS,
)

Completer = Callable[[str], list[str]]


def words(*choices: str) -> Completer:
    """A completer of a closed set of words."""

    def complete(incomplete: str) -> list[str]:
        typed = incomplete.lower()
        return [word for word in choices if word.lower().startswith(typed)]

    return complete


goals = words(*GOALS)
markets = words(*MARKETS)
regions = words(GLOBAL, *sorted(REGION_GROUPS), *sorted(COUNTRIES))
content = words(*CONTENT_FORMATS)
requirements = words(*REQUIREMENTS)
weights = words(*(f"{rule}=" for rule in RULE_NAMES))
two_formats = words("table", "json")
colors = words("auto", "always", "never")
kinds = words(*TEXT_KINDS)
languages = words("en", "de")


def recommend_formats(incomplete: str) -> list[str]:
    from smm_advisor.render.formats import recommend_formats as formats

    return words(*formats())(incomplete)


def schemas(incomplete: str) -> list[str]:
    from smm_advisor.cli.schemas import SCHEMAS

    return words(*SCHEMAS)(incomplete)


def platforms(ctx: Any, incomplete: str) -> list[str]:
    """The knowledge base's platform ids (--kb's, if the command line names one)."""
    from smm_advisor.errors import AdvisorError
    from smm_advisor.knowledge.store import load_knowledge_base

    try:
        kb = load_knowledge_base(ctx.params.get("kb") if ctx is not None else None)
    except AdvisorError:
        return []
    return words(*sorted(p.id for p in kb.platforms))(incomplete)
