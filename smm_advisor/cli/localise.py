"""typer's own words in the reader's language: help texts, headings and its usage errors.

The commands declare their help in English (the msgids of the catalog); `localise(command)`
swaps each for its translation before typer prints it, and routes the words typer writes through
gettext ("Options", "default: ...") and its usage line through our catalog. typer writes its usage
errors ("No such option: --x") as plain English; `usage_error(message)` recognises their
templates (USAGE_ERRORS) and says them again from the catalog, so that they are translated like
every other message. typer is pinned to the release these templates were read from
(pyproject.toml); tests/test_i18n.py triggers each and fails if one is no longer recognised.
"""

from __future__ import annotations

import re
from typing import Any

from smm_advisor.i18n import N_, SOURCE_LANGUAGE, catalog, language, t

# What typer writes through gettext (typer/core.py), and its usage line and --help option.
TYPER_WORDS = (
    N_("Options"),
    N_("Arguments"),
    N_("Commands"),
    N_("default: {default}"),
    N_("required"),
    N_("env var: {var}"),
    N_("(dynamic)"),
    N_("Missing command."),
    N_("No such command {name!r}."),
    N_("Aborted!"),
    N_("Usage: "),
    N_("Show this message and exit."),
)

# typer's usage errors, as it writes them in English: (pattern, our message with the same words).
USAGE_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.DOTALL), message)
    for pattern, message in (
        (
            r"No such option: (?P<name>\S+) \(Possible options: (?P<options>.+)\)",
            N_("No such option: {name} (Possible options: {options})"),
        ),
        (
            r"No such option: (?P<name>\S+)",
            N_("No such option: {name}"),
        ),
        (
            r"Invalid value for (?P<param>.+?): (?P<message>.*)",
            N_("Invalid value for {param}: {message}"),
        ),
        (
            r"Invalid value: (?P<message>.*)",
            N_("Invalid value: {message}"),
        ),
        (
            r"Missing option (?P<param>.+?)\.",
            N_("Missing option {param}."),
        ),
        (
            r"Missing argument (?P<param>.+?)\.",
            N_("Missing argument {param}."),
        ),
        (
            r"Missing parameter (?P<param>.+?)\.",
            N_("Missing parameter {param}."),
        ),
        (
            r"Got unexpected extra argument\(s\) \((?P<args>.*)\)",
            N_("Got unexpected extra argument(s) ({args})"),
        ),
        (
            r"Option (?P<option>'.+') requires an argument\.",
            N_("Option {option} requires an argument."),
        ),
        (
            r"Option (?P<option>'.+') requires (?P<n>\d+) arguments\.",
            N_("Option {option} requires {n} arguments."),
        ),
        (
            r"Option (?P<option>'.+') does not take a value\.",
            N_("Option {option} does not take a value."),
        ),
        (
            r"(?P<value>'.*') is not a valid (?:integer|int range)\.",
            N_("{value} is not a valid integer."),
        ),
        (
            r"(?P<value>'.*') is not a valid (?:float|float range)\.",
            N_("{value} is not a valid float."),
        ),
        (
            r"(?P<value>.+) is not in the range (?P<range>.+)\.",
            N_("{value} is not in the range {range}."),
        ),
        (
            r"(?P<value>'.*') is not one of (?P<choices>.+)\.",
            N_("{value} is not one of {choices}."),
        ),
    )
)


def usage_error(message: str) -> str:
    """typer's English usage error said from the catalog (the same words in English); else as it is."""
    for pattern, template in USAGE_ERRORS:
        found = pattern.fullmatch(message)
        if found is not None:
            params = found.groupdict()
            if "message" in params:  # the inner message may be one of typer's own too
                params["message"] = usage_error(params["message"])
            return t(template, **params)
    return message


def help_texts(command: Any) -> list[tuple[Any, str]]:
    """(object, attribute) for every help text of a click command tree: commands, groups, parameters."""
    found: list[tuple[Any, str]] = [(command, a) for a in ("help", "epilog", "short_help") if getattr(command, a, None)]
    found += [(p, "help") for p in command.params if getattr(p, "help", None)]
    for sub in getattr(command, "commands", {}).values():
        found += help_texts(sub)
    return found


def localise(command: Any) -> None:
    """Translate the command tree's help, and have typer say its own words, in the current language."""
    _route_typer_words()
    if language() == SOURCE_LANGUAGE:
        return
    words = catalog()
    for owner, attribute in help_texts(command):
        setattr(owner, attribute, words.gettext(getattr(owner, attribute)))


def _say(message: str) -> str:
    """typer's gettext: the message in the language current when typer says it."""
    return catalog().gettext(message)


_routed: list[bool] = []


def _route_typer_words() -> None:
    """Once per process: typer's gettext, its usage line and its --help option's help go through _say."""
    if _routed:
        return
    _routed.append(True)
    import typer.core
    from typer._click import formatting

    typer.core._ = _say  # type: ignore[attr-defined]  # typer looks its gettext up at each call
    usage = formatting.HelpFormatter.write_usage

    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        usage(self, prog, args, _say("Usage: ") if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = write_usage  # type: ignore[method-assign]
    get_help_option = typer.core.TyperCommand.get_help_option

    def translated_help_option(self: Any, ctx: Any) -> Any:
        option = get_help_option(self, ctx)
        if option is not None and option.help:
            option.help = _say("Show this message and exit.")
        return option

    for kind in (typer.core.TyperCommand, typer.core.TyperGroup):
        kind.get_help_option = translated_help_option  # type: ignore[method-assign]
