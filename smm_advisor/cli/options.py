"""The profile options recommend and compare share, and building the profile from them and a file."""

from __future__ import annotations

import math
from typing import Annotated, Any

import typer

from smm_advisor.cli import completion as complete
from smm_advisor.cli.project import Config
from smm_advisor.cli.settings import DEFAULT, FLAG, Setting
from smm_advisor.errors import InputError, Problem
from smm_advisor.i18n import t

MARKET_HELP = "b2b, b2c or both (default: both)."
GOAL_HELP = (
    "Repeatable: awareness, image, leads, sales, traffic, support, loyalty, feedback, exchange, "
    "community, recruiting (German goal names such as Bekanntheit or Anfragen work too)."
)
REGION_HELP = "Repeatable: ISO 3166-1 alpha-2 country (DE, US, CN, ...) or dach, eu, apac, greater-china, global."
CONTENT_HELP = "Repeatable: text, image, short-video, long-video, live, stories, chat."
FORMAT_HELP = "table (for people), json, jsonl (one line), markdown, csv or html (a report to share)."
PROFILE_HELP = "A profile file (YAML or JSON; '-' for stdin). Flags override its fields."
BATCH_HELP = "JSON Lines of profiles ('-' for stdin): one JSON result line per input line, in order."
MAX_JOBS = 32  # worker processes a batch may start (--jobs): each holds its own copy of the scorer
HOURS_A_WEEK = 168.0
JOBS_HELP = "Worker processes for --batch (0: one per CPU, at most 8; at most 32). The output is the same for any N."
WEIGHT_HELP = "Repeatable RULE=FACTOR: multiply a rule's weight (0 switches it off), e.g. audience=2."
REQUIRE_HELP = "Repeatable hard requirement: ads, b2b, b2c or a content format the network must support well."
QUIET_HELP = "Print nothing but errors and machine output: no table, no progress, no gate notes (the exit code says)."
FLAG_NAMES = {
    "market": "--market",
    "goals": "--goal",
    "age": "--age",
    "regions": "--region",
    "content": "--content",
    "weights": "--weight",
    "require": "--require",
    "exclude": "--exclude",
}

Market = Annotated[
    str | None, typer.Option("--market", metavar="b2b|b2c|both", help=MARKET_HELP, autocompletion=complete.markets)
]
Goals = Annotated[
    list[str] | None, typer.Option("--goal", metavar="GOAL", help=GOAL_HELP, autocompletion=complete.goals)
]
Age = Annotated[str | None, typer.Option("--age", metavar="MIN-MAX", help="Audience age range, e.g. 25-54.")]
Regions = Annotated[
    list[str] | None, typer.Option("--region", metavar="CODE", help=REGION_HELP, autocompletion=complete.regions)
]
Content = Annotated[
    list[str] | None, typer.Option("--content", metavar="FORMAT", help=CONTENT_HELP, autocompletion=complete.content)
]
Ads = Annotated[bool | None, typer.Option("--ads/--no-ads", help="A paid-advertising budget or not.")]
Weights = Annotated[
    list[str] | None, typer.Option("--weight", metavar="RULE=FACTOR", help=WEIGHT_HELP, autocompletion=complete.weights)
]
Require = Annotated[
    list[str] | None, typer.Option("--require", metavar="WHAT", help=REQUIRE_HELP, autocompletion=complete.requirements)
]
Exclude = Annotated[
    list[str] | None,
    typer.Option(
        "--exclude", metavar="PLATFORM", help="Repeatable: never recommend it.", autocompletion=complete.platforms
    ),
]
KbPath = Annotated[
    str | None, typer.Option("--kb", metavar="PATH", help="Use another knowledge base (env: SMM_ADVISOR_KB).")
]
ProfilePath = Annotated[str | None, typer.Option("--profile", metavar="PATH", help=PROFILE_HELP)]
Color = Annotated[
    str, typer.Option("--color", metavar="WHEN", help="auto, always or never.", autocompletion=complete.colors)
]
NoPager = Annotated[
    bool,
    typer.Option(
        "--no-pager",
        help="Never page; else a table taller than the terminal goes through $SMM_ADVISOR_PAGER or $PAGER (less).",
    ),
]


MAX_COUNT = 10_000  # --top and --portfolio: more than any knowledge base holds, small enough for any output
SEED_RANGE = (-(2**63), 2**63 - 1)


def finite(value: float | None) -> float | None:
    """A number flag's value: NaN and infinity are refused (no output may carry them); -0 is 0."""
    if value is None:
        return None
    if not math.isfinite(value):
        raise typer.BadParameter(t("{value} is not a finite number", value=repr(value)))
    return value + 0.0


def profile_from(
    path: str | None, overrides: dict[str, Any], platforms: Any, defaults: dict[str, Any] | None = None
) -> Any:
    """The profile of the flags (`overrides`), the profile file at `path` and `defaults` (the project's fields).

    `platforms` (store.PlatformNames) resolves platform ids.
    """
    from smm_advisor.advice.profiles import from_document, from_flags
    from smm_advisor.knowledge.reader import load

    if path is None:
        return from_flags({**(defaults or {}), **overrides}, FLAG_NAMES, platforms)
    # Flags are checked on their own first, so that their errors name the flag, not the file.
    from_flags(overrides, FLAG_NAMES, platforms)
    return from_document(load(path), overrides, defaults, platforms)


def project_profile(path: str | None, overrides: dict[str, Any], config: Config, platforms: Any) -> Any:
    """The profile of the flags, the profile file (--profile, else the configuration's) and the configuration."""
    profile = config.get("profile")
    if path is None and isinstance(profile, str):
        path = config.path_value("profile")
    defaults = profile if isinstance(profile, dict) else None
    if defaults is not None and "exclude" in defaults:  # checked against the knowledge base here, located there
        excluded = defaults["exclude"]
        for word in [excluded] if isinstance(excluded, str) else excluded:
            if platforms.resolve(word) is None:
                raise InputError([config.problem(("profile", "exclude"), platforms.unknown(word))])
    return profile_from(path, overrides, platforms, defaults)


def profile_sources(path: str | None, overrides: dict[str, Any], config: Config) -> dict[str, str]:
    """Where each profile field of project_profile comes from: 'flag', 'FILE:LINE' or 'default'."""
    from pathlib import Path

    from smm_advisor.advice.profiles import PROFILE_KEYS
    from smm_advisor.cli.project import shown
    from smm_advisor.knowledge.reader import load

    configured = config.get("profile")
    if path is None and isinstance(configured, str):
        path = config.path_value("profile")
    doc = load(path) if path is not None and path != "-" else None
    sources: dict[str, str] = {}
    for key in PROFILE_KEYS:
        if key in overrides:
            sources[key] = FLAG
        elif doc is not None and isinstance(doc.data, dict) and key in doc.data:
            sources[key] = f"{shown(Path(doc.name))}:{doc.position((key,))[0]}"
        elif isinstance(configured, dict) and key in configured:
            sources[key] = config.where("profile", key)
        else:
            sources[key] = DEFAULT
    return sources


def project_config() -> Config:
    """The project configuration (exit 2 if it is bad); its language for people, unless --lang or the env say one."""
    from smm_advisor.cli.app import _state
    from smm_advisor.cli.project import load
    from smm_advisor.cli.settings import people_language
    from smm_advisor.i18n import set_language

    config = load()
    set_language(people_language(_state.get("lang"), config).value)
    return config


def platform_ids(kb: Any, names: Setting, flag: str, key: str) -> list[str]:
    """The ids of the platforms a flag or the configuration names; an unknown one is located where it was given."""
    from smm_advisor.knowledge.store import find_platform

    words = [names.value] if isinstance(names.value, str) else list(names.value or [])
    try:
        return [find_platform(kb, word, field=flag).id for word in words]
    except InputError as exc:
        raise (exc if names.source == FLAG else relocated(exc, names, key)) from None


Conflict = tuple[str, str, str]  # (one option, the other, why they cannot be honoured together)


def refuse(conflicts: list[Conflict]) -> None:
    """Exit 2 naming both options of every combination that cannot be honoured (none is dropped silently)."""
    if conflicts:
        raise InputError(
            [
                Problem(t("command line"), t("{a} and {b} exclude each other: {why}", a=a, b=b, why=t(why)))
                for a, b, why in conflicts
            ]
        )


def requires(option: str, needed: str) -> Problem:
    return Problem(t("command line"), t("{a} works only with {b}", a=option, b=needed))


def relocated(exc: InputError, setting: Setting, key: str) -> InputError:
    """The problems of a value the configuration gave, placed at its line there instead of on the command line."""
    file, _, line = setting.source.rpartition(":")
    return InputError([Problem(file, p.message, key, int(line) if line.isdigit() else None) for p in exc.problems])


def one_reader_per_stream(sources: dict[str, str | None]) -> None:
    """Refuse two options that read one stream (stdin, a FIFO, <(...)): a stream can be read only once."""
    from smm_advisor.knowledge.reader import stream_identity

    seen: dict[tuple[int, int], str] = {}
    for option, path in sources.items():
        key = stream_identity(path) if path else None
        if key is None:
            continue
        if key in seen:
            shown = "<stdin>" if path == "-" else path
            message = t(
                "{a} and {b} both read {name}, a stream that can be read only once",
                a=seen[key],
                b=option,
                name=shown,
            )
            raise InputError([Problem(t("command line"), message, field=option)])
        seen[key] = option
