"""The stable codes the machine formats carry beside each display text, and the parameters of each.

Every reason, exclusion, portfolio note and post finding in a JSON document is a message,
`{"code": ..., "params": {...}, "text": ...}`: the code and its parameters say what was found in
words of no language (ids, numbers, ISO dates); the text is written from them, through the
catalog, in the document's language (`lang`). A program matches on the code and reads the
parameters; a person reads the text.

The code is made where the finding is made (advice/rules.py, advice/scoring.py, advice/portfolio.py,
posts/checking.py), never read back from a text. Codes are only ever added within a major schema
version. The schemas enumerate them (render/schemas.py); docs/json.md lists them with examples.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from smm_advisor.vocabulary import CONTENT_FORMATS, GOALS

# JSON Schema fragments for the parameters' values.
_ID: dict[str, Any] = {"type": "string"}
_LEVEL: dict[str, Any] = {"type": "integer", "minimum": 0, "maximum": 3}
_PERCENT: dict[str, Any] = {"type": "number", "minimum": 0, "maximum": 100}
_SCORE: dict[str, Any] = {"type": "number", "minimum": 0, "maximum": 100}
_DATE: dict[str, Any] = {"type": "string", "format": "date"}
_COUNT: dict[str, Any] = {"type": "integer", "minimum": 0}
_GOAL: dict[str, Any] = {"enum": list(GOALS)}
_FORMAT: dict[str, Any] = {"enum": list(CONTENT_FORMATS)}
_SIDE: dict[str, Any] = {"enum": ["b2b", "b2c"]}


def _list(item: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": item}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


_PLACE: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["place", "basis", "survey", "scale", "level", "restriction"],
    "properties": {
        "place": {"type": "string", "description": "an ISO 3166-1 alpha-2 country code, or global"},
        "basis": {
            "enum": ["survey", "total", "level", "blocked"],
            "description": "survey bands by age, a survey's total times the age profile, a reach level, or blocked",
        },
        "survey": {**_nullable(_ID), "description": "the key of the survey the figure comes from"},
        "scale": {**_nullable(_ID), "description": "the survey whose scale the figure was put on (bridging)"},
        "level": {**_nullable(_LEVEL), "description": "the reach level used (basis level)"},
        "restriction": {**_nullable(_ID), "description": "a partial restriction that halves the share"},
    },
}
_AGES: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["min", "max"],
    "properties": {"min": {"type": "integer"}, "max": {"type": "integer"}},
}
_OTHER_GOAL: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["goal", "level"],
    "properties": {"goal": _GOAL, "level": _LEVEL},
}


class Reason(NamedTuple):
    """What a rule, an exclusion, the portfolio or the post checker found: a code, its parameters, the text of them.

    The code and the parameters (ids, numbers, ISO dates) are the same in every language; the text
    is written from them in the language of the answer. Reasons are remembered and shared between
    answers: never change `params`. (A named tuple: a batch makes a few per profile.)
    """

    code: str
    params: dict[str, Any]
    text: str

    def __str__(self) -> str:
        return self.text


class Code(NamedTuple):
    """What a code means (English, for the docs and the schema) and its parameters (every one is always present)."""

    meaning: str
    params: dict[str, dict[str, Any]]


CODES: dict[str, Code] = {
    # ----------------------------------------------------------------------------- rules' reasons
    "audience.share": Code(
        "the share of the target group (or the population) that uses the network, per asked place",
        {
            "share": {**_PERCENT, "description": "% of the target group that uses it, to the tenth"},
            "ages": {**_nullable(_AGES), "description": "the target ages; null: the whole population"},
            "places": {
                **_list(_PLACE),
                "description": "the first three asked places (alphabetical) and what each figure rests on",
            },
            "more_places": {**_COUNT, "description": "how many more places the share is the mean over"},
            "age_profile": {
                **_nullable(_ID),
                "description": "the country whose age profile filled or shaped some of the asked ages",
            },
            "affinity": {
                **_nullable({"type": "number", "minimum": 0}),
                "description": "its share of the target ages / its share of all ages, where 15% or more off 1",
            },
        },
    ),
    "goal_fit.level": Code(
        "the network's strength for the asked goals: a strength leads with the best goal, a shortfall with the weakest",
        {
            "goal": {**_GOAL, "description": "the goal the text leads with: the best for a +, the weakest for a -"},
            "level": _LEVEL,
            "market": {**_nullable(_SIDE), "description": "the market whose own record was read; null: the general"},
            "other": {
                **_nullable(_OTHER_GOAL),
                "description": "the weakest goal after the best (or the best after the weakest), where they differ",
            },
            "unknown": {**_list(_GOAL), "description": "asked goals the knowledge base has no data on"},
        },
    ),
    "goal_fit.unknown": Code("no data on any asked goal", {"goals": _list(_GOAL)}),
    "market_fit.level": Code(
        "the network's strength in the market (the stronger one for both)",
        {
            "market": _SIDE,
            "level": _LEVEL,
        },
    ),
    "market_fit.unknown": Code("the network's strength in the market is unknown", {"markets": _list(_SIDE)}),
    "content_fit.level": Code(
        "how well the network carries the best of the business's formats",
        {
            "format": _FORMAT,
            "level": _LEVEL,
        },
    ),
    "content_fit.unknown": Code("none of the business's formats has a known strength", {"formats": _list(_FORMAT)}),
    "ads_fit.self_serve": Code("the network sells self-serve ads", {}),
    "ads_fit.none": Code("the network sells no self-serve ads", {}),
    "ads_fit.unknown": Code("whether the network sells self-serve ads is unknown", {}),
    "lifecycle.active": Code("the network is active", {}),
    "lifecycle.pivoted": Code("the network pivoted away from social use", {"since": _DATE}),
    "lifecycle.renamed": Code("the network was renamed", {"since": _DATE}),
    # ------------------------------------------------------------------------------- exclusions
    "excluded.discontinued": Code("the network was closed", {"since": _nullable(_DATE)}),
    "excluded.on_request": Code("excluded by --exclude (or the profile's exclude)", {}),
    "excluded.requirements": Code("it misses hard requirements (--require)", {"requirements": _list(_ID)}),
    "excluded.blocked": Code("blocked in every asked country", {"countries": _list(_ID)}),
    # -------------------------------------------------------------------------------- portfolio
    "portfolio.best_score": Code("picked first: the best score", {"score": _SCORE}),
    "portfolio.adds_most": Code(
        "picked next: the most score after the discount for its overlap with a network already picked",
        {
            "score": _SCORE,
            "overlap": _PERCENT,
            "with": {**_nullable(_ID), "description": "the picked platform it overlaps most (null: none)"},
        },
    ),
    "portfolio.effort": Code(
        "the hours a week the network takes, with the knowledge base's reason",
        {
            "hours_per_week": {"type": "number", "minimum": 0},
        },
    ),
    "portfolio.effort_unknown": Code("the hours a week the network takes are unknown", {}),
    "portfolio.hours_unknown": Code("left out of a budget: its hours a week are unknown", {"platform": _ID}),
    "portfolio.over_budget": Code(
        "left out: its hours would exceed the budget",
        {
            "platform": _ID,
            "hours_per_week": {"type": "number", "minimum": 0},
        },
    ),
    "portfolio.too_few": Code("fewer networks qualify within the budget than asked", {"count": _COUNT}),
    "portfolio.overlap": Code(
        "two picked networks overlap strongly",
        {
            "platforms": _list(_ID),
            "overlap": _PERCENT,
            "basis": {"enum": ["recorded", "formats"]},
        },
    ),
    "portfolio.weak_fill": Code("a weak network picked to fill the portfolio", {"platform": _ID, "score": _SCORE}),
    # ------------------------------------------------------------------------------ post checks
    "post.too_long": Code(
        "the text is longer than the network's limit",
        {
            "length": _COUNT,
            "limit": _COUNT,
            "over": _COUNT,
            "counting": {**_ID, "description": "how the network counts: characters, graphemes, x-weighted, ..."},
            "kind": {**_ID, "description": "the kind of text: post, caption, title, description, message"},
        },
    ),
    "post.too_many_hashtags": Code("more hashtags than the network allows", {"count": _COUNT, "cap": _COUNT}),
    "post.link_not_clickable": Code("links in the text the network does not make clickable", {"count": _COUNT}),
    "post.too_many_links": Code("more links than the network allows", {"count": _COUNT, "cap": _COUNT}),
}


def codes(prefix: str = "") -> list[str]:
    """The codes starting with `prefix` (every code by default), in the registry's order."""
    return [code for code in CODES if code.startswith(prefix)]
