"""Where the links in a text are, by twitter-text's rules, in time linear in the text's length. Pure.

twitter-text finds URLs with one regular expression, roughly `(preceding character)(https?://)?
(label.)*(label.)(TLD)(:port)?(/path)?(?query)?`, tried at every position of the text. On a run of
labels (`a.a.a.…`) each try walks to the end of the run and back, looking for a TLD after every
dot: time quadratic in the length (2,800 characters took 11 seconds, 8 KB more than a minute).

This module finds exactly the matches that search finds, in the same order, but looks at each
part of the text a bounded number of times:

- one pass finds the chains of dotted labels (`a.b-c.d.`), and in each the dots a TLD follows;
- a URL's domain lies in one chain and ends at the last TLD its labels reach. A label with '_' or
  '-' at either end stops the reach and a label with '_' cannot be the domain name, so the answer
  is the same for every label of a stretch between two such labels: it is worked out once per
  stretch, and the labels that cannot start a URL are skipped by position, not one by one;
- where in a label a URL may start (after a valid preceding character) is a regex search;
- a word that is one plain link (`example.com/spring`, `(https://example.org).`) is one match of
  that same pass: most links in a long text take no further work.

Port, path and query are matched by twitter-text's own patterns at the domain's end, then come
twitter-text's checks: the length (domain in its IDNA form), no URL without a protocol after
'-', '_', '.' or '/', t.co slugs, and only the ASCII domains of a URL without a protocol.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from typing import NamedTuple

from smm_advisor.posts.twitter_rules import (
    DEFAULT_PROTOCOL,
    MAX_TCO_SLUG_LENGTH,
    MAX_URL_LENGTH,
    UrlRules,
    url_rules,
)

Span = tuple[int, int]

# Every TLD starts with a letter, right after a dot: a text without that has no link, and the
# patterns are not even loaded for it.
_MAY_LINK = re.compile(r"\.[^\W\d_]")
# What Python's IDNA codec separates labels at, and what its nameprep drops (RFC 3454, table B.1).
_IDNA_DOTS = re.compile("[.\u3002\uff0e\uff61]")
_MAPPED_TO_NOTHING = dict.fromkeys(
    [0x00AD, 0x034F, 0x1806, 0x180B, 0x180C, 0x180D, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, *range(0xFE00, 0xFE10)]
)
_MAX_LABEL = 63  # octets in a DNS label
_BAD_ASCII_LABEL = re.compile(r"[^.]{64}|^\.|\.\.")  # too long, or empty (but the last)
_NOT_IN_TLD = re.compile(r"[\s!-,./:-@\[-`{-~]")  # white space, ASCII punctuation but '-'


def find_urls(text: str, *, bare_domains: bool) -> list[Span]:
    """(start, end) of each URL, by twitter-text's rules; bare domains (no http:// or https://) only when asked."""
    return [(start, end) for start, end, protocol in _links(text) if protocol or bare_domains]


class _Patterns:
    """The searches this module makes, built from twitter-text's pieces, ignoring case where twitter-text does.

    Each is compiled when first needed: with the TLD table in it, each takes some 10 ms.
    """

    def __init__(self, rules: UrlRules):
        self.rules = rules
        self.run = f"(?:[_-]|{rules.domain_char})"  # a label's characters
        # Ignoring case or not makes no difference to `run`: what it excludes has no case.
        self.chain = re.compile(f"(?:{self.run}++\\.)++")  # dotted labels as long as they go
        self.breaks = re.compile(r"(?<=\.)[_-]|[_-](?=\.)")  # '_' or '-' starts or ends a label: no domain has it
        # Where a URL may start: after a preceding character (or at 0), not on '_' or '-'.
        self.start = re.compile(f"(?:(?<={rules.preceding_char})|^)(?![_-])", re.IGNORECASE)
        self.protocol = re.compile(r"https?://", re.IGNORECASE)
        # Port, path and query after a domain: groups port, path, query.
        self.suffix = re.compile(f"(?::({rules.port}))?(/{rules.path}*)?({rules.query})?", re.IGNORECASE)

    @functools.cached_property
    def scan(self) -> re.Pattern[str]:
        """A token that is one link and punctuation around it, or else a chain of dotted labels.

        The token has white space before and after it: an optional protocol, ASCII labels (letters
        and digits, inner hyphens, at most 63), a TLD, a path of characters a path may end in; an
        opening bracket or quote before, closing punctuation after that neither a path nor a query
        can end in (none of them a domain's character: twitter-text's punctuation has no '"').
        twitter-text's search finds exactly that link in such a token, whatever came before it, as
        no link holds white space (see _plain).
        """
        plain_link = (
            r"(?<![^ \t\n\r])[('\[<]?"
            r"(?P<url>(?P<protocol>[hH][tT][tT][pP][sS]?://)?"
            r"(?P<domain>(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+"
            rf"(?=[a-zA-Z0-9-]+(?:/|[.,;:!?)'\]>]*(?:[ \t\n\r]|\Z)))(?P<tld>(?i:{self.rules.tld})))"  # the last label
            r"(?P<path>/[-+a-zA-Z0-9=_#/]*)?)"
            r"[.,;:!?)'\]>]*(?=[ \t\n\r]|\Z)"
        )
        return re.compile(f"(?P<link>{plain_link})|(?P<chain>(?<!{self.run}){self.chain.pattern})")

    @functools.cached_property
    def tld(self) -> re.Pattern[str]:
        return re.compile(self.rules.tld, re.IGNORECASE)

    @functools.cached_property
    def dot_tld(self) -> re.Pattern[str]:
        """A dot and the TLD after it."""
        return re.compile(f"\\.(?:{self.rules.tld})", re.IGNORECASE)

    @functools.cached_property
    def ascii_labels(self) -> re.Pattern[str]:
        """Nothing but the characters of ASCII (and Latin) labels, and dots."""
        return re.compile(f"(?:{self.rules.ascii_label_char}|\\.)+", re.IGNORECASE)

    @functools.cached_property
    def ascii_domain(self) -> re.Pattern[str]:
        """A chain of ASCII labels, from its first, up to the last dot that a TLD follows."""
        label = self.rules.ascii_label_char
        return re.compile(f"(?<!{label})(?<!{label}\\.)(?:{label}++\\.)+(?={self.rules.tld})", re.IGNORECASE)


@functools.cache
def _patterns() -> _Patterns:
    return _Patterns(url_rules())


@functools.lru_cache(maxsize=64)
def _links(text: str) -> tuple[tuple[int, int, bool], ...]:
    """(start, end, has a protocol) of each link, as twitter-text's extract_urls_with_indices finds them.

    The search goes on from where the last match ended (`pos`), in each chain of dotted labels that
    a TLD follows; a token that is one plain link is that link.
    """
    if not _MAY_LINK.search(text):
        return ()
    p = _patterns()
    found: list[tuple[int, int, bool]] = []
    pos = 0  # where the search goes on: the next match's preceding character is at pos or later
    for m in p.scan.finditer(text):
        if m.group("chain") is not None:
            start, end = m.span()
        elif (plain := _plain(m)) is not None:
            found.extend(plain)
            pos = m.end()
            continue
        else:  # the general search decides, in the word's chain of labels
            start = m.start("domain")
            chain = p.chain.match(text, start)
            assert chain is not None  # the word's labels are one
            end = chain.end()
        if end > pos:
            pos = _search(text, p, start, end, pos, found)
    return tuple(found)


def _plain(m: re.Match[str]) -> list[tuple[int, int, bool]] | None:
    """The link in a token that is one link; None for the general search to decide (t.co and a path)."""
    protocol, tld = m.group("protocol"), m.group("tld")
    if protocol and m.group("path") and m.group("domain").lower() == "t.co":
        return None
    start, end = m.span("url")
    if len(protocol or DEFAULT_PROTOCOL) + end - start > MAX_URL_LENGTH or len(tld) > _MAX_LABEL:
        return []  # too long to be a link
    return [(start, end, protocol is not None)]


def _search(text: str, p: _Patterns, start: int, end: int, pos: int, found: list[tuple[int, int, bool]]) -> int:
    """twitter-text's search in the chain of labels start..end, from `pos` on: add the links, say where it goes on."""
    labels = _Chain(text, p, start, end)
    while labels.tlds and pos < end and (match := labels.first_match(pos)) is not None:
        found.extend(_accepted(text, match, p))
        pos = match.end
    return pos


class _Match(NamedTuple):
    """One match of twitter-text's URL pattern: the URL, its protocol, the character before, the domain."""

    start: int
    end: int
    protocol: str | None
    before: str
    domain: Span
    path: bool


class _Chain:
    """Dotted labels from `start` to `end` (just after the last dot), and the URLs that start in them."""

    def __init__(self, text: str, p: _Patterns, start: int, end: int):
        self.text, self.p, self.start, self.end = text, p, start, end
        # Where a TLD starts, right after one of its dots (the last one's may run past `end`, up to
        # the first space or ASCII punctuation but '-', none of which a TLD has; then the lookahead).
        if text.find(".", start, end - 1) == -1:  # one label: a TLD can only start at the end
            tld = p.tld.match(text, end)
            self.tld_ends = {end: tld.end()} if tld is not None else {}
        else:
            after = _NOT_IN_TLD.search(text, end)
            stop = after.end() if after is not None else len(text)
            self.tld_ends = {m.start() + 1: m.end() for m in p.dot_tld.finditer(text, start, stop)}
        self.tlds = list(self.tld_ends)  # ascending
        self._breaks: list[int] | None = None
        self.reach: dict[int, tuple[int | None, int]] = {}  # last dot reachable -> (last good TLD, looked down to)

    @property
    def breaks(self) -> list[int]:
        """Where a '_' or '-' starts or ends a label (no domain has that label), ascending."""
        if self._breaks is None:
            text, start = self.text, self.start
            found = [m.start() for m in self.p.breaks.finditer(text, start, self.end)]
            self._breaks = [start, *found] if text[start] in "_-" and found[:1] != [start] else found
        return self._breaks

    def first_match(self, pos: int) -> _Match | None:
        """The first match whose preceding character is at `pos` or later (or that starts at 0, when pos is 0)."""
        text = self.text
        lowest = pos + 1 if pos else 0  # the earliest start: after a preceding character, or at 0 itself
        at = max(self.start, lowest)
        while at < self.end:
            if text[at] == ".":
                at += 1
                continue
            dot = text.find(".", at, self.end)  # ends the label `at` is in
            if text[dot - 1] in "_-":
                at = dot + 1
                continue
            tld = self._last_good_tld(dot)
            if tld is not None:  # a later label is the domain name: any start in this label will do
                found = self._first_start(at, dot, lowest)
                if found is not None:
                    return self._match(*found, self.tld_ends[tld])
                at = dot + 1
                continue
            if dot + 1 in self.tld_ends:  # this label is the domain name if it has no '_' after the start
                found = self._first_start(max(at, text.rfind("_", at, dot) + 1), dot, lowest)
                if found is not None:
                    return self._match(*found, self.tld_ends[dot + 1])
            at = self._next_label_to_try(dot)
        return None

    def _last_good_tld(self, dot: int) -> int | None:
        """Where the TLD starts after the last label the label ending at `dot` reaches that can be a domain name."""
        if dot + 1 == self.end:  # the chain's last label: none after it
            return None
        text = self.text
        b = bisect_right(self.breaks, dot)
        limit = text.rfind(".", dot, self.breaks[b]) if b < len(self.breaks) else self.end - 1
        known = self.reach.get(limit)
        if known is not None and known[1] <= dot + 1:
            return known[0] if known[0] is not None and known[0] > dot + 1 else None
        found = None
        i = bisect_right(self.tlds, limit + 1) - 1
        while i >= 0 and self.tlds[i] > dot + 1:
            tld = self.tlds[i]
            if text.find("_", text.rfind(".", dot, tld - 1) + 1, tld - 1) == -1:  # no '_' in the label before it
                found = tld
                break
            i -= 1
        self.reach[limit] = (found, dot + 1)
        return found

    def _next_label_to_try(self, dot: int) -> int:
        """After a label that no URL starts in: the next label with a TLD after it, or past the next break."""
        text, candidates = self.text, [self.end]
        t = bisect_right(self.tlds, dot + 1)
        if t < len(self.tlds) and self.tlds[t] <= self.end:
            candidates.append(text.rfind(".", dot, self.tlds[t] - 1) + 1)
        b = bisect_right(self.breaks, dot)
        if b < len(self.breaks):
            z = self.breaks[b]
            candidates.append(z if text[z - 1] == "." else z + 2)
        return min(candidates)

    def _first_start(self, low: int, dot: int, lowest: int) -> tuple[int, int, str | None] | None:
        """The first start, in the search's order, of a URL whose first label is `low`..`dot` or its end."""
        text, p = self.text, self.p
        # A protocol just before the chain comes first.
        if low <= self.start and text[self.start - 1 : self.start] == "/":
            for length in (8, 7):
                u = self.start - length
                if (
                    u >= lowest
                    and p.protocol.fullmatch(text, u, self.start)
                    and p.start.match(text, u)
                    and text[self.start] not in "_-"
                ):
                    return u, self.start, text[u : self.start]
        if low == 0 and lowest == 0 and dot > 1:
            # At 0 the pattern tries its preceding character first (a URL at 1), and only then ^ (a URL at 0).
            if p.start.match(text, 1):
                return 1, 1, None
            if text[0] not in "_-":
                return 0, 0, None
            low = 2
        m = p.start.search(text, max(low, lowest), dot)
        if m is None or m.start() >= dot:
            return None
        return m.start(), m.start(), None

    def _match(self, start: int, domain_start: int, protocol: str | None, domain_end: int) -> _Match:
        text = self.text
        before = text[start - 1] if start else ""
        if text[domain_end : domain_end + 1] not in (":", "/", "?"):  # no port, path or query
            return _Match(start, domain_end, protocol, before, (domain_start, domain_end), False)
        rest = self.p.suffix.match(text, domain_end)
        assert rest is not None  # every part of it is optional
        return _Match(start, rest.end(), protocol, before, (domain_start, domain_end), bool(rest.group(2)))


def _accepted(text: str, match: _Match, p: _Patterns) -> list[tuple[int, int, bool]]:
    """twitter-text's checks on one match: the links it yields, (start, end, has a protocol)."""
    domain = text[match.domain[0] : match.domain[1]]
    ascii_length = idna_length(domain)
    url_length = match.end - match.start
    if (
        ascii_length is None
        or len(match.protocol or DEFAULT_PROTOCOL) + url_length + ascii_length - len(domain) > MAX_URL_LENGTH
    ):
        return []
    if match.protocol is None:
        if p.rules.no_protocol_after.match(match.before):
            return []
        if p.ascii_labels.fullmatch(domain):  # all of it is one: its chain of labels runs to the TLD
            spans = [(match.start, match.start + len(domain))]
        else:
            spans = [(match.start + s, match.start + e) for s, e in _ascii_domains(domain, p)]
        if spans and match.path:
            spans[-1] = (spans[-1][0], match.end)
        return [(s, e, False) for s, e in spans]
    tco = p.rules.tco.search(text[match.start : match.end]) if match.domain[1] - match.domain[0] == 4 else None
    if tco is not None:
        if len(tco.group(1)) > MAX_TCO_SLUG_LENGTH:
            return []
        return [(match.start, match.start + tco.end(), True)]
    return [(match.start, match.end, True)]


def _ascii_domains(domain: str, p: _Patterns) -> list[Span]:
    """The ASCII (and Latin) domains in `domain`, as twitter-text finds them in a URL without a protocol."""
    found: list[Span] = []
    pos = 0
    while pos < len(domain) and (m := p.ascii_domain.search(domain, pos)) is not None:
        tld = p.tld.match(domain, m.end())
        assert tld is not None  # the pattern's lookahead just matched it
        found.append((m.start(), tld.end()))
        pos = tld.end()
    return found


def idna_length(domain: str) -> int | None:
    """len(domain.encode('idna')), None where Python's codec refuses the domain; as twitter-text's check needs it."""
    if domain.isascii():  # the codec keeps it as it is, if its labels are neither empty nor too long
        return None if _BAD_ASCII_LABEL.search(domain) else len(domain)
    labels = _IDNA_DOTS.split(domain)
    total = len(labels) - 1
    for i, label in enumerate(labels):
        if not label and i == len(labels) - 1:  # a trailing dot
            continue
        length = _label_length(label)
        if length is None:
            return None
        total += length
    return total


@functools.lru_cache(maxsize=4096)
def _label_length(label: str) -> int | None:
    if not label:
        return None
    # nameprep can compose at most four code points into one (the longest canonical decomposition),
    # so a label with more than 4 * 63 code points it keeps cannot come out short enough: the codec,
    # pure Python, would take milliseconds to say so.
    if not label.isascii() and len(label.translate(_MAPPED_TO_NOTHING)) > 4 * _MAX_LABEL:
        return None
    try:
        return len(label.encode("idna"))
    except ValueError:  # UnicodeError: a label the codec cannot encode
        return None
