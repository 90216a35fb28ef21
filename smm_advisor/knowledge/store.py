"""Find, read and validate a knowledge base: the bundled one or a file the user names."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, cast

from smm_advisor.errors import InputError, Problem
from smm_advisor.i18n import did_you_mean, t
from smm_advisor.knowledge.reader import parse_file, read_bytes
from smm_advisor.vocabulary import platform_key

if TYPE_CHECKING:
    from smm_advisor.knowledge.models import KnowledgeBase, Platform

# pydantic is imported when a knowledge base is validated, not before: find_platform and the
# paths serve the quick path (quick.py), which works on a snapshot.

ENV_KB = "SMM_ADVISOR_KB"
HEAD_BYTES = 64 * 1024  # where version_of looks for the top-level keys first


def bundled_path() -> Path:
    """The knowledge base shipped with the package (in a wheel) or beside it (in a checkout)."""
    here = Path(__file__).resolve().parent.parent  # the package
    for candidate in (here / "data" / "platforms.yaml", here.parent / "data" / "platforms.yaml"):
        if candidate.is_file():
            return candidate
    raise InputError([Problem(str(here), "the bundled knowledge base data/platforms.yaml is missing")])


def resolve_path(path: str | None) -> str:
    """--kb wins, then $SMM_ADVISOR_KB, then the bundled file."""
    if path:
        return path
    env = os.environ.get(ENV_KB)
    if env:
        return env
    return str(bundled_path())


def version_of(path: str | None = None) -> tuple[str, str]:
    """A knowledge base's version and date (as_of), read cheaply: no validation, no YAML parser for the usual file.

    The top-level `version:` and `as_of:` lines of a YAML file (or the keys of a JSON one) are
    read from its text; a file written otherwise is parsed (not validated) to find them.
    """
    resolved = resolve_path(path)
    head = b""
    if resolved != "-":
        try:
            with open(resolved, "rb") as fh:  # the keys stand at the top: the whole file is not read
                head = fh.read(HEAD_BYTES)
        except OSError:
            pass  # read_bytes below says what is wrong
    text = head.decode("utf-8", errors="replace")
    found = {key: _top_level(text, key) for key in ("version", "as_of")}
    if None in found.values():
        data = parse_file(read_bytes(resolved), resolved).data
        found = {key: str(data[key]) if isinstance(data, dict) and key in data else "?" for key in found}
    return found["version"] or "?", found["as_of"] or "?"


def _top_level(text: str, key: str) -> str | None:
    import re

    match = re.search(rf"""^(?:{key}|"{key}")\s*:\s*["']?([^"'#\n]*?)["']?\s*(?:#.*)?$""", text, flags=re.M)
    if match is None:
        match = re.search(rf'^\s*"{key}"\s*:\s*"([^"]*)"', text, flags=re.M)  # JSON, one key a line
    return match.group(1).strip() if match else None


def load_knowledge_base(path: str | None = None) -> KnowledgeBase:
    """Read a knowledge base: validated once, then plain read-only objects (snapshot.py).

    Raises InputError with every problem located. A file (not stdin) goes through the cache
    (cache.py): unchanged, it is neither parsed nor validated again.
    """
    from smm_advisor.knowledge import cache, snapshot

    resolved = resolve_path(path)
    raw = read_bytes(resolved)
    if resolved != "-":
        found = cache.lookup(resolved, raw)
        if found is not None:
            return cast("KnowledgeBase", found)
    line = snapshot.dumps(validated(raw, resolved))
    if resolved != "-":
        cache.store(resolved, raw, line)
    return cast("KnowledgeBase", snapshot.loads(line))


def validated(raw: bytes, name: str) -> KnowledgeBase:
    """The knowledge base in `raw` validated by its models, or InputError listing every problem."""
    from smm_advisor.knowledge.models import KnowledgeBase
    from smm_advisor.knowledge.validation import validate

    return validate(KnowledgeBase, parse_file(raw, name))


def find_platform(kb: KnowledgeBase, name: str, field: str = "--platform") -> Platform:
    """Resolve an id or alias (case-insensitive), or raise InputError with a suggestion."""
    key = platform_key(name)
    for p in kb.platforms:
        if key == p.id or key in p.aliases:
            return p
    names = sorted({n for p in kb.platforms for n in (p.id, *p.aliases)})
    hint = did_you_mean(key, names)
    ids = ", ".join(sorted(p.id for p in kb.platforms))
    raise InputError(
        [
            Problem(
                t("command line"),
                t("{value} is not a platform{hint} (allowed: {allowed})", value=repr(name), hint=hint, allowed=ids),
                field=field,
            )
        ]
    )
