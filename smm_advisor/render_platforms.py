"""Renderers for `platforms` and `platforms show`: the knowledge base for people and scripts."""

from __future__ import annotations

import json
from typing import Any

from .facts import iter_sourced
from .models import KnowledgeBase, Platform, Sourced
from .render import Style, console, plain_lines

LIST_SCHEMA_VERSION = "1.0"


def strong_formats(platform: Platform, minimum: int = 2) -> list[str]:
    return [f for f, fact in platform.formats.items() if fact.value is not None and fact.value >= minimum]


def _orientation(platform: Platform) -> str:
    o = platform.orientation
    b2b = "?" if o.b2b.value is None else o.b2b.value
    b2c = "?" if o.b2c.value is None else o.b2c.value
    return f"B2B {b2b}/3, B2C {b2c}/3"


def _status(platform: Platform) -> str:
    life = platform.lifecycle
    return life.state if life.since is None else f"{life.state} {life.since:%Y-%m-%d}"


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

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for name in ("id", "name", "status", "orientation", "strong formats"):
        table.add_column(name, overflow="fold")
    for p in sorted(kb.platforms, key=lambda p: p.id):
        table.add_row(p.id, p.name, _status(p), _orientation(p), ", ".join(strong_formats(p)) or "-")
    con = console(style)
    with con.capture() as cap:
        con.print(f"Knowledge base {kb.version} of {kb.as_of}: {len(kb.platforms)} platforms")
        con.print(table)
    return plain_lines(cap.get())


def show_payload(kb: KnowledgeBase, platform: Platform) -> dict[str, Any]:
    """The platform with every source resolved to its title and URL."""
    data = platform.model_dump(mode="json")
    for path, fact in iter_sourced(platform):
        node = _at(data, path)
        source = kb.source(fact.source)
        node["source"] = {
            "key": fact.source if isinstance(fact.source, str) else None,
            **source.model_dump(mode="json", exclude_none=True),
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
    checked = f", checked {fact.checked}" if fact.checked else ""
    return f"[{fact.as_of}{checked}] {source.title} <{source.url}>"


def _value(fact: Any) -> str:
    value = getattr(fact, "value", None)
    unknown = getattr(fact, "unknown", None)
    if value is None and unknown:
        return f"unknown ({unknown})"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int) and not isinstance(value, bool) and value > 9999:
        return f"{value:,}"
    return str(value)


def show_lines(kb: KnowledgeBase, p: Platform) -> list[tuple[str, str, str]]:
    """(trait, value, source) rows: every trait of the platform, each with its source and date."""
    rows: list[tuple[str, str, str]] = []

    def add(trait: str, value: str, fact: Sourced) -> None:
        rows.append((trait, value, _cite(kb, fact)))

    life = p.lifecycle
    status = life.state + (f" since {life.since}" if life.since else "")
    if life.former_names:
        status += f" (formerly {', '.join(life.former_names)})"
    if life.change:
        status += f": {life.change}"
    add("lifecycle", status, life)
    add("operator", _value(p.operator), p.operator)
    add("orientation b2b", f"{_value(p.orientation.b2b)}/3", p.orientation.b2b)
    add("orientation b2c", f"{_value(p.orientation.b2c)}/3", p.orientation.b2c)
    for fmt, fact in p.formats.items():
        add(f"format {fmt}", f"{_value(fact)}/3", fact)
    for region, fact in p.reach.items():
        add(f"reach {region}", f"{_value(fact)}/3", fact)
    for u in p.unavailable:
        add(f"unavailable {u.country}", u.reason, u)
    for s in p.audience:
        bands = ", ".join(f"{b.label}: {'?' if b.percent is None else f'{b.percent:g}%'}" for b in s.bands)
        total = f"all {s.total_percent:g}%; " if s.total_percent is not None else ""
        add(f"audience {s.country} {s.year}", f"{s.survey} ({s.unit}; {s.population}): {total}{bands}", s)
    for goal, gf in p.goals.items():
        add(f"goal {goal}", f"{gf.level}/3: {gf.reason}", gf)
    add("self-serve ads", _value(p.self_serve_ads), p.self_serve_ads)
    add("messenger", _value(p.messenger), p.messenger)
    add("ephemeral", _value(p.ephemeral), p.ephemeral)
    for t in p.text_limits:
        url = f", URLs count {t.url_length}" if t.url_length else ""
        limit = f"{t.limit:,}" if t.limit is not None else f"unknown ({t.unknown})"
        add(f"text limit {t.kind}", f"{limit} {t.counting}{url}", t)
    if p.hashtags:
        cap = "no published cap" if p.hashtags.max_per_post is None else f"at most {p.hashtags.max_per_post}"
        add("hashtags", cap, p.hashtags)
    if p.links:
        clickable = {True: "clickable", False: "not clickable", None: "unknown"}[p.links.clickable_in_text]
        most = f", at most {p.links.max_per_post}" if p.links.max_per_post is not None else ""
        add("links in text", clickable + most, p.links)
    if p.effort:
        e = p.effort
        if e.hours_per_week is None:
            effort = f"unknown ({e.unknown})"
        else:
            effort = f"{e.posts_per_week:g} posts/week x {e.hours_per_post:g} h = {e.hours_per_week:g} h/week"
        add("effort", f"{effort}: {e.reason}", e)
    if p.users:
        add("users", f"{_value(p.users)} {p.users.metric}", p.users)
    for o in p.overlaps:
        add(f"overlap {o.platform}", f"{o.level}/3: {o.reason}", o)
    for h in p.history:
        add(f"seed claim ({h.claimed:%Y})", f"{h.claim!r} -> {h.verdict}: {h.today}", h)
    return rows


def render_show(kb: KnowledgeBase, p: Platform, output_format: str, style: Style) -> str:
    if output_format == "json":
        return json.dumps(show_payload(kb, p), ensure_ascii=False, indent=2) + "\n"
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_lines=False)
    table.add_column("trait", no_wrap=True)
    table.add_column("value", overflow="fold", ratio=3)
    table.add_column("source and date", overflow="fold", ratio=2)
    for trait, value, source in show_lines(kb, p):
        table.add_row(trait, value, source)
    con = console(style)
    aliases = f" (also: {', '.join(p.aliases)})" if p.aliases else ""
    with con.capture() as cap:
        con.print(f"{p.name} [{p.id}]{aliases} - knowledge base {kb.version} of {kb.as_of}", markup=False)
        con.print(table)
    return plain_lines(cap.get())
