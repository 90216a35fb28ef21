"""twitter-text's rules as the `twitter-text-parser` package ships them, each loaded when first needed.

What is taken from the package is data: the top-level domains and character classes of its URL
pattern, its emoji table (Unicode's emoji-test.txt) and X's weights (twitter-text's config v3).
Its functions are not used: its URL extraction takes time quadratic in the length of some texts
(links.py says why and does it in linear time).

`import twitter_text` runs the package's __init__, which builds every pattern at once (about 0.1 s,
half of it the emoji table). Each loader here imports only the modules it needs, so that a draft
without anything like a link or an emoji never pays for them.

The TLD and emoji alternations are rebuilt as tries: as one alternation of some thousand words,
each try costs several microseconds, which twitter-text pays at every dot of a text.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import re
import sys
import types
from collections.abc import Callable
from typing import Any, NamedTuple, TypeVar

T = TypeVar("T")

# twitter-text's limits (extractor.js): a longer URL is not a link, a longer t.co slug is not one.
MAX_URL_LENGTH = 4096
MAX_TCO_SLUG_LENGTH = 40
DEFAULT_PROTOCOL = "https://"


class UrlRules(NamedTuple):
    """The pieces of twitter-text's URL pattern (regular-expression sources), to be compiled ignoring case."""

    tld: str  # a gTLD or ccTLD not followed by [0-9a-zA-Z@+-], or a punycode TLD (xn--...)
    domain_char: str  # a character class: not punctuation, a space, an invalid character or a directional mark
    preceding_char: str  # one character after which a URL may start
    port: str
    path: str  # one segment of a path; the path is '/' and any number of them
    query: str  # '?' and what follows
    ascii_label_char: str  # a character of an ASCII (or Latin) domain label
    tco: re.Pattern[str]  # a t.co link and its slug (group 1)
    no_protocol_after: re.Pattern[str]  # a URL without a protocol is not one after these characters


class Weights(NamedTuple):
    """X's weighted length (twitter-text config v3): per-code-point weights in 1/scale units."""

    scale: int
    default_weight: int
    ranges: tuple[tuple[int, int, int], ...]  # (first, last, weight)
    emoji_parsing: bool


def _module(name: str) -> types.ModuleType:
    """`twitter_text.<name>`, imported without running `twitter_text/__init__.py` (which builds everything)."""
    if "twitter_text" in sys.modules:
        return importlib.import_module(f"twitter_text.{name}")
    spec = importlib.util.find_spec("twitter_text")
    if spec is None:
        raise ModuleNotFoundError("twitter-text-parser is not installed", name="twitter_text")
    sys.modules["twitter_text"] = importlib.util.module_from_spec(spec)  # the package, its __init__ not run
    try:
        return importlib.import_module(f"twitter_text.{name}")
    finally:
        del sys.modules["twitter_text"]  # an `import twitter_text` elsewhere still gets the whole package


def _pattern(name: str, attribute: str | None = None) -> str:
    """The source of the pattern `attribute` (default: the module's own name) in twitter_text.regexp.<name>."""
    value: Any = getattr(_module(f"regexp.{name}"), attribute or name)
    return value if isinstance(value, str) else str(value.pattern)


def _words(pattern: str, head: str, tail: str) -> list[str]:
    """The words of an alternation `head + 'a|b|c' + tail`, as the package writes its TLD lists."""
    if not (pattern.startswith(head) and pattern.endswith(tail)):
        raise ValueError(f"twitter-text-parser's pattern changed shape: {pattern[:40]!r}...{pattern[-40:]!r}")
    return pattern[len(head) : -len(tail)].split("|")


def trie(words: list[str]) -> str:
    """A pattern matching what `'|'.join(words)` matches, first alternative first, in one pass per character.

    Needs words that extend another word to come before it (both lists in the package are ordered
    so): then the first alternative that matches is the longest, and the trie tries longer first.
    """
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + emit(child) for char, child in node.items() if char]
        if not branches:
            return ""
        body = "|".join(branches)
        if "" in node:  # a word ends here: the longer words first, then the empty branch
            return f"(?:{body})?"
        return f"(?:{body})" if len(branches) > 1 else body

    return emit(root)


@functools.cache
def url_rules() -> UrlRules:
    """twitter-text's URL pattern in pieces (about 15 ms to load)."""
    lookahead = "(?=[^0-9a-zA-Z@+-]|$)"
    tlds = _words(_pattern("valid_gtld"), "(?:(?:", f"){lookahead})") + _words(
        _pattern("valid_cctld"), "(?:(?:", f"){lookahead})"
    )
    preceding = _pattern("valid_url_preceding_chars")  # (?:[^A-Za-z0-9@＠$#＃...]|[directional marks]|^)
    if not preceding.endswith("|^)"):
        raise ValueError(f"twitter-text-parser's pattern changed shape: {preceding!r}")
    punycode = _pattern("valid_punycode")  # (?:xn--[\-0-9a-z]+)
    # Every TLD has two characters at least: a look at the first two fails fast where none starts.
    first = _char_class({word[0] for word in tlds} | {"x"})
    second = _char_class({word[1] for word in tlds} | {"n"})
    return UrlRules(
        tld=f"(?=[{first}][{second}])(?:(?:{trie(tlds)}){lookahead}|{punycode})",
        domain_char=_pattern("valid_domain_chars"),
        preceding_char=preceding[: -len("|^)")] + ")",
        port=_pattern("valid_port_number"),
        path=_pattern("valid_url_path"),
        query=f"\\?{_pattern('valid_url_query_chars')}*{_pattern('valid_url_query_ending_chars')}",
        ascii_label_char=f"[\\-a-z0-9{_pattern('latin_accent_chars')}]",
        tco=_module("regexp.valid_tco_url").valid_tco_url,
        no_protocol_after=_module(
            "regexp.invalid_url_without_protocol_preceding_chars"
        ).invalid_url_without_protocol_preceding_chars,
    )


def _char_class(chars: set[str]) -> str:
    return "".join(re.escape(c) for c in sorted(chars))


@functools.cache
def emoji_pattern() -> re.Pattern[str]:
    """twitter-text-parser's emoji pattern (its emoji-test.txt), as a trie (about 60 ms to load)."""
    module = _with_pkg_resources(lambda: _module("regexp.emoji"))
    sequences = [
        "".join(chr(int(code, 16)) for code in re.findall(r"\\U([0-9a-fA-F]{8})", escaped))
        for escaped in module.multi_codepoint_emoji_joined.split("|")
    ]
    return re.compile(f"(?:{trie(sequences)})|[{module.single_codepoint_emoji_raw}]")


@functools.cache
def weights() -> Weights:
    """X's weights: twitter-text's v3 configuration, the one X counts with."""
    config = _module("config").config["defaults"]
    return Weights(
        scale=int(config["scale"]),
        default_weight=int(config["default_weight"]),
        ranges=tuple((int(r["start"]), int(r["end"]), int(r["weight"])) for r in config["ranges"]),
        emoji_parsing=bool(config.get("emoji_parsing_enabled", False)),
    )


def _with_pkg_resources(load: Callable[[], T]) -> T:
    """Run `load` with a stand-in for `pkg_resources`, which the package's emoji module imports.

    It reads its emoji table with `pkg_resources.resource_string`, which setuptools 82 removed (and
    Python 3.12 environments have no setuptools at all), while older setuptools warn on stderr when
    it is imported. The stand-in reads the same file with importlib.resources and is taken out of
    sys.modules again once the import is done.
    """
    had = "pkg_resources" in sys.modules
    saved = sys.modules.get("pkg_resources")
    stand_in = types.ModuleType("pkg_resources")
    stand_in.resource_string = _resource_string  # type: ignore[attr-defined]
    sys.modules["pkg_resources"] = stand_in
    try:
        return load()
    finally:
        if had:
            sys.modules["pkg_resources"] = saved  # type: ignore[assignment]
        else:
            del sys.modules["pkg_resources"]


def _resource_string(module_name: str, resource: str) -> bytes:
    from importlib.resources import files

    package = sys.modules[module_name].__package__ or module_name
    return files(package).joinpath(resource).read_bytes()
