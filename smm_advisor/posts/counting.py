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
  a URL counts 23), computed by twitter-text-parser, which passes twitter-text's conformance cases.

URLs are found by twitter-text's extractor. X turns bare domains (example.com) into links too; for
every other method a `url_length` applies only to links with a scheme (http:// or https://), the
ones Mastodon, the network that records a url_length, turns into links.
"""

from __future__ import annotations

import functools
import sys
import types
from typing import Any

import regex

from smm_advisor.vocabulary import LengthCounting

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

# twitter-text's hashtag: '#' or '＃' not after a letter, digit, '_' or '&'; letters, marks, digits
# and a few joiners, at least one letter; not followed by another '#' or '://'; no keycap emoji.
_HASHTAG_CHARS = (
    r"\p{L}\p{M}\p{Nd}_\u200c\u200d\ua67e\u05be\u05f3\u05f4\uff5e\u301c\u309b\u309c\u30a0\u30fb\u3003\u0f0b\u0f0c\u00b7"
)
_HASHTAG = regex.compile(
    rf"(?<![&{_HASHTAG_CHARS}])[#\uff03](?![\ufe0f\u20e3])"
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
        return sum(
            len(g.encode("utf-8")) if _EMOJI.search(g) else len(g)
            for g in (m.group() for m in _GRAPHEME.finditer(text))
        )
    raise ValueError(f"unknown counting method {counting!r}")


def count_graphemes(text: str) -> int:
    """User-perceived characters (extended grapheme clusters, UAX #29)."""
    return sum(1 for _ in _GRAPHEME.finditer(text))


def x_weighted_length(text: str, *, url_length: int = 23) -> int:
    """X's weighted length (twitter-text v3 configuration), each URL counting `url_length`."""
    tt = _twitter_text()
    options = {**tt.config["defaults"], "transformed_url_length": url_length}
    return int(tt.parse_tweet(text, options).weightedLength)


def find_urls(text: str, *, bare_domains: bool) -> list[tuple[int, int]]:
    """(start, end) of each URL, by twitter-text's rules; bare domains only when asked."""
    return list(_urls(text, bare_domains))


@functools.lru_cache(maxsize=64)
def _urls(text: str, bare_domains: bool) -> tuple[tuple[int, int], ...]:
    # `check` asks about the same draft once per network; twitter-text's extractor is slow Python.
    found = _twitter_text().extract_urls_with_indices(text, bare_domains)
    return tuple((int(u["indices"][0]), int(u["indices"][1])) for u in found)


def find_hashtags(text: str) -> list[str]:
    """The hashtags of a text (without '#'), in order; a '#' inside a link is not one."""
    urls = find_urls(text, bare_domains=True)
    return [m.group(1) for m in _HASHTAG.finditer(text) if not any(begin <= m.start() < end for begin, end in urls)]


@functools.cache
def _twitter_text() -> Any:
    """Import twitter-text-parser, handing it a stand-in for `pkg_resources` while it loads.

    Its emoji table is read at import with `pkg_resources.resource_string`, which setuptools 82
    removed (and Python 3.12 environments have no setuptools at all), while older setuptools warn
    on stderr when it is imported. The stand-in reads the same file with importlib.resources and is
    taken out of sys.modules again once the import is done.
    """
    had = "pkg_resources" in sys.modules
    saved = sys.modules.get("pkg_resources")
    stand_in = types.ModuleType("pkg_resources")
    stand_in.resource_string = _resource_string  # type: ignore[attr-defined]
    sys.modules["pkg_resources"] = stand_in
    try:
        import twitter_text  # type: ignore[import-untyped]
        import twitter_text.config  # type: ignore[import-untyped]
    finally:
        if had:
            sys.modules["pkg_resources"] = saved  # type: ignore[assignment]
        else:
            del sys.modules["pkg_resources"]
    return types.SimpleNamespace(
        parse_tweet=twitter_text.parse_tweet,
        extract_urls_with_indices=twitter_text.extract_urls_with_indices,
        config=twitter_text.config.config,
    )


def _resource_string(module_name: str, resource: str) -> bytes:
    from importlib.resources import files

    package = sys.modules[module_name].__package__ or module_name
    return files(package).joinpath(resource).read_bytes()
