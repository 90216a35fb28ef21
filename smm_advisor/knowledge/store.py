"""Find, read and validate a knowledge base: the bundled one or a file the user names."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, cast

from smm_advisor.errors import InputError, Problem
from smm_advisor.i18n import did_you_mean, t
from smm_advisor.knowledge.reader import parse_file, read_bytes, unsafe_strings
from smm_advisor.vocabulary import platform_key

if TYPE_CHECKING:
    from smm_advisor.knowledge.models import KnowledgeBase, Platform

# pydantic is imported when a knowledge base is validated, not before: a cache hit and the
# bundled knowledge base's prebuilt snapshot (bundled.py) work without it.

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
    data = _prevalidated(resolved, raw) or snapshot.dumps(validated(raw, resolved))
    if resolved != "-":
        cache.store(resolved, raw, data)
    return cast("KnowledgeBase", snapshot.loads(data))


def _prevalidated(path: str, raw: bytes) -> bytes | None:
    """The snapshot the package was built with, if `path` is the bundled knowledge base, unchanged (bundled.py)."""
    if path == "-":
        return None
    from smm_advisor.knowledge import bundled

    try:
        if os.path.realpath(path) != str(bundled_path()):
            return None
    except (InputError, OSError, ValueError):
        return None
    return bundled.snapshot_data(raw)


def validated(raw: bytes, name: str) -> KnowledgeBase:
    """The knowledge base in `raw` validated by its models, or InputError listing every problem."""
    from smm_advisor.knowledge.models import KnowledgeBase
    from smm_advisor.knowledge.validation import validate

    doc = parse_file(raw, name)
    unsafe = unsafe_strings(doc)  # an ESC or BEL in a name would reach every terminal that shows it
    if unsafe:
        raise InputError(unsafe)
    return validate(KnowledgeBase, doc)


class PlatformNames:
    """The one normaliser of platform ids: every id and alias of a knowledge base, case-insensitive.

    Every place a platform is named (--exclude, --fail-if-missing, compare's A and B, check
    --platform, platforms show, `exclude` in profile files and batch lines) resolves it here:
    'Twitter' is x, 'Google+' is google-plus; an unknown name gets a did-you-mean message.
    """

    def __init__(self, kb: KnowledgeBase) -> None:
        self.ids = tuple(sorted(p.id for p in kb.platforms))
        self.by_key = {name: p.id for p in kb.platforms for name in (*p.aliases, p.id)}
        self._platforms = {p.id: p for p in kb.platforms}

    def resolve(self, name: str) -> str | None:
        """The id `name` stands for, or None."""
        return self.by_key.get(platform_key(name))

    def platform(self, platform_id: str) -> Platform:
        return self._platforms[platform_id]

    def unknown(self, name: str) -> str:
        """The message for a name that is no platform: a suggestion and the ids."""
        hint = did_you_mean(platform_key(name), sorted(self.by_key))
        return t(
            "{value} is not a platform{hint} (allowed: {allowed})",
            value=repr(name),
            hint=hint,
            allowed=", ".join(self.ids),
        )


_NAMES: list[tuple[KnowledgeBase, PlatformNames]] = []  # the last knowledge base's names (one per run)


def platform_names(kb: KnowledgeBase) -> PlatformNames:
    """The platform-name normaliser of a knowledge base (made once per knowledge base object)."""
    if _NAMES and _NAMES[0][0] is kb:
        return _NAMES[0][1]
    names = PlatformNames(kb)
    _NAMES[:] = [(kb, names)]
    return names


def find_platform(kb: KnowledgeBase, name: str, field: str = "--platform") -> Platform:
    """Resolve an id or alias (case-insensitive), or raise InputError with a suggestion."""
    names = platform_names(kb)
    found = names.resolve(name)
    if found is None:
        raise InputError([Problem(t("command line"), names.unknown(name), field=field)])
    return names.platform(found)
