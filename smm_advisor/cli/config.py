"""`smm-advisor config show [COMMAND [OPTIONS]]`: the settings a command starts from, and where each comes from."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from smm_advisor.cli import settings
from smm_advisor.cli.app import _state, app, write
from smm_advisor.errors import InputError, Problem
from smm_advisor.i18n import t

config_app = typer.Typer(
    help="Show the project configuration (pyproject.toml's [tool.smm-advisor] or .smm-advisor.yaml)."
)
app.add_typer(config_app, name="config")

COMMANDS = ("recommend", "compare", "check")
SHOW_HELP = (
    "A command (recommend, compare or check), and its options as you would give them: the settings of that "
    "command line. Without one: the settings of all three."
)


@config_app.command(
    "show",
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True, "help_option_names": ["-h", "--help"]},
)
def show(
    ctx: typer.Context,
    command: Annotated[str | None, typer.Argument(metavar="[COMMAND [OPTIONS]]", help=SHOW_HELP)] = None,
) -> None:
    """Print every setting recommend, compare and check start from, as KEY = VALUE, and where it comes from.

    A source is `flag`, FILE:LINE (the project configuration or a profile file), `env NAME` or `default`.
    Precedence: flags, the environment, the profile file, the project configuration, the defaults.
    """
    from smm_advisor.cli.options import project_config
    from smm_advisor.cli.project import shown

    config = project_config()
    if command is not None and command not in COMMANDS:
        message = t("{value} is not a command with settings (allowed: {allowed})", value=repr(command),
                    allowed=", ".join(COMMANDS))  # fmt: skip
        raise InputError([Problem(t("command line"), message, field="COMMAND")])
    params = _parse(command, ctx.args) if command is not None else {}
    lines: list[str] = []
    if config.path is None:
        lines.append("# " + t("no project configuration found (pyproject.toml [tool.smm-advisor], .smm-advisor.yaml)"))
    else:
        lines.append("# " + t("configuration: {path}", path=shown(config.path)))
    if config.ignored is not None:
        lines.append("# " + t("ignored: {path} (.smm-advisor.yaml beside it wins)", path=shown(config.ignored)))
    rows = _shared(params, config)
    if command != "check":
        rows += _profile_rows(command, params, config)
    for name in COMMANDS if command is None else (command,):
        rows += _command_rows(name, params, config)
    width = max(len(f"{key} = {json.dumps(value, ensure_ascii=False)}") for key, value, _ in rows)
    for key, value, source in rows:
        lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}".ljust(width) + f"  # {source}")
    write("\n".join(lines) + "\n")


def _parse(command: str, args: list[str]) -> dict[str, Any]:
    """The options of `command` as its own parser reads them (errors as for the command itself)."""
    from smm_advisor.cli.entry import register_commands

    group: Any = typer.main.get_command(register_commands())
    with group.commands[command].make_context(command, list(args)) as ctx:
        return dict(ctx.params)


Row = tuple[str, Any, str]


def _shared(params: dict[str, Any], config: Any) -> list[Row]:
    from pathlib import Path

    from smm_advisor.cli.project import shown

    kb = settings.knowledge_base(params.get("kb"), config)
    if kb.value is not None and kb.value != "-":
        kb = settings.Setting(shown(Path(kb.value)), kb.source)
    people = settings.people_language(_state.get("lang"), config)
    machines = settings.machine_language(_state.get("lang"), config)
    return [
        ("kb", kb.value, kb.source if kb.value is not None else t("default: the bundled knowledge base")),
        ("lang", people.value, people.source + ": " + t("tables, reports, messages")),
        ("lang", machines.value, machines.source + ": " + t("JSON, JSON Lines, CSV")),
    ]


def _profile_rows(command: str | None, params: dict[str, Any], config: Any) -> list[Row]:
    """The profile fields as recommend and compare take them (a batch's profiles are its lines)."""
    from smm_advisor.advice.profiles import flag_fields
    from smm_advisor.cli.options import profile_sources, project_profile
    from smm_advisor.knowledge.store import load_knowledge_base, platform_names

    if params.get("batch") is not None:
        return []
    names = ("market", "goal", "age", "region", "content", "ads", "weight", "require", "exclude")
    overrides = flag_fields(*(params.get(name) for name in names))
    path = params.get("profile_path")
    knowledge = load_knowledge_base(settings.knowledge_base(params.get("kb"), config).value)
    profile = project_profile(path, overrides, config, platform_names(knowledge))
    sources = profile_sources(path, overrides, config)
    return [(f"profile.{key}", value, sources[key]) for key, value in profile.payload().items()]


def _command_rows(command: str, params: dict[str, Any], config: Any) -> list[Row]:
    batch = params.get("batch") is not None
    fmt = settings.output_format(command, params.get("output_format"), bool(params.get("as_json")), config, batch)
    rows: list[Row] = [(f"{command}.format", fmt.value, fmt.source)]
    if command == "check":
        platforms = settings.pick(params.get("platform"), config, ("check", "platforms"), [])
        rows.append(("check.platforms", platforms.value, platforms.source))
    if command == "recommend":
        for key in ("top", "min_score", "fail_if_missing"):
            found = settings.pick(params.get(key), config, ("recommend", key), None)
            rows.append((f"recommend.{key}", found.value, found.source))
    return rows
