"""Renderers for `platforms` and `platforms show`: the knowledge base for people and scripts."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from smm_advisor.i18n import goal_name, language, pick, t
from smm_advisor.knowledge.facts import iter_sourced
from smm_advisor.knowledge.snapshot import plain
from smm_advisor.render.style import Style, console, plain_lines

if TYPE_CHECKING:
    from smm_advisor.knowledge.models import KnowledgeBase, Platform, Sourced

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
    state = t(f"platforms.state.{life.state}")
    return state if life.since is None else f"{state} {life.since:%Y-%m-%d}"


def _number(value: float, spec: str = "g") -> str:
    """A number as the reader writes it: 1,234.5 in English, 1.234,5 in German."""
    text = format(value, spec)
    return text.translate(str.maketrans(",.", ".,")) if language() == "de" else text


def _percent(value: float) -> str:
    return t("platforms.percent", percent=_number(value))


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
        table.add_column(t(f"platforms.col.{column}"), overflow="fold")
    for p in sorted(kb.platforms, key=lambda p: p.id):
        cells = (p.id, p.name, _status(p), _orientation(p), ", ".join(strong_formats(p)) or "-")
        table.add_row(*(Text(cell) for cell in cells))
    con = console(style)
    with con.capture() as cap:
        con.print(t("platforms.heading", version=kb.version, as_of=kb.as_of, n=len(kb.platforms)))
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
    checked = t("platforms.checked", date=fact.checked) if fact.checked else ""
    return f"[{fact.as_of}{checked}] {source.title} <{source.url}>"


def _strength(fact: Any) -> str:
    """'2/3', or the unknown value's reason without a scale."""
    text = _value(fact)
    return f"{text}/3" if getattr(fact, "value", None) is not None else text


def _value(fact: Any) -> str:
    value = getattr(fact, "value", None)
    unknown = getattr(fact, "unknown", None)
    if value is None and unknown:
        return t("platforms.unknown_why", reason=unknown)
    if isinstance(value, bool):
        return t("platforms.yes") if value else t("platforms.no")
    if isinstance(value, int) and not isinstance(value, bool) and value > 9999:
        return _number(value, ",")
    return str(value)


def show_lines(kb: KnowledgeBase, p: Platform) -> list[tuple[str, str, str]]:
    """(trait, value, source) rows: every trait of the platform, each with its source and date."""
    rows: list[tuple[str, str, str]] = []

    def add(trait: str, value: str, fact: Sourced) -> None:
        note = f" [{fact.note}]" if fact.note else ""
        rows.append((trait, value + note, _cite(kb, fact)))

    life = p.lifecycle
    status = t(f"platforms.state.{life.state}")
    if life.since:
        status += t("platforms.since", date=life.since)
    if life.former_names:
        status += t("platforms.formerly", names=", ".join(life.former_names))
    if life.change:
        status += f": {pick(life.change, life.change_de)}"
    add(t("platforms.trait.lifecycle"), status, life)
    add(t("platforms.trait.operator"), _value(p.operator), p.operator)
    add(t("platforms.trait.b2b"), _strength(p.orientation.b2b), p.orientation.b2b)
    add(t("platforms.trait.b2c"), _strength(p.orientation.b2c), p.orientation.b2c)
    for fmt, fact in p.formats.items():
        add(t("platforms.trait.format", format=fmt), _strength(fact), fact)
    for region, fact in p.reach.items():
        add(t("platforms.trait.reach", region=region), _strength(fact), fact)
    for u in p.unavailable:
        add(t("platforms.trait.unavailable", country=u.country), pick(u.reason, u.reason_de), u)
    for r in p.restricted:
        kind = t(f"restriction.{r.kind}")
        add(t("platforms.trait.restricted", country=r.country), f"{kind}: {pick(r.reason, r.reason_de)}", r)
    for a in p.audience:
        survey = kb.surveys[a.survey]
        bands = ", ".join(f"{label}: {'?' if v is None else _percent(v)}" for label, v in a.bands.items())
        total = t("platforms.audience.all", percent=_percent(a.total)) if a.total is not None else ""
        trait = t("platforms.trait.audience", country=survey.country, year=survey.year)
        add(trait, f"{survey.name} ({survey.unit}; {survey.population}): {total}{bands}", a)
    for goal, gf in p.goals.items():
        add(t("platforms.trait.goal", goal=goal_name(goal)), f"{gf.level}/3: {pick(gf.reason, gf.reason_de)}", gf)
        for market, special in (("B2B", gf.b2b), ("B2C", gf.b2c)):
            if special is not None:
                text = f"{special.level}/3: {pick(special.reason, special.reason_de)}"
                add(t("platforms.trait.goal_market", goal=goal_name(goal), market=market), text, special)
    add(t("platforms.trait.ads"), _value(p.self_serve_ads), p.self_serve_ads)
    add(t("platforms.trait.messenger"), _value(p.messenger), p.messenger)
    add(t("platforms.trait.ephemeral"), _value(p.ephemeral), p.ephemeral)
    for tl in p.text_limits:
        url = t("platforms.url_length", n=tl.url_length) if tl.url_length else ""
        limit = _number(tl.limit, ",") if tl.limit is not None else t("platforms.unknown_why", reason=tl.unknown)
        add(t("platforms.trait.text_limit", kind=t(f"check.kind.{tl.kind}")), f"{limit} {tl.counting}{url}", tl)
    if p.hashtags:
        most = p.hashtags.max_per_post
        add(
            t("platforms.trait.hashtags"),
            t("platforms.no_cap") if most is None else t("platforms.at_most", n=most),
            p.hashtags,
        )
    if p.links:
        clickable = {True: "clickable", False: "not_clickable", None: "unknown"}[p.links.clickable_in_text]
        most = p.links.max_per_post
        at_most = ", " + t("platforms.at_most", n=most) if most is not None else ""
        add(t("platforms.trait.links"), t(f"platforms.{clickable}") + at_most, p.links)
    if p.effort:
        e = p.effort
        if e.hours_per_week is None:
            effort = t("platforms.unknown_why", reason=e.unknown)
        else:
            effort = t(
                "platforms.effort",
                posts=_number(e.posts_per_week or 0),
                hours=_number(e.hours_per_post or 0),
                total=_number(e.hours_per_week),
            )
        add(t("platforms.trait.effort"), f"{effort}: {pick(e.reason, e.reason_de)}", e)
    if p.users:
        add(t("platforms.trait.users"), f"{_value(p.users)} {p.users.metric}", p.users)
    for o in p.overlaps:
        add(t("platforms.trait.overlap", platform=o.platform), f"{o.level}/3: {o.reason}", o)
    for h in p.history:
        verdict = t(f"platforms.verdict.{h.verdict}")
        add(t("platforms.trait.seed", year=f"{h.claimed:%Y}"), f"{h.claim!r} -> {verdict}: {h.today}", h)
    return rows


def render_show(kb: KnowledgeBase, p: Platform, output_format: str, style: Style) -> str:
    if output_format == "json":
        return json.dumps(show_payload(kb, p), ensure_ascii=False, indent=2) + "\n"
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_lines=False)
    table.add_column(t("platforms.col.trait"), no_wrap=True)
    table.add_column(t("platforms.col.value"), overflow="fold", ratio=3)
    table.add_column(t("platforms.col.source"), overflow="fold", ratio=2)
    for trait, value, source in show_lines(kb, p):
        table.add_row(Text(trait), Text(value), Text(source))  # Text: knowledge-base text is not markup
    con = console(style)
    aliases = t("platforms.aliases", aliases=", ".join(p.aliases)) if p.aliases else ""
    with con.capture() as cap:
        heading = t("platforms.show.heading", name=p.name, id=p.id, aliases=aliases, version=kb.version, as_of=kb.as_of)
        con.print(heading, markup=False)
        con.print(table)
    return plain_lines(cap.get())
