"""The project configuration: defaults for recommend, compare and check, kept in the repository.

Found from the working directory upwards: the first directory with `.smm-advisor.yaml` or with a
`[tool.smm-advisor]` table in its `pyproject.toml` holds it (no merging across directories). Where
both stand in one directory, `.smm-advisor.yaml` wins and the table is ignored (`config show` says
so). The search stops at the filesystem root and at a repository's root (a directory holding
`.git`). Without a project configuration, `config.yaml` in the user's configuration directory
(platformdirs; $SMM_ADVISOR_CONFIG_DIR names another) is read if it exists.

    kb: data/our-platforms.yaml        # relative paths: from the configuration file's directory
    lang: en
    profile: {market: b2b, goals: [leads], regions: [DE, AT, CH]}   # or a profile file's path
    recommend: {format: table, top: 5, min_score: 60, fail_if_missing: [linkedin]}
    compare: {format: table}
    check: {format: table, platforms: [linkedin, x]}

The YAML is read by the one reader (knowledge/reader.py), TOML by tomllib with the positions of
its keys found in the text; the profile is checked by the one normaliser (advice/profiles.py).
Every problem is reported as `file:line:col: key: problem`, exit 2. Flags override all of it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, NamedTuple

from smm_advisor.errors import InputError, Problem
from smm_advisor.i18n import LANGUAGES, did_you_mean, t
from smm_advisor.knowledge.reader import Document, Path_

CONFIG_NAME = ".smm-advisor.yaml"
PYPROJECT = "pyproject.toml"
TABLE = ("tool", "smm-advisor")
USER_CONFIG = "config.yaml"
ENV_DIR = "SMM_ADVISOR_CONFIG_DIR"
APP_NAME = "smm-advisor"

TWO_FORMATS = ("table", "json")
# key -> what it takes (a kind, or the words allowed); a section's keys under it.
KEYS: dict[str, Any] = {
    "kb": "path",
    "lang": LANGUAGES,
    "profile": "profile",
    "recommend": {"format": "recommend-format", "top": "count", "min_score": "score", "fail_if_missing": "words"},
    "compare": {"format": TWO_FORMATS},
    "check": {"format": TWO_FORMATS, "platforms": "words"},
}


class Config(NamedTuple):
    """A configuration file's settings (`doc`, positions included), or none (`path` None)."""

    path: Path | None = None
    doc: Document | None = None
    ignored: Path | None = None  # a [tool.smm-advisor] table beside .smm-advisor.yaml, not read

    def get(self, *key: str) -> Any:
        """The value at `key` (e.g. "recommend", "format"), or None."""
        node = self.doc.data if self.doc is not None else None
        for part in key:
            if not isinstance(node, dict) or part not in node:
                return None
            node = node[part]
        return node

    def where(self, *key: str) -> str:
        """'FILE:LINE' of the value at `key` (FILE relative to the working directory)."""
        assert self.path is not None
        assert self.doc is not None
        line, _ = self.doc.position(key)
        return f"{shown(self.path)}:{line}" if line else shown(self.path)

    def path_value(self, *key: str) -> str | None:
        """A path the configuration names, relative to the configuration file's directory."""
        value = self.get(*key)
        if not isinstance(value, str):
            return None
        if value == "-" or self.path is None or os.path.isabs(value):
            return value
        return str(self.path.parent / value)

    def problem(self, key: tuple[str, ...], message: str) -> Problem:
        assert self.path is not None
        assert self.doc is not None
        line, column = self.doc.position(key)
        return Problem(shown(self.path), message, field=".".join(key), line=line, column=column)


def shown(path: Path) -> str:
    """A path as messages and `config show` name it: relative to the working directory (../pyproject.toml)."""
    try:
        return os.path.relpath(path)
    except (OSError, ValueError):  # another drive (Windows), or no working directory
        return str(path)


def find(start: Path | None = None) -> tuple[Path | None, Path | None]:
    """The configuration file that applies from `start` (default: the working directory), and one ignored beside it."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        own = folder / CONFIG_NAME
        table = folder / PYPROJECT
        has_table = table.is_file() and _mentions_table(table)
        if own.is_file():
            return own, table if has_table else None
        if has_table:
            return table, None
        if (folder / ".git").exists():
            break
    user = user_config_dir() / USER_CONFIG
    return (user, None) if user.is_file() else (None, None)


def user_config_dir() -> Path:
    """The user's configuration directory: $SMM_ADVISOR_CONFIG_DIR, else the platform's (platformdirs)."""
    explicit = os.environ.get(ENV_DIR, "").strip()
    if explicit:
        return Path(explicit)
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def _mentions_table(path: Path) -> bool:
    """Whether a pyproject.toml holds [tool.smm-advisor]: a cheap look, then TOML (broken TOML: yes, to say so)."""
    import tomllib

    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    if "smm-advisor" not in text:
        return False
    try:
        tool = tomllib.loads(text).get("tool")
    except tomllib.TOMLDecodeError:
        return True
    return isinstance(tool, dict) and "smm-advisor" in tool


def load(start: Path | None = None) -> Config:
    """The configuration that applies, read and checked; InputError (exit 2) lists every problem in it."""
    path, ignored = find(start)
    if path is None:
        return Config()
    doc = _read_toml(path) if path.name == PYPROJECT else _read_yaml(path)
    config = Config(path, doc, ignored)
    problems = sorted(_check(config), key=lambda p: (p.line or 0, p.column or 0))
    if problems:
        raise InputError(problems)
    return config


def _read_yaml(path: Path) -> Document:
    """The file's settings with their positions (a file of comments only has none)."""
    from smm_advisor.knowledge.reader import decode, parse_yaml, read_bytes

    name = shown(path)
    doc = parse_yaml(decode(read_bytes(name), name), name)
    if doc.data is None:
        doc.data = {}
    return doc


def _read_toml(path: Path) -> Document:
    """The [tool.smm-advisor] table of a pyproject.toml, with the positions of its keys."""
    import tomllib

    from smm_advisor.knowledge.reader import read_text

    name = shown(path)
    text = read_text(name)
    try:
        data: Any = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        at = re.search(r"\(at line (\d+), column (\d+)\)$", message)
        reason = message[: at.start()].strip() if at else message
        line, column = (int(at.group(1)), int(at.group(2))) if at else (None, None)
        problem = Problem(name, t("TOML syntax: {message}", message=reason), line=line, column=column)
        raise InputError([problem]) from None
    for part in TABLE:
        data = data.get(part) if isinstance(data, dict) else None
    return Document(name, data, text, _positions=_toml_positions(text, TABLE))


_HEADER = re.compile(r"^\s*\[\[?([^\]]+)\]\]?\s*(?:#.*)?$")
_BARE_OR_QUOTED = r"""(?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+)"""
_ASSIGN = re.compile(rf"^(\s*)({_BARE_OR_QUOTED}(?:\s*\.\s*{_BARE_OR_QUOTED})*)\s*=")
_KEY_PART = re.compile(r""""([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+)""")


def _key(text: str) -> tuple[str, ...]:
    return tuple(next(g for g in m.groups() if g is not None) for m in _KEY_PART.finditer(text))


def _toml_positions(text: str, prefix: tuple[str, ...]) -> dict[Path_, tuple[int, int]]:
    """Line and column of each table and key below `prefix`, as far as a line-by-line reading finds them.

    Keys inside inline tables and multi-line values are not found; they are located at their parent.
    """
    positions: dict[Path_, tuple[int, int]] = {}
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            table = _key(header.group(1))
            if table[: len(prefix)] == prefix:
                positions[table[len(prefix) :]] = (number, 1)
            continue
        assign = _ASSIGN.match(line)
        if assign:
            path = (*table, *_key(assign.group(2)))
            if path[: len(prefix)] == prefix:
                positions.setdefault(path[len(prefix) :], (number, len(assign.group(1)) + 1))
    return positions


def _check(config: Config) -> list[Problem]:
    """Every problem with the configuration's keys and values (the profile through the one normaliser).

    A key left empty (`recommend:` in YAML) counts as not given.
    """
    data = config.get()
    if not isinstance(data, dict):
        return [config.problem((), t("the top level must be a mapping of keys, not {kind}", kind=type(data).__name__))]
    problems = _keys(config, (), data, KEYS)
    for key, spec in KEYS.items():
        if data.get(key) is None:
            continue
        if isinstance(spec, dict):
            section = data[key]
            if not isinstance(section, dict):
                problems.append(config.problem((key,), t("expected a mapping, got {value}", value=repr(section))))
                continue
            problems += _keys(config, (key,), section, spec)
            problems += [
                p for name in spec if section.get(name) is not None for p in _value(config, (key, name), spec[name])
            ]
        else:
            problems += _value(config, (key,), spec)
    return problems


def _keys(config: Config, where: tuple[str, ...], data: dict[str, Any], spec: dict[str, Any]) -> list[Problem]:
    allowed = ", ".join(spec)
    return [
        config.problem(
            (*where, str(key)),
            t("unknown key{hint} (allowed: {allowed})", hint=did_you_mean(str(key), list(spec)), allowed=allowed),
        )
        for key in data
        if key not in spec
    ]


def _value(config: Config, key: tuple[str, ...], kind: Any) -> list[Problem]:
    value = config.get(*key)
    if kind == "profile":
        return _profile_problems(config, value)
    message: str | None = None
    if kind == "recommend-format":
        from smm_advisor.render.formats import recommend_formats

        kind = recommend_formats()
    if isinstance(kind, tuple):
        if not isinstance(value, str) or value.strip().lower() not in kind:
            hint = did_you_mean(str(value), kind)
            message = t("{value} is not allowed{hint} (allowed: {allowed})", value=repr(value), hint=hint,
                        allowed=", ".join(kind))  # fmt: skip
    elif kind == "path":
        if not isinstance(value, str) or not value.strip():
            message = t("expected a path, got {value}", value=repr(value))
    elif kind == "count":
        if type(value) is not int or value < 1:
            message = t("{message} (got {value})", message=t("must be a whole number of at least 1"), value=repr(value))
    elif kind == "score":
        if type(value) not in (int, float) or not 0 <= value <= 100:
            message = t("{message} (got {value})", message=t("must be a number from 0 to 100"), value=repr(value))
    elif kind == "words" and not (
        isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value))
    ):
        message = t("expected a word or a list of words, got {value}", value=repr(value))
    return [] if message is None else [config.problem(key, message)]


def _profile_problems(config: Config, value: Any) -> list[Problem]:
    """A profile's path, or its fields checked by the profile normaliser, located in the configuration."""
    if isinstance(value, str):
        return [] if value.strip() else [config.problem(("profile",), t("expected a path, got {value}", value=""))]
    if not isinstance(value, dict):
        message = t("expected the profile's fields or a profile file's path, got {value}", value=repr(value))
        return [config.problem(("profile",), message)]
    from smm_advisor.advice.profiles import from_document

    # `exclude` names platforms: they are resolved once the knowledge base is loaded (options.project_profile)
    doc = profile_document(config)
    excluded = value.get("exclude")
    found = [] if excluded is None else _value(config, ("profile", "exclude"), "words")
    rest = Document(doc.name, {k: v for k, v in value.items() if k != "exclude"}, doc.text, _positions=doc._positions)
    try:
        from_document(rest)
    except InputError as exc:
        found += [Problem(p.file, p.message, f"profile.{p.field}" if p.field else "profile", p.line, p.column)
                  for p in exc.problems]  # fmt: skip
    return found


def profile_document(config: Config) -> Document:
    """The configuration's `profile` mapping as a document of its own, its positions kept."""
    assert config.doc is not None
    assert config.path is not None
    data = config.get("profile")
    located = {path[1:]: place for path, place in _all_positions(config.doc).items() if path[:1] == ("profile",)}
    return Document(config.doc.name, data, config.doc.text, _positions=located)


def _all_positions(doc: Document) -> dict[Path_, tuple[int, int]]:
    doc.position(())  # positions are found on first use
    return doc._positions or {}
