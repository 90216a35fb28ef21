"""Does a draft fit each network? Length by the network's own counting, hashtag caps, link rules. Pure.

A draft is checked whole: a Markdown file's markup, front matter and all, is part of the text,
because that is what gets pasted. Line endings are made '\\n' and surrounding whitespace is dropped
(editors end files with a newline that nobody means to post).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from smm_advisor.codes import Reason
from smm_advisor.errors import InputError, Problem
from smm_advisor.i18n import N_, NC_, did_you_mean, integer, language, t, tc, tn, using
from smm_advisor.knowledge.store import find_platform
from smm_advisor.posts.counting import find_hashtags, find_urls, measure
from smm_advisor.vocabulary import TEXT_KINDS, LengthCounting, TextKind

if TYPE_CHECKING:
    from smm_advisor.knowledge.models import KnowledgeBase, Platform, TextLimit


class Draft(NamedTuple):
    """One text to check and where it came from (a path, '<stdin>' or '--text')."""

    source: str
    text: str


class CheckResult(NamedTuple):
    """One draft measured against one network."""

    source: str
    platform: str
    name: str
    kind: TextKind
    counting: LengthCounting
    length: int
    limit: int
    hashtags: int
    links: int
    findings: tuple[Reason, ...]  # each way the draft breaks the network's rules (codes post.*)

    @property
    def fits(self) -> bool:
        return self.length <= self.limit

    @property
    def ok(self) -> bool:
        return not self.findings


class CheckReport(NamedTuple):
    """Every draft against every chosen network, drafts in the order given, networks by id."""

    kb_version: str
    kb_as_of: date
    kind: TextKind
    results: tuple[CheckResult, ...]
    lang: str = "en"  # the language of the findings' texts

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)


class Target(NamedTuple):
    """A network to check against, with the limit and counting that apply."""

    platform: Platform
    limit: int
    counting: LengthCounting
    url_length: int | None


# How the reader names the kinds of text and the units a limit counts in.
KIND_NAMES: dict[str, str] = {
    "post": N_("post"),
    "caption": N_("caption"),
    "title": N_("title"),
    "description": N_("description"),
    "message": N_("message"),
}
KIND_PLURALS: dict[str, tuple[str, str]] = {
    "post": NC_("plural", "post"),
    "caption": NC_("plural", "caption"),
    "title": NC_("plural", "title"),
    "description": NC_("plural", "description"),
    "message": NC_("plural", "message"),
}
UNIT_NAMES: dict[str, str] = {
    "characters": N_("characters"),
    "graphemes": N_("graphemes"),
    "utf8-bytes": N_("bytes"),
    "utf16-units": N_("UTF-16 units"),
    "x-weighted": N_("weighted characters"),
    "emoji-utf8-bytes": N_("characters"),
}


def prepare_text(raw: str) -> str:
    """The text as it would be posted: '\\n' line endings, no surrounding whitespace."""
    return raw.replace("\r\n", "\n").replace("\r", "\n").strip()


def check_drafts(
    kb: KnowledgeBase,
    drafts: list[Draft],
    platforms: list[str] | None = None,
    kind: str = "post",
    limit: int | None = None,
    lang: str | None = None,
) -> CheckReport:
    """Check each draft against the named networks (default: all with a known limit for `kind`).

    Problems with the input are reported in the current language; the findings are written in
    `lang` (default: the current language).
    """
    text_kind = parse_kind(kind)
    targets = choose_targets(kb, platforms or [], text_kind, limit)
    for draft in drafts:
        if not draft.text:
            raise InputError([Problem(draft.source, t("the text is empty; there is nothing to check"))])
    with using(lang or language()):
        results = [check_one(draft, target, text_kind) for draft in drafts for target in targets]
        return CheckReport(kb.version, kb.as_of, text_kind, tuple(results), language())


def check_one(draft: Draft, target: Target, kind: TextKind) -> CheckResult:
    """Measure one draft for one network and list what breaks its rules."""
    p = target.platform
    length = measure(draft.text, target.counting, target.url_length)
    # Link rules see bare domains too: example.com is no more clickable in a caption than https://example.com.
    links = len(find_urls(draft.text, bare_domains=True))
    hashtags = len(find_hashtags(draft.text))
    found: list[tuple[str, dict[str, Any]]] = []
    if length > target.limit:
        over = {"length": length, "limit": target.limit, "over": length - target.limit, "counting": target.counting}
        found.append(("post.too_long", {**over, "kind": kind}))
    cap = p.hashtags.max_per_post if p.hashtags else None
    if cap is not None and hashtags > cap:
        found.append(("post.too_many_hashtags", {"count": hashtags, "cap": cap}))
    if p.links is not None and links:
        if p.links.clickable_in_text is False:
            found.append(("post.link_not_clickable", {"count": links}))
        if p.links.max_per_post is not None and links > p.links.max_per_post:
            found.append(("post.too_many_links", {"count": links, "cap": p.links.max_per_post}))
    findings = [Reason(code, params, finding_text(p, code, params)) for code, params in found]
    return CheckResult(
        source=draft.source,
        platform=p.id,
        name=p.name,
        kind=kind,
        counting=target.counting,
        length=length,
        limit=target.limit,
        hashtags=hashtags,
        links=links,
        findings=tuple(findings),
    )


def parse_kind(kind: str) -> TextKind:
    key = kind.strip().lower()
    if key in TEXT_KINDS:
        return cast(TextKind, key)
    raise InputError(
        [
            Problem(
                t("command line"),
                t(
                    "{value} is not a kind of text{hint} (allowed: {allowed})",
                    value=repr(kind),
                    hint=did_you_mean(key, TEXT_KINDS),
                    allowed=", ".join(TEXT_KINDS),
                ),
                field="--kind",
            )
        ]
    )


def choose_targets(kb: KnowledgeBase, names: list[str], kind: TextKind, limit: int | None) -> list[Target]:
    """The named networks, or every active one with a known limit for `kind`; sorted by id.

    `limit` replaces the recorded limit of every chosen network (a Mastodon instance allowing more).
    """
    targets: list[Target] = []
    if not names:
        for p in sorted(kb.platforms, key=lambda p: p.id):
            entry = _limit_for(p, kind)
            if p.lifecycle.state == "discontinued" or entry is None:
                continue
            if (chosen := limit if limit is not None else entry.limit) is not None:
                targets.append(Target(p, chosen, entry.counting, entry.url_length))
        if not targets:
            message = t("no network in the knowledge base has a known {kind} limit", kind=tc(*KIND_PLURALS[kind]))
            raise InputError([Problem(t("command line"), message)])
        return targets
    problems: list[Problem] = []
    for p in resolve_platforms(kb, names):
        entry = _limit_for(p, kind)
        if entry is None:
            kinds = ", ".join(tl.kind for tl in p.text_limits) or t("none")
            message = t(
                "{name} has no {kind} limit on record (kinds it has: {kinds})",
                name=p.name,
                kind=tc(*KIND_PLURALS[kind]),
                kinds=kinds,
            )
            problems.append(Problem(t("command line"), message, "--platform"))
        elif (chosen := limit if limit is not None else entry.limit) is None:
            message = t(
                "the {kind} limit of {name} is unknown ({unknown}); give one with --limit",
                kind=tc(*KIND_PLURALS[kind]),
                name=p.name,
                unknown=entry.unknown,
            )
            problems.append(Problem(t("command line"), message, "--platform"))
        else:
            targets.append(Target(p, chosen, entry.counting, entry.url_length))
    if problems:
        raise InputError(problems)
    return targets


def resolve_platforms(kb: KnowledgeBase, names: list[str]) -> list[Platform]:
    """Platforms by id or alias, case-insensitive ('twitter' is x, 'google+' is google-plus); sorted by id."""
    found: dict[str, Platform] = {}
    problems: list[Problem] = []
    for name in names:
        try:
            p = find_platform(kb, name)
        except InputError as exc:
            problems += exc.problems
        else:
            found[p.id] = p
    if problems:
        raise InputError(problems)
    return [found[pid] for pid in sorted(found)]


def _limit_for(p: Platform, kind: TextKind) -> TextLimit | None:
    return next((t for t in p.text_limits if t.kind == kind), None)


def finding_text(platform: Platform, code: str, params: dict[str, Any]) -> str:
    """A finding's text, written from its code and parameters in the current language."""
    if code == "post.too_long":
        return t(
            "{length} {unit}; the {kind} limit is {limit} ({over} over)",
            length=integer(params["length"]),
            unit=t(UNIT_NAMES[params["counting"]]),
            kind=tc(*KIND_PLURALS[params["kind"]]),
            limit=integer(params["limit"]),
            over=integer(params["over"]),
        )
    if code == "post.link_not_clickable":
        count = _count(params["count"], "links")
        return t("{count} in the text; {name} does not make them clickable", count=count, name=platform.name)
    noun = "hashtags" if code == "post.too_many_hashtags" else "links"
    return t(
        "{count}; {name} allows {cap} per post",
        count=_count(params["count"], noun),
        name=platform.name,
        cap=params["cap"],
    )


def _count(n: int, noun: str) -> str:
    """'1 hashtag' / '2 hashtags' (noun: hashtags or links), in the current language."""
    if noun == "hashtags":
        return tn("{n} hashtag", "{n} hashtags", n)
    return tn("{n} link", "{n} links", n)
