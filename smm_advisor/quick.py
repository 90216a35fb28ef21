"""The quick path: `recommend` answered without typer or pydantic.

Building the command line (typer builds a pydantic adapter for every option as it parses) and
the models costs more than all the work of an answer. So `cli.main` first offers the arguments
here. For the common case, profile flags and/or a profile file, the json, jsonl, table,
markdown or csv format, and the knowledge base's snapshot in the cache (snapshot.py), this
module parses them itself, normalises the profile with the very code the full path uses
(profiles.normalise), scores with the batch's scorer (fastpath.BatchScorer, which rests on the
rules and the scorer), renders JSON itself and the other formats with render.py's renderers
(from a view of the JSON document), and writes what the full path writes, byte for byte.

Anything else it declines, and the full path runs as if this module did not exist: options it
does not know (--help, --batch, --portfolio, --robustness, ...), a value it is not sure to read as
typer would, a profile that does not normalise cleanly or holds a value the model would coerce,
an unknown platform, no snapshot (the first run after an edit; that run writes one), stdin as
the knowledge base or the profile. It declines before it writes anything, so the full path gives
every error message. Tests compare the two paths on generated command lines and profile files
(tests/test_quick.py).
"""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from .errors import EXIT_GATE
from .i18n import t

if TYPE_CHECKING:
    from .models import Profile

VALUE, MULTI, ON, OFF = "value", "multi", "on", "off"

# The options of `recommend` this path reads: option -> (parameter name, kind). Each is checked
# against the typer command (tests/test_quick.py), so a renamed or changed option is noticed.
OPTIONS: dict[str, tuple[str, str]] = {
    "--market": ("market", VALUE),
    "--goal": ("goal", MULTI),
    "--age": ("age", VALUE),
    "--region": ("region", MULTI),
    "--content": ("content", MULTI),
    "--ads": ("ads", ON),
    "--no-ads": ("ads", OFF),
    "--require": ("require", MULTI),
    "--exclude": ("exclude", MULTI),
    "--top": ("top", VALUE),
    "--kb": ("kb", VALUE),
    "--format": ("output_format", VALUE),
    "--json": ("as_json", ON),
    "--color": ("color", VALUE),
    "--quiet": ("quiet", ON),
    "-q": ("quiet", ON),
    "--min-score": ("min_score", VALUE),
    "--fail-if-missing": ("fail_if_missing", MULTI),
    "--profile": ("profile_path", VALUE),
    "--explain": ("explain", ON),
    "--weight": ("weight", MULTI),
}
FORMATS = ("json", "jsonl", "table", "markdown", "csv")
PROFILE_FLAGS = ("market", "goal", "age", "region", "content", "ads", "require", "exclude")  # profiles.flag_fields
_WHOLE = re.compile(r"[1-9][0-9]{0,8}")
_SCORE = re.compile(r"(?:0|[1-9][0-9]{0,2})(?:\.[0-9]{1,6})?")
MAX_FACTOR = 10.0  # models.Profile.weights
_WEIGHT = re.compile(r"(?:0|[1-9][0-9]?)(?:\.[0-9]{1,6})?")
MIN_AGE, MAX_AGE = 13, 120  # models.Age


class Age(NamedTuple):
    """models.AgeRange as the rules read it."""

    min: int
    max: int

    def __str__(self) -> str:
        return f"{self.min}-{self.max}"


@dataclass(frozen=True)
class QuickProfile:
    """models.Profile as the rules read it, built from flags and a profile file that normalised cleanly."""

    market: str = "both"
    goals: tuple[str, ...] = ()
    age: Age | None = None
    regions: tuple[str, ...] = ("global",)
    content: tuple[str, ...] = ()
    ads: bool | None = None
    weights: dict[str, float] = field(default_factory=dict)
    require: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    def model_dump(self, mode: str = "json") -> dict[str, Any]:
        """The profile as pydantic dumps a Profile in JSON mode (fastpath writes it into the document)."""
        age = None if self.age is None else {"min": self.age.min, "max": self.age.max}
        return {
            "market": self.market,
            "goals": list(self.goals),
            "age": age,
            "regions": list(self.regions),
            "content": list(self.content),
            "ads": self.ads,
            "weights": dict(self.weights),
            "require": list(self.require),
            "exclude": list(self.exclude),
        }

    def model_dump_json(self) -> str:
        """The profile as pydantic writes a Profile (without weights: fastpath then asks model_dump)."""
        from .fastpath import encode_json

        return encode_json(self.model_dump())


class Declined(Exception):
    """This path does not answer these arguments; the full path does."""


def run(args: list[str]) -> int | None:
    """Answer `smm-advisor ARGS` and return the exit code, or None to leave it to the full path."""
    if not args or args[0] != "recommend" or any(k.startswith("_SMM_ADVISOR_COMPLETE") for k in os.environ):
        return None
    try:
        text, gates, quiet = answer(parse(args[1:]))
    except Exception:  # Declined, an InputError (the full path says it, in its words), or a surprise:
        return None  # nothing is written yet, so the full path answers (tests make sure it is rare)
    sys.stdout.write(text)
    sys.stdout.flush()
    if gates:
        if not quiet:
            sys.stderr.write("".join(f"smm-advisor: {t('gate.failed', what=g)}\n" for g in gates))
        return EXIT_GATE
    return 0


def parse(args: list[str]) -> dict[str, Any]:
    """The options as the recommend command would receive them; Declined for anything else."""
    given: dict[str, Any] = {}
    it = iter(args)
    for arg in it:
        name, eq, inline = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if name not in OPTIONS:
            raise Declined(arg)
        param, kind = OPTIONS[name]
        if kind in (ON, OFF):
            if eq:
                raise Declined(arg)
            given[param] = kind == ON
            continue
        value = inline if eq else next(it, None)
        if not value or value.startswith("-"):
            raise Declined(arg)
        if kind == MULTI:
            given.setdefault(param, []).append(value)
        else:
            given[param] = value
    return given


def answer(given: dict[str, Any]) -> tuple[str, list[str], bool]:
    """(what to write, the gates that failed, --quiet) for the parsed options; Declined or InputError."""
    from . import cache
    from .fastpath import BatchScorer
    from .knowledge import find_platform, resolve_path
    from .loading import read_bytes
    from .render import RENDERERS, choose_style, document_text
    from .scoring import failed_gates

    fmt = "json" if given.get("as_json") else given.get("output_format", "table").strip().lower()
    if fmt not in FORMATS:
        raise Declined("--format")
    explain = bool(given.get("explain"))
    looks = choose_style(fmt, given.get("color", "auto"), explain=explain)
    top = _whole(given.get("top"))
    min_score = _score(given.get("min_score"))
    profile = _profile(given)
    path = resolve_path(given.get("kb"))
    if path == "-":
        raise Declined("--kb -")
    raw = read_bytes(path)
    kb = cache.snapshot(path, raw)
    if kb is None:
        raise Declined("no snapshot")
    for name in profile.exclude:
        find_platform(kb, name, field="--exclude")
    missing = [find_platform(kb, n, field="--fail-if-missing").id for n in given.get("fail_if_missing", [])]
    # QuickProfile has every field of a Profile, and the scorer reads fields only (the tests compare).
    document = BatchScorer(kb, top, explain).document(cast("Profile", profile))
    if document is None:
        raise Declined("a rule raised")
    data = json.loads(document)
    machine = fmt in ("json", "jsonl")
    text = document_text(data, fmt) if machine else RENDERERS[fmt](view(data, profile), looks)
    ranked = [(r["platform"], r["score"]) for r in data["recommendations"]]
    return text, failed_gates(ranked, min_score, missing), bool(given.get("quiet"))


def view(document: dict[str, Any], profile: QuickProfile) -> Any:
    """The recommendation document as the renderers read a Recommendation: its fields, as Records.

    Contributions only with --explain; never a portfolio or robustness (this path declines those).
    """
    from datetime import date

    from .snapshot import record_class

    info = document["knowledge_base"]
    fields = {
        "schema_version": document["schema_version"],
        "profile": profile,
        "knowledge_base": record_class("KnowledgeBaseInfo")(
            {"version": info["version"], "as_of": date.fromisoformat(info["as_of"])}
        ),
        "recommendations": tuple(
            record_class("Ranked")({**r, "reasons": tuple(r["reasons"]), "contributions": _contributions(r)})
            for r in document["recommendations"]
        ),
        "excluded": tuple(record_class("Excluded")(e) for e in document["excluded"]),
        "portfolio": None,
        "robustness": None,
    }
    return record_class("Recommendation")(fields)


def _contributions(ranked: dict[str, Any]) -> tuple[Any, ...] | None:
    from .snapshot import record_class

    found = ranked.get("contributions")
    return None if found is None else tuple(record_class("Contribution")(c) for c in found)


def _profile_file(path: str | None) -> dict[str, Any]:
    """The profile file's mapping ({} without --profile); stdin is the full path's, for it can be read once."""
    if path is None:
        return {}
    if path == "-":
        raise Declined("--profile -")
    from .loading import load

    data = load(path).data
    if not isinstance(data, dict):
        raise Declined("--profile")
    return data


def _whole(value: str | None) -> int | None:
    if value is None:
        return None
    if not _WHOLE.fullmatch(value):
        raise Declined(value)
    return int(value)


def _score(value: str | None) -> float | None:
    if value is None:
        return None
    if not _SCORE.fullmatch(value) or float(value) > 100:
        raise Declined(value)
    return float(value)


def _profile(given: dict[str, Any]) -> QuickProfile:
    """The profile of the flags and the --profile file, normalised as profiles.from_document does.

    Declined on any problem, and on any value the model would still coerce in a way this path does
    not repeat (ads: "yes", an age mapping of strings, a weight of "1e1" or true): the full path
    handles those.
    """
    from .profiles import flag_fields, normalise, parse_weight_flags

    factors: dict[str, float] | None = None
    if "weight" in given:
        weights, bad = parse_weight_flags(given["weight"])
        if bad or not all(isinstance(v, str) and _WEIGHT.fullmatch(v) for v in weights.values()):
            raise Declined("--weight")
        factors = {rule: float(factor) for rule, factor in weights.items()}
    flags = flag_fields(**{name: given.get(name) for name in PROFILE_FLAGS}, weights=factors)
    data, issues = normalise({**_profile_file(given.get("profile_path")), **flags})
    if issues or type(data.get("ads")) not in (bool, type(None)):
        raise Declined("profile")
    weights = data.get("weights", {})
    if not all(type(v) in (int, float) and 0 <= v <= MAX_FACTOR for v in weights.values()):
        raise Declined("weights")
    age = None
    if "age" in data:
        span = data["age"]
        if not isinstance(span, dict) or sorted(span) != ["max", "min"]:
            raise Declined("age")
        lo, hi = span["min"], span["max"]
        if type(lo) is not int or type(hi) is not int or not MIN_AGE <= lo <= hi <= MAX_AGE:
            raise Declined("age")
        age = Age(lo, hi)
    return QuickProfile(
        market=data.get("market", "both"),
        goals=tuple(data.get("goals", ())),
        age=age,
        regions=tuple(data.get("regions", ("global",))),
        content=tuple(data.get("content", ())),
        ads=data.get("ads"),
        weights={rule: float(factor) for rule, factor in weights.items()},
        require=tuple(data.get("require", ())),
        exclude=tuple(data.get("exclude", ())),
    )
