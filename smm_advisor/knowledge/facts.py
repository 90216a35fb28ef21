"""Walk a knowledge base's sourced facts: for `platforms show`, `kb audit` and source checks."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from smm_advisor.knowledge.snapshot import fields, is_object

if TYPE_CHECKING:
    from smm_advisor.knowledge.models import KnowledgeBase, Platform, Sourced


def is_sourced(obj: Any) -> bool:
    """A fact: an object with a source and an as_of date (a model or a record of one)."""
    return is_object(obj) and hasattr(obj, "source") and hasattr(obj, "as_of")


def iter_sourced(obj: Any, path: str = "") -> Iterator[tuple[str, Sourced]]:
    """Every sourced fact below `obj` (a model or a record), with a dotted path; dict keys and list indexes included."""
    if is_sourced(obj):
        yield path, obj
    for name, value in fields(obj):
        here = f"{path}.{name}" if path else name
        if is_object(value):
            yield from iter_sourced(value, here)
        elif isinstance(value, dict):
            for key, item in value.items():
                if is_object(item):
                    yield from iter_sourced(item, f"{here}.{key}")
        elif isinstance(value, tuple):
            for index, item in enumerate(value):
                if is_object(item):
                    yield from iter_sourced(item, f"{here}[{index}]")


def freshest(fact: Sourced) -> date:
    """The newer of the date a value describes and the date someone last confirmed it is current."""
    return max(fact.as_of, fact.checked) if fact.checked else fact.as_of


_AGE = re.compile(r"^\s*([0-9]{1,6})\s*([dmy])\s*$", re.IGNORECASE)  # at most 999,999 units: no overflow


def parse_max_age(text: str) -> int | None:
    """'24m', '2y', '90d' -> days (months count 30.44 days); None when malformed."""
    m = _AGE.match(text)
    if not m or int(m.group(1)) == 0:
        return None
    n, unit = int(m.group(1)), m.group(2).lower()
    return round(n * {"d": 1, "m": 30.44, "y": 365.25}[unit])


class AuditFinding(NamedTuple):
    """A fact that is older than the limit."""

    platform: str
    field: str
    as_of: date
    age_days: int
    source: str


def superseded(kb: KnowledgeBase, platform: Platform) -> set[int]:
    """Indexes of audience entries that a newer wave of the same kind of survey (place, scope) replaces.

    An older wave is kept as history (and for the bands the newer one lacks): it is not stale.
    """
    newest: dict[tuple[str, str], int] = {}
    for entry in platform.audience:
        survey = kb.surveys.get(entry.survey)
        if survey is not None:
            family = (survey.country, survey.scope)
            newest[family] = max(newest.get(family, 0), survey.year)
    old: set[int] = set()
    for index, entry in enumerate(platform.audience):
        survey = kb.surveys.get(entry.survey)
        if survey is not None and survey.year < newest[(survey.country, survey.scope)]:
            old.add(index)
    return old


def audit(kb: KnowledgeBase, today: date, max_age_days: int) -> list[AuditFinding]:
    """Facts whose freshest date is older than the limit.

    Skipped: seed history (dated by design), discontinued platforms (their facts are history) and
    survey waves a newer wave of the same survey kind replaces (superseded).
    """
    findings: list[AuditFinding] = []
    for platform in kb.platforms:
        if platform.lifecycle.state == "discontinued":
            continue
        old = {f"audience[{i}]" for i in superseded(kb, platform)}
        for path, fact in iter_sourced(platform):
            if type(fact).__name__ == "SeedClaim" or path in old:
                continue
            age = (today - freshest(fact)).days
            if age > max_age_days:
                source = kb.source(fact.source)
                findings.append(AuditFinding(platform.id, path, freshest(fact), age, source.title))
    return findings


def cited_keys(platform: Platform) -> list[str]:
    """Keys of the knowledge base's source table that a platform cites."""
    return [fact.source for _, fact in iter_sourced(platform) if isinstance(fact.source, str)]
