"""Length of a text as a network counts it, and the links and hashtags in it. Pure: no I/O.

The methods are the knowledge base's `LengthCounting` words:

- characters: Unicode code points (what most networks' APIs count);
- graphemes: user-perceived characters, extended grapheme clusters of UAX #29 (Bluesky), via the
  `regex` module's `\\X`, which follows the current Unicode version (emoji ZWJ sequences, skin
  tones, flags and Indic conjuncts are one grapheme each);
- utf8-bytes and utf16-units: the size of the text in that encoding;
- emoji-utf8-bytes: characters, except that an emoji counts as its UTF-8 bytes (Threads: a
  "😀" counts 4, a family of three joined by ZWJ 18);
- x-weighted: X's weighted length, twitter-text v3 (most CJK characters and every emoji count 2,
  a URL counts 23), counted as twitter-text counts with the weights and emoji table of
  twitter-text-parser; it passes twitter-text's conformance cases (tests/conformance/).

URLs are found by twitter-text's rules (links.py), in time linear in the text. X turns bare
domains (example.com) into links too; for every other method a `url_length` applies only to links
with a scheme (http:// or https://), the ones Mastodon, the network that records a url_length,
turns into links.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from bisect import bisect_right

import regex

from smm_advisor.posts.links import find_urls
from smm_advisor.posts.twitter_rules import Weights, emoji_pattern, weights
from smm_advisor.vocabulary import LengthCounting

__all__ = ["UNITS", "count_graphemes", "find_hashtags", "find_urls", "measure", "x_weighted_length"]

UNITS: dict[str, str] = {
    "characters": "characters",
    "graphemes": "graphemes",
    "utf8-bytes": "bytes",
    "utf16-units": "UTF-16 units",
    "x-weighted": "weighted characters",
    "emoji-utf8-bytes": "characters",
}

_GRAPHEME = regex.compile(r"\X")
_EMOJI = regex.compile(r"\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20e3")
_FLAG_RUN = regex.compile(r"\p{Regional_Indicator}{4,}")
# A non-ASCII emoji character or emoji component: every emoji of twitter-text's table has one.
_EMOJI_HINT = regex.compile(r"[[\p{Emoji}\p{Emoji_Component}]--\p{ASCII}]", regex.VERSION1)
_LINE_ENDS = re.compile(r"\r\n?")

# twitter-text's hashtag: '#' or '＃' not after a letter, digit, mark (but a variation selector,
# as after an emoji), '_' or '&'; letters, marks, digits and a few joiners, at least one letter;
# not followed by another '#' or '://'; no keycap emoji.
_HASHTAG_CHARS = (
    r"\p{L}\p{M}\p{Nd}_\u200c\u200d\ua67e\u05be\u05f3\u05f4\uff5e\u301c\u309b\u309c\u30a0\u30fb\u3003\u0f0b\u0f0c\u00b7"
)
_HASHTAG = regex.compile(
    rf"(?:(?<=[\ufe0e\ufe0f])|(?<![&{_HASHTAG_CHARS}]))[#\uff03](?![\ufe0f\u20e3])"
    rf"((?=[{_HASHTAG_CHARS}]*\p{{L}})[{_HASHTAG_CHARS}]++)(?![#\uff03]|://)"
)


def measure(text: str, counting: LengthCounting, url_length: int | None = None) -> int:
    """The length of `text` by `counting`; with `url_length`, every link counts that many units."""
    if counting == "x-weighted":
        return x_weighted_length(text, url_length=url_length or 23)
    if url_length is None:
        return _plain_length(text, counting)
    total, start = 0, 0
    for begin, end in find_urls(text, bare_domains=False):
        total += _plain_length(text[start:begin], counting) + url_length
        start = end
    return total + _plain_length(text[start:], counting)


def _plain_length(text: str, counting: LengthCounting) -> int:
    if counting == "characters":
        return len(text)
    if counting == "graphemes":
        return count_graphemes(text)
    if counting == "utf8-bytes":
        return len(text.encode("utf-8"))
    if counting == "utf16-units":
        return len(text.encode("utf-16-le")) // 2
    if counting == "emoji-utf8-bytes":
        rest, pairs = _cut_flag_runs(text)  # the pairs cut are flags: emoji, 8 bytes each
        return 8 * pairs + sum(
            len(g.encode("utf-8")) if _EMOJI.search(g) else len(g)
            for g in (m.group() for m in _GRAPHEME.finditer(rest))
        )
    raise ValueError(f"unknown counting method {counting!r}")


def count_graphemes(text: str) -> int:
    """User-perceived characters (extended grapheme clusters, UAX #29)."""
    rest, pairs = _cut_flag_runs(text)
    return pairs + sum(1 for _ in _GRAPHEME.finditer(rest))


def _cut_flag_runs(text: str) -> tuple[str, int]:
    """`text` with each run of regional indicators cut to its first two or three, and the pairs cut.

    Before each regional indicator, the `regex` module's \\X looks back over the whole run to know
    which pair it is in: time quadratic in the run (40,000 of them took seconds). Pairs are counted
    from the start of a run and the pairs inside a run are graphemes of their own whatever
    surrounds it (UAX #29, GB12, GB13), so the run's first pair, and a third indicator if the
    count is odd, stand for it with its neighbours.
    """
    pairs = 0

    def cut(run: regex.Match[str]) -> str:
        nonlocal pairs
        keep = 2 + len(run.group()) % 2
        pairs += (len(run.group()) - keep) // 2
        return run.group()[:keep]

    return _FLAG_RUN.sub(cut, text), pairs


def x_weighted_length(text: str, *, url_length: int = 23) -> int:
    """X's weighted length (twitter-text v3 configuration), each URL counting `url_length`.

    As twitter-text's parseTweet counts, from left to right: a link counts `url_length`, an emoji
    (a sequence in the emoji table) the default weight, every other code point its range's weight.
    A link that starts inside an emoji is not one, nor an emoji inside a link.
    """
    w = weights()
    text = _LINE_ENDS.sub("\n", unicodedata.normalize("NFC", text))
    links = dict(find_urls(text, bare_domains=True))
    emoji = dict(_emoji_spans(text)) if w.emoji_parsing else {}
    total, at = 0, 0
    for start in sorted(links.keys() | emoji.keys()):
        if start < at:
            continue
        total += _plain_weight(text[at:start], w)
        if start in links:
            total += url_length * w.scale
            at = links[start]
        else:
            total += w.default_weight
            at = emoji[start]
    return (total + _plain_weight(text[at:], w)) // w.scale


def _plain_weight(text: str, w: Weights) -> int:
    """The weights of the code points of `text`, each by its range (or the default)."""
    total = w.default_weight * len(text)
    for chars, weight in _weight_classes(w):
        total += (weight - w.default_weight) * (len(text) - len(chars.sub("", text)))
    return total


@functools.cache
def _weight_classes(w: Weights) -> tuple[tuple[re.Pattern[str], int], ...]:
    by_weight: dict[int, str] = {}
    for first, last, weight in w.ranges:
        by_weight[weight] = by_weight.get(weight, "") + f"\\U{first:08x}-\\U{last:08x}"
    return tuple((re.compile(f"[{ranges}]"), weight) for weight, ranges in by_weight.items())


def _emoji_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each emoji, as twitter-text's emoji pattern finds them one after another.

    Every sequence in the table has a non-ASCII emoji character or emoji component (a variation
    selector, a keycap, ZWJ) at its start or just after it (after the digit of a keycap), so the
    pattern is tried only there: a draft without such a character does not even load it.
    """
    if text.isascii() or not _EMOJI_HINT.search(text):
        return []
    pattern = emoji_pattern()
    found: list[tuple[int, int]] = []
    end = 0
    for hint in _EMOJI_HINT.finditer(text):
        for start in (hint.start() - 1, hint.start()):
            if start >= end and (m := pattern.match(text, start)) is not None:
                found.append(m.span())
                end = m.end()
                break
    return found


def find_hashtags(text: str) -> list[str]:
    """The hashtags of a text (without '#'), in order; a '#' inside a link is not one."""
    return list(_hashtags(text))


@functools.lru_cache(maxsize=64)
def _hashtags(text: str) -> tuple[str, ...]:
    # `check` asks about the same draft once per network.
    if "#" not in text and "\uff03" not in text:
        return ()
    urls = find_urls(text, bare_domains=True)
    starts = [begin for begin, _ in urls]
    return tuple(m.group(1) for m in _HASHTAG.finditer(text) if not _inside(m.start(), urls, starts))


def _inside(at: int, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    """Whether `at` is inside one of `spans` (sorted, not overlapping; `starts` their starts)."""
    i = bisect_right(starts, at) - 1
    return i >= 0 and at < spans[i][1]
