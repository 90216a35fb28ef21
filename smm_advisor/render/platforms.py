"""Renderers for `platforms` and `platforms show`: the knowledge base for people and scripts."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from smm_advisor.i18n import N_, compact, goal_name, integer, pick, restriction_name, t
from smm_advisor.knowledge.facts import iter_sourced
from smm_advisor.knowledge.snapshot import plain
from smm_advisor.posts.checking import KIND_NAMES
from smm_advisor.render.style import Style, console, plain_lines

if TYPE_CHECKING:
    from smm_advisor.knowledge.models import KnowledgeBase, Platform, Sourced

LIST_SCHEMA_VERSION = "1.0"


STATE_NAMES = {
    "active": N_("active"),
    "discontinued": N_("discontinued"),
    "renamed": N_("renamed"),
    "pivoted": N_("pivoted"),
}
COLUMN_NAMES = {
    "id": N_("id"),
    "name": N_("name"),
    "status": N_("status"),
    "orientation": N_("orientation"),
    "strong": N_("strong formats"),
    "trait": N_("trait"),
    "value": N_("value"),
    "source": N_("source and date"),
}
VERDICT_NAMES = {
    "holds": N_("holds"),
    "outdated": N_("outdated"),
    "wrong": N_("wrong"),
    "unverified": N_("unverified"),
}


def strong_formats(platform: Platform, minimum: int = 2) -> list[str]:
    return [f for f, fact in platform.formats.items() if fact.value is not None and fact.value >= minimum]


def _orientation(platform: Platform) -> str:
    o = platform.orientation
    b2b = "?" if o.b2b.value is None else o.b2b.value
    b2c = "?" if o.b2c.value is None else o.b2c.value
    return f"B2B {b2b}/3, B2C {b2c}/3"


def _status(platform: Platform) -> str:
    life = platform.lifecycle
    state = t(STATE_NAMES[life.state])
    return state if life.since is None else f"{state} {life.since:%Y-%m-%d}"


def _percent(value: float) -> str:
    return t("{percent}%", percent=compact(value))


def list_payload(kb: KnowledgeBase) -> dict[str, Any]:
    return {
        "schema_version": LIST_SCHEMA_VERSION,
        "knowledge_base": {"version": kb.version, "as_of": kb.as_of.isoformat()},
        "platforms": [
            {
                "id": p.id,
                "name": p.name,
                "aliases": list(p.aliases),
                "status": p.lifecycle.state,
                "since": p.lifecycle.since.isoformat() if p.lifecycle.since else None,
                "b2b": p.orientation.b2b.value,
                "b2c": p.orientation.b2c.value,
                "formats": {f: fact.value for f, fact in p.formats.items()},
            }
            for p in sorted(kb.platforms, key=lambda p: p.id)
        ],
    }


def render_list(kb: KnowledgeBase, output_format: str, style: Style) -> str:
    if output_format == "json":
        return json.dumps(list_payload(kb), ensure_ascii=False, indent=2) + "\n"
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for column in ("id", "name", "status", "orientation", "strong"):
        table.add_column(t(COLUMN_NAMES[column]), overflow="fold")
    for p in sorted(kb.platforms, key=lambda p: p.id):
        cells = (p.id, p.name, _status(p), _orientation(p), ", ".join(strong_formats(p)) or "-")
        table.add_row(*(Text(cell) for cell in cells))
    con = console(style)
    with con.capture() as cap:
        con.print(
            t(
                "Knowledge base {version} of {as_of}: {n} platforms",
                version=kb.version,
                as_of=kb.as_of,
                n=len(kb.platforms),
            )
        )
        con.print(table)
    return plain_lines(cap.get())


def show_payload(kb: KnowledgeBase, platform: Platform) -> dict[str, Any]:
    """The platform with every source resolved to its title and URL."""
    data = plain(platform)
    for path, fact in iter_sourced(platform):
        node = _at(data, path)
        source = kb.source(fact.source)
        node["source"] = {
            "key": fact.source if isinstance(fact.source, str) else None,
            **{k: v for k, v in plain(source).items() if v is not None},
        }
    return {
        "schema_version": LIST_SCHEMA_VERSION,
        "knowledge_base": {"version": kb.version, "as_of": kb.as_of.isoformat()},
        "platform": data,
    }


def _at(data: Any, path: str) -> Any:
    node = data
    for part in path.replace("[", ".[").split("."):
        if not part:
            continue
        node = node[int(part[1:-1])] if part.startswith("[") else node[part]
    return node


def _cite(kb: KnowledgeBase, fact: Sourced) -> str:
    source = kb.source(fact.source)
    checked = t(", checked {date}", date=fact.checked) if fact.checked else ""
    return f"[{fact.as_of}{checked}] {source.title} <{source.url}>"


def _strength(fact: Any) -> str:
    """'2/3', or the unknown value's reason without a scale."""
    text = _value(fact)
    return f"{text}/3" if getattr(fact, "value", None) is not None else text


def _value(fact: Any) -> str:
    value = getattr(fact, "value", None)
    unknown = getattr(fact, "unknown", None)
    if value is None and unknown:
        return t("unknown ({reason})", reason=unknown)
    if isinstance(value, bool):
        return t("yes") if value else t("no")
    if isinstance(value, int) and not isinstance(value, bool) and value > 9999:
        return integer(value) if isinstance(value, int) else compact(value)
    return str(value)


def show_lines(kb: KnowledgeBase, p: Platform) -> list[tuple[str, str, str]]:
    """(trait, value, source) rows: every trait of the platform, each with its source and date."""
    rows: list[tuple[str, str, str]] = []

    def add(trait: str, value: str, fact: Sourced) -> None:
        note = f" [{fact.note}]" if fact.note else ""
        rows.append((trait, value + note, _cite(kb, fact)))

    life = p.lifecycle
    status = t(STATE_NAMES[life.state])
    if life.since:
        status += t(" since {date}", date=life.since)
    if life.former_names:
        status += t(" (formerly {names})", names=", ".join(life.former_names))
    if life.change:
        status += f": {pick(life.change, life.change_de)}"
    add(t("lifecycle"), status, life)
    add(t("operator"), _value(p.operator), p.operator)
    add(t("orientation b2b"), _strength(p.orientation.b2b), p.orientation.b2b)
    add(t("orientation b2c"), _strength(p.orientation.b2c), p.orientation.b2c)
    for fmt, fact in p.formats.items():
        add(t("format {format}", format=fmt), _strength(fact), fact)
    for region, fact in p.reach.items():
        add(t("reach {region}", region=region), _strength(fact), fact)
    for u in p.unavailable:
        add(t("unavailable {country}", country=u.country), pick(u.reason, u.reason_de), u)
    for r in p.restricted:
        kind = restriction_name(r.kind)
        add(t("restricted in {country}", country=r.country), f"{kind}: {pick(r.reason, r.reason_de)}", r)
    for a in p.audience:
        survey = kb.surveys[a.survey]
        bands = ", ".join(f"{label}: {'?' if v is None else _percent(v)}" for label, v in a.bands.items())
        total = t("all {percent}; ", percent=_percent(a.total)) if a.total is not None else ""
        trait = t("audience {country} {year}", country=survey.country, year=survey.year)
        add(trait, f"{survey.name} ({survey.unit}; {survey.population}): {total}{bands}", a)
    for goal, gf in p.goals.items():
        add(t("goal {goal}", goal=goal_name(goal)), f"{gf.level}/3: {pick(gf.reason, gf.reason_de)}", gf)
        for market, special in (("B2B", gf.b2b), ("B2C", gf.b2c)):
            if special is not None:
                text = f"{special.level}/3: {pick(special.reason, special.reason_de)}"
                add(t("goal {goal} ({market})", goal=goal_name(goal), market=market), text, special)
    add(t("self-serve ads"), _value(p.self_serve_ads), p.self_serve_ads)
    add(t("messenger"), _value(p.messenger), p.messenger)
    add(t("ephemeral"), _value(p.ephemeral), p.ephemeral)
    for tl in p.text_limits:
        url = t(", URLs count {n}", n=tl.url_length) if tl.url_length else ""
        limit = integer(tl.limit) if tl.limit is not None else t("unknown ({reason})", reason=tl.unknown)
        add(t("text limit {kind}", kind=t(KIND_NAMES[tl.kind])), f"{limit} {tl.counting}{url}", tl)
    if p.hashtags:
        most = p.hashtags.max_per_post
        add(
            t("hashtags"),
            t("no published cap") if most is None else t("at most {n}", n=most),
            p.hashtags,
        )
    if p.links:
        clickable = {True: N_("clickable"), False: N_("not clickable"), None: N_("unknown")}[p.links.clickable_in_text]
        most = p.links.max_per_post
        at_most = ", " + t("at most {n}", n=most) if most is not None else ""
        add(t("links in text"), t(clickable) + at_most, p.links)
    if p.effort:
        e = p.effort
        if e.hours_per_week is None:
            effort = t("unknown ({reason})", reason=e.unknown)
        else:
            effort = t(
                "{posts} posts/week x {hours} h = {total} h/week",
                posts=compact(e.posts_per_week or 0),
                hours=compact(e.hours_per_post or 0),
                total=compact(e.hours_per_week),
            )
        add(t("effort"), f"{effort}: {pick(e.reason, e.reason_de)}", e)
    if p.users:
        add(t("users"), f"{_value(p.users)} {p.users.metric}", p.users)
    for o in p.overlaps:
        add(t("overlap {platform}", platform=o.platform), f"{o.level}/3: {o.reason}", o)
    for h in p.history:
        verdict = t(VERDICT_NAMES[h.verdict])
        add(t("seed claim ({year})", year=f"{h.claimed:%Y}"), f"{h.claim!r} -> {verdict}: {h.today}", h)
    return rows


def render_show(kb: KnowledgeBase, p: Platform, output_format: str, style: Style) -> str:
    if output_format == "json":
        return json.dumps(show_payload(kb, p), ensure_ascii=False, indent=2) + "\n"
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_lines=False)
    table.add_column(t("trait"), no_wrap=True)
    table.add_column(t("value"), overflow="fold", ratio=3)
    table.add_column(t("source and date"), overflow="fold", ratio=2)
    for trait, value, source in show_lines(kb, p):
        table.add_row(Text(trait), Text(value), Text(source))  # Text: knowledge-base text is not markup
    con = console(style)
    aliases = t(" (also: {aliases})", aliases=", ".join(p.aliases)) if p.aliases else ""
    with con.capture() as cap:
        heading = t(
            "{name} [{id}]{aliases} - knowledge base {version} of {as_of}",
            name=p.name,
            id=p.id,
            aliases=aliases,
            version=kb.version,
            as_of=kb.as_of,
        )
        con.print(heading, markup=False)
        con.print(table)
    return plain_lines(cap.get())
