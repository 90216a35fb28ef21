"""Hostile drafts: no shape of text makes `check` slow.

Each case is a draft of ten times a network's longest limit, built from a shape that a hostile or
careless user could paste (runs of dots, 'a.a.a.', 'http://' over and over, emoji joined by ZWJ,
combining marks, control characters, one endless word, ...), checked against that network.

Time is measured as a ratio, never in seconds: the machines are shared and noisy. Each case may
take at most RATIO times as long as an ordinary post of the same length (words, a link, a hashtag,
an emoji) checked against the same network in the same run, the shortest of a few runs each.
Work that grows with the length passes with room to spare (the worst shapes take 10 to 20 times
an ordinary post); work that grows with its square does not: before links were found in linear
time, 2,800 characters of 'a.a.a.' took 18 s on X, 1,456 times an ordinary post (itself 12 ms
then), and 5,000 on Threads 27 s.
"""

from __future__ import annotations

import functools
import gc
import itertools
import time
from collections.abc import Callable

import pytest

from smm_advisor.knowledge.models import KnowledgeBase
from smm_advisor.knowledge.store import load_knowledge_base
from smm_advisor.posts.checking import Draft, check_drafts

RATIO = 50
ORDINARY = "Our spring sale starts on Monday 🌷 Read more at example.com/spring and tell a friend! #sale\n"
FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"  # man, woman, girl, boy joined by ZWJ
KB = load_knowledge_base(None)
RUNS = itertools.count()


def fill(unit: str, n: int) -> str:
    """`unit` repeated to exactly n characters."""
    return (unit * (n // len(unit) + 1))[:n]


def then(head: str, unit: str, tail: str = "") -> Callable[[int], str]:
    """A text of `head`, then `unit` repeated, then `tail`: n characters in all."""
    return lambda n: head + fill(unit, n - len(head) - len(tail)) + tail


SHAPES: dict[str, Callable[[int], str]] = {
    # Runs of domain labels: the shape that made link extraction quadratic.
    "a.a.a.": functools.partial(fill, "a."),
    "digit labels": functools.partial(fill, "1."),
    "CJK labels": functools.partial(fill, "日."),
    "NUL labels": functools.partial(fill, "\x00."),
    "control-character labels": functools.partial(fill, "\x01\x02\x1f."),
    "hyphenated labels": functools.partial(fill, "a-b."),
    "labels with underscores": functools.partial(fill, "a_b."),
    "labels ending in a hyphen": functools.partial(fill, "a-."),
    "labels starting with an underscore": functools.partial(fill, "_a."),
    "one label after another, then a TLD": then("", "a.", "com"),
    "TLDs in a row": functools.partial(fill, "com."),
    "TLDs with underscores": functools.partial(fill, "a_b.com."),
    "punycode labels": functools.partial(fill, "a.xn--"),
    "dots": functools.partial(fill, "."),
    "a letter, then dots": then("a", "."),
    # Links, many or long.
    "bare domains": functools.partial(fill, "a.co "),
    "links with a scheme": functools.partial(fill, "http://a.co/ "),
    "schemes": functools.partial(fill, "http://"),
    "schemes and labels": functools.partial(fill, "https://a."),
    "t.co with an endless slug": then("https://t.co/", "a"),
    "a path of parentheses": then("a.com/", "("),
    "a path of !(": then("a.com/", "!("),
    "a path of balanced parentheses": then("a.com/", "a(b)"),
    "a query of question marks": then("a.com?", "?"),
    "an endless port": then("a.com:", "1"),
    "IDN domains": functools.partial(fill, "中" * 60 + ".com "),
    "Latin IDN domains": functools.partial(fill, "ä.com "),
    "Cyrillic domains": functools.partial(fill, "пример.рф "),
    "one CJK word ending in a TLD": then("", "中", ".com"),
    "zero-width spaces in a domain": then("http://a", "\u200b", ".com"),
    "RTL-wrapped links": functools.partial(fill, "\u2066a.com\u2069 "),
    "a long s in the TLD": functools.partial(fill, "a.eſ "),
    # Mentions and hashtags.
    "at signs": functools.partial(fill, "@"),
    "mentions with dots": functools.partial(fill, "@a."),
    "hash signs": functools.partial(fill, "#"),
    "hashtags": functools.partial(fill, "#a"),
    "fullwidth hashtags": functools.partial(fill, "＃a"),
    "hashtags and links": functools.partial(fill, "#a b.co "),
    "punctuation": functools.partial(fill, "!?.,;:-_/()[]{}<>'\"&%"),
    # Emoji and other characters that several units of count as one.
    "emoji": functools.partial(fill, "\U0001f600"),
    "ZWJ families": functools.partial(fill, FAMILY),
    "ZWJ characters": functools.partial(fill, "\u200d"),
    "keycaps": functools.partial(fill, "1\ufe0f\u20e3"),
    "flags": functools.partial(fill, "\U0001f1e9\U0001f1ea"),
    "copyright signs": functools.partial(fill, "©"),
    "digits": functools.partial(fill, "1"),
    "combining marks on one letter": then("e", "\u0301"),
    "stacked combining marks": functools.partial(fill, "a\u0301\u0302\u0323"),
    "RTL marks": functools.partial(fill, "\u202e\u200f"),
    "NUL characters": functools.partial(fill, "\x00"),
    "noncharacters": functools.partial(fill, "\ufffe\uffff"),
    "line breaks": functools.partial(fill, "\r\n"),
    "spaces": functools.partial(fill, " "),
    "one long word": functools.partial(fill, "x"),
    "one long CJK word": functools.partial(fill, "中"),
}


def longest_limits(kb: KnowledgeBase) -> dict[str, tuple[str, int]]:
    """Each network with a known limit: the kind of text with its longest limit, and that limit."""
    found: dict[str, tuple[str, int]] = {}
    for p in kb.platforms:
        known = [(tl.limit, tl.kind) for tl in p.text_limits if tl.limit is not None]
        if known:
            limit, kind = max(known)
            found[p.id] = (kind, limit)
    return found


NETWORKS = longest_limits(KB)


def seconds(text: str, network: str) -> tuple[float, float]:
    """The shortest of a few runs of checking `text`, and an ordinary post as long, against `network`.

    The runs alternate, so that the machine's other work slows both alike.
    """
    kind = NETWORKS[network][0]
    runs = 2 if len(text) > 100_000 else 3
    best = [float("inf"), float("inf")]
    gc.collect()
    gc.disable()
    try:
        for _ in range(runs):
            for which, body in enumerate((text, fill(ORDINARY, len(text)))):
                # A text not seen before: check's cache of links must not answer for it.
                draft = Draft("hostile", f"{next(RUNS)}\n{body}")
                start = time.perf_counter()
                check_drafts(KB, [draft], [network], kind)
                best[which] = min(best[which], time.perf_counter() - start)
    finally:
        gc.enable()
    return best[0], best[1]


def test_each_network_is_checked_at_ten_times_its_longest_limit() -> None:
    assert NETWORKS["x"] == ("post", 280)
    assert NETWORKS["facebook"] == ("post", 63_206)
    assert NETWORKS["youtube"] == ("description", 5_000)  # its title's limit is 100
    assert "snapchat" not in NETWORKS  # no published limit


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("network", NETWORKS)
def test_no_shape_of_draft_is_much_slower_than_an_ordinary_post(network: str, shape: str) -> None:
    n = 10 * NETWORKS[network][1]
    text = SHAPES[shape](n)
    assert len(text) == n
    took, ordinary = seconds(text, network)
    assert took <= RATIO * ordinary, (
        f"{n:,} characters of {shape!r} on {network}: {took * 1e3:.1f} ms, "
        f"{took / ordinary:.0f} times an ordinary post of that length ({ordinary * 1e3:.2f} ms)"
    )
