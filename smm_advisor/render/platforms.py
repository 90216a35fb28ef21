"""Renderers for `platforms` and `platforms show`: the knowledge base for people and scripts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from smm_advisor.i18n import N_, compact, goal_name, integer, pick, restriction_name, t
from smm_advisor.knowledge.facts import iter_sourced
from smm_advisor.knowledge.snapshot import plain
from smm_advisor.posts.checking import KIND_NAMES
from smm_advisor.render.json import document_text
from smm_advisor.render.style import Style, console, cut, plain_lines
from smm_advisor.render.text import short_title
from smm_advisor.vocabulary import GLOBAL

if TYPE_CHECKING:
    from smm_advisor.knowledge.models import KnowledgeBase, Platform, Source, Sourced

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
    "markets": N_("main markets"),
    "strong": N_("strong formats"),
}
VERDICT_NAMES = {
    "holds": N_("holds"),
    "outdated": N_("outdated"),
    "wrong": N_("wrong"),
    "unverified": N_("unverified"),
}


def strong_formats(platform: Platform, minimum: int = 2) -> list[str]:
    return [f for f, fact in platform.formats.items() if fact.value is not None and fact.value >= minimum]


def _level(fact: Any) -> str:
    """'2/3', or '?' for an unknown strength."""
    return "?" if fact.value is None else f"{fact.value}/3"


def _markets(platform: Platform) -> str:
    return ", ".join(main_markets(platform)) or "-"


def _strong(platform: Platform) -> str:
    return ", ".join(strong_formats(platform)) or "-"


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
        return document_text(list_payload(kb), "json")
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1, 0, 0))  # with the box's blank divider: 2
    rows = [
        (p.id, p.name, _status(p), _level(p.orientation.b2b), _level(p.orientation.b2c), _markets(p), _strong(p))
        for p in sorted(kb.platforms, key=lambda p: p.id)
    ]

    def longest_word(column: int) -> int:  # a column is never narrower than its longest word
        return max(len(word) for row in rows for word in row[column].split())

    table.add_column(t(COLUMN_NAMES["id"]), no_wrap=True)
    table.add_column(t(COLUMN_NAMES["name"]), min_width=longest_word(1), max_width=longest_word(1) + 2)
    table.add_column(t(COLUMN_NAMES["status"]), min_width=longest_word(2))
    table.add_column("B2B", no_wrap=True)
    table.add_column("B2C", no_wrap=True)
    table.add_column(t(COLUMN_NAMES["markets"]), min_width=max(len(row[5]) for row in rows))
    table.add_column(t(COLUMN_NAMES["strong"]), min_width=longest_word(6), ratio=1)
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
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
        con.print(
            t(
                "Main markets: where the network's sourced reach is highest (global: as high worldwide); "
                "`platforms show ID` gives the sources."
            ),
            markup=False,
        )
    return plain_lines(cap.get())


def main_markets(platform: Platform) -> list[str]:
    """Where a network reaches most, read from its sourced reach levels: the places of its highest level
    (['CN'], ['JP', 'TW', 'TH'], ['dach']), ['global'] when its worldwide level is as high, [] when it reaches no one.
    """
    levels = {place: fact.value for place, fact in platform.reach.items() if fact.value is not None}
    top = max(levels.values(), default=0)
    if top == 0:
        return []
    if levels.get(GLOBAL, -1) >= top:
        return [GLOBAL]
    return [place for place, level in levels.items() if level == top]


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
    if isinstance(value, int) and value > 9999:  # bools were answered above
        return integer(value)
    return str(value)


SECTION_NAMES = {
    "identity": N_("Identity and lifecycle"),
    "audience": N_("Audience and reach"),
    "goals": N_("Goals"),
    "formats": N_("Formats and limits"),
    "ads": N_("Ads and effort"),
}
Row = tuple[str, str, "Sourced"]  # (trait, value, the fact with its source, date and note)


def show_sections(kb: KnowledgeBase, p: Platform, long: bool = True) -> list[tuple[str, list[Row]]]:
    """(section, rows): every trait of the platform, grouped as a data sheet reads, each row with its fact.

    A survey's population (sample, fieldwork) is named only when `long`; its unit always.
    """
    sections: dict[str, list[Row]] = {key: [] for key in SECTION_NAMES}

    def add(section: str, trait: str, value: str, fact: Sourced) -> None:
        sections[section].append((trait, value, fact))

    life = p.lifecycle
    status = t(STATE_NAMES[life.state])
    if life.since:
        status += t(" since {date}", date=life.since)
    if life.former_names:
        status += t(" (formerly {names})", names=", ".join(life.former_names))
    if life.change:
        status += f": {pick(life.change, life.change_de)}"
    add("identity", t("lifecycle"), status, life)
    add("identity", t("operator"), _value(p.operator), p.operator)
    if p.users:
        add("identity", t("users"), f"{_value(p.users)} {p.users.metric}", p.users)
    add("identity", t("orientation b2b"), _strength(p.orientation.b2b), p.orientation.b2b)
    add("identity", t("orientation b2c"), _strength(p.orientation.b2c), p.orientation.b2c)
    for h in p.history:
        verdict = t(VERDICT_NAMES[h.verdict])
        add("identity", t("seed claim ({year})", year=f"{h.claimed:%Y}"), f"{h.claim!r} -> {verdict}: {h.today}", h)
    for region, fact in p.reach.items():
        add("audience", t("reach {region}", region=region), _strength(fact), fact)
    for u in p.unavailable:
        add("audience", t("unavailable {country}", country=u.country), pick(u.reason, u.reason_de), u)
    for r in p.restricted:
        kind = restriction_name(r.kind)
        restricted = t("restricted in {country}", country=r.country)
        add("audience", restricted, f"{kind}: {pick(r.reason, r.reason_de)}", r)
    for a in p.audience:
        survey = kb.surveys[a.survey]
        bands = ", ".join(f"{label}: {'?' if v is None else _percent(v)}" for label, v in a.bands.items())
        total = t("all {percent}; ", percent=_percent(a.total)) if a.total is not None else ""
        trait = t("audience {country} {year}", country=survey.country, year=survey.year)
        about = f"{survey.unit}; {survey.population}" if long else survey.unit
        add("audience", trait, f"{survey.name} ({about}): {total}{bands}", a)
    for o in p.overlaps:
        add("audience", t("overlap {platform}", platform=o.platform), f"{o.level}/3: {o.reason}", o)
    for goal, gf in p.goals.items():
        add("goals", t("goal {goal}", goal=goal_name(goal)), f"{gf.level}/3: {pick(gf.reason, gf.reason_de)}", gf)
        for market, special in (("B2B", gf.b2b), ("B2C", gf.b2c)):
            if special is not None:
                text = f"{special.level}/3: {pick(special.reason, special.reason_de)}"
                add("goals", t("goal {goal} ({market})", goal=goal_name(goal), market=market), text, special)
    for fmt, fact in p.formats.items():
        add("formats", t("format {format}", format=fmt), _strength(fact), fact)
    for tl in p.text_limits:
        url = t(", URLs count {n}", n=tl.url_length) if tl.url_length else ""
        limit = integer(tl.limit) if tl.limit is not None else t("unknown ({reason})", reason=tl.unknown)
        add("formats", t("text limit {kind}", kind=t(KIND_NAMES[tl.kind])), f"{limit} {tl.counting}{url}", tl)
    if p.hashtags:
        most = p.hashtags.max_per_post
        add("formats", t("hashtags"), t("no published cap") if most is None else t("at most {n}", n=most), p.hashtags)
    if p.links:
        clickable = {True: N_("clickable"), False: N_("not clickable"), None: N_("unknown")}[p.links.clickable_in_text]
        most = p.links.max_per_post
        at_most = ", " + t("at most {n}", n=most) if most is not None else ""
        add("formats", t("links in text"), t(clickable) + at_most, p.links)
    add("formats", t("messenger"), _value(p.messenger), p.messenger)
    add("formats", t("ephemeral"), _value(p.ephemeral), p.ephemeral)
    add("ads", t("self-serve ads"), _value(p.self_serve_ads), p.self_serve_ads)
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
        add("ads", t("effort"), f"{effort}: {pick(e.reason, e.reason_de)}", e)
    return [(t(SECTION_NAMES[key]), rows) for key, rows in sections.items() if rows]


TRAIT_WIDTH = 22  # a longer trait wraps in its column, so that the values keep most of an 80-column line


def render_show(kb: KnowledgeBase, p: Platform, output_format: str, style: Style) -> str:
    """A data sheet: a section per kind of trait, each value with its note, its source [n] and date; the sources last.

    A note is cut to one line (with an ellipsis) unless the style is long. A URL is never broken:
    it stands whole on a line of its own, a terminal link where the terminal shows them.
    """
    if output_format == "json":
        return document_text(show_payload(kb, p), "json")
    from rich.rule import Rule
    from rich.table import Table
    from rich.text import Text

    sources: dict[str, tuple[int, Source]] = {}  # url -> (number, source), numbered as first cited
    sections = [
        (
            title,
            [
                (trait, f"[{_number(sources, kb.source(fact.source))}] {fact.as_of}", value, fact)
                for trait, value, fact in rows
            ],
        )
        for title, rows in show_sections(kb, p, style.long)
    ]
    labels = min(TRAIT_WIDTH, max(len(label) for _, rows in sections for row in rows for label in row[:2]))
    notes = None if style.long else style.width - labels - 2
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
        about = t("Each value with its note, its source [n] and the date it stands for.")
        if not style.long:
            about += " " + t("--long shows every note in full.")
        con.print(about, markup=False)
        for title, rows in sections:
            con.print()
            con.print(Rule(Text(title, style="bold"), align="left", characters="─"))
            table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 1))
            table.add_column(width=labels, overflow="fold")
            table.add_column(overflow="fold", ratio=1)
            for trait, cite, value, fact in rows:
                label = Text(trait)
                label.append("\n" + cite, style="dim")
                table.add_row(label, _value_cell(value, fact, notes))
            con.print(table)
        con.print()
        con.print(Rule(Text(t("Sources"), style="bold"), align="left", characters="─"))
        for number, source in sources.values():
            title = source.title if style.long else short_title(source.title)
            about = ", ".join(str(x) for x in (source.publisher if style.long else None, source.published) if x)
            con.print(_numbered(f"[{number}] ", title + (f" ({about})" if about else "")))
            link = Text("    " + source.url)
            if style.links:
                link.stylize(f"link {source.url}", 4)
            con.print(link, no_wrap=True, overflow="ignore", crop=False)
    return plain_lines(cap.get())


def _number(sources: dict[str, tuple[int, Source]], source: Source) -> int:
    """A source's number in the sheet: the next one when its URL is first cited."""
    return sources.setdefault(source.url, (len(sources) + 1, source))[0]


def _value_cell(value: str, fact: Sourced, width: int | None) -> Any:
    """The value, then its note (dim) with the date it was last checked; the note cut to `width` cells unless None."""
    from rich.text import Text

    text = Text(value)
    note = fact.note or ""
    checked = t("(checked {date})", date=fact.checked) if fact.checked else ""
    if width is not None:
        note = cut(note, width - len(checked) - 1)
    note = " ".join(part for part in (note, checked) if part)
    if note:
        text.append("\n" + note, style="dim")
    return text


def _numbered(number: str, text: str) -> Any:
    """'[3] ' and the text, whose wrapped lines start under the text."""
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid()
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(Text(number), Text(text))
    return grid
