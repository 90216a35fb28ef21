"""What a command starts from: each setting's value and where it comes from.

Precedence, highest first: a flag; the environment ($SMM_ADVISOR_KB, $SMM_ADVISOR_LANG); the
project configuration (cli/project.py); for the language of people's output, the locale; the
default. Profile fields: flags, then the profile file (--profile, or the configuration's
`profile` path), then the configuration's `profile` fields, then the defaults. Machine output
(JSON, JSON Lines, CSV) takes its language from --lang or the configuration only: the
environment and the locale belong to a machine, the configuration to the project.
`smm-advisor config show` prints what this module resolves, with the sources.
"""

from __future__ import annotations

import os
from typing import Any, NamedTuple

from smm_advisor.cli.project import Config
from smm_advisor.i18n import LANGUAGES, SOURCE_LANGUAGE, language_source

FLAG = "flag"
DEFAULT = "default"


class Setting(NamedTuple):
    """A setting's value and its source: 'flag', 'default', 'env NAME' or 'FILE:LINE'."""

    value: Any
    source: str

    @property
    def given(self) -> bool:
        """Set by a flag or a file, not left at its default."""
        return self.source != DEFAULT


def pick(flag: Any, config: Config, key: tuple[str, ...], default: Any, env: str | None = None) -> Setting:
    """The flag's value if given (a repeatable one once at least), else the env's, the configuration's, the default."""
    if flag is not None and flag not in ([], ()):
        return Setting(list(flag) if isinstance(flag, tuple) else flag, FLAG)
    if env and os.environ.get(env):
        return Setting(os.environ[env], f"env {env}")
    value = config.get(*key)
    if value is not None:
        return Setting(value, config.where(*key))
    return Setting(default, DEFAULT)


def knowledge_base(flag: str | None, config: Config) -> Setting:
    """--kb, $SMM_ADVISOR_KB, the configuration's kb (relative to its file), the bundled one (value None)."""
    from smm_advisor.knowledge.store import ENV_KB

    found = pick(flag, config, ("kb",), None, env=ENV_KB)
    if found.source not in (FLAG, DEFAULT) and not found.source.startswith("env "):
        return Setting(config.path_value("kb"), found.source)
    return found


def people_language(flag: str | None, config: Config) -> Setting:
    """The language of tables, reports and messages: --lang, $SMM_ADVISOR_LANG, the configuration, the locale."""
    if flag is not None:
        return Setting(flag, FLAG)
    env = language_source(locale=False)
    if env[1] != DEFAULT:
        return Setting(*env)
    configured = config.get("lang")
    if configured is not None:
        return Setting(str(configured).strip().lower(), config.where("lang"))
    return Setting(*language_source())


def machine_language(flag: str | None, config: Config) -> Setting:
    """The language of JSON, JSON Lines and CSV: --lang, else the configuration's lang, else English."""
    if flag is not None:
        return Setting(flag, FLAG)
    configured = config.get("lang")
    if configured is not None and str(configured).strip().lower() in LANGUAGES:
        return Setting(str(configured).strip().lower(), config.where("lang"))
    return Setting(SOURCE_LANGUAGE, DEFAULT)


def output_format(command: str, flag: str | None, as_json: bool, config: Config, batch: bool = False) -> Setting:
    """--json, --format, JSON Lines for --batch (over a configured format), the configuration's format, table."""
    if as_json:
        return Setting("json", FLAG)
    if flag is not None:
        return Setting(flag.strip().lower(), FLAG)
    if batch:
        return Setting("jsonl", DEFAULT)
    found = pick(None, config, (command, "format"), "table")
    return Setting(str(found.value).strip().lower(), found.source)


def label(flag: str, setting: Setting, key: str | None = None) -> str:
    """How a message names a setting: '--format csv' for a flag, 'recommend.format csv (FILE:LINE)' else."""
    value = setting.value
    shown = "" if value is True else f" {', '.join(value) if isinstance(value, list) else value}"
    if setting.source == FLAG or key is None:
        return f"{flag}{shown}"
    return f"{key}{shown} ({setting.source})"
