"""Links and X's weighted length, found in linear time, are what twitter-text-parser finds and counts.

twitter-text-parser's own functions are the reference here: they pass twitter-text's conformance
cases (test_conformance.py) but take time quadratic in some texts, so they are compared on short
generated texts. What links.py and twitter_rules.py build from the package's data (tries for the
TLD and emoji tables, shortcuts that skip work) is checked against the package's own patterns.
"""

from __future__ import annotations

import re
import stringprep
import subprocess
import sys
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

# The reference. (Importing the whole package is what `check` itself avoids: see the last test.)
from twitter_text import extract_urls_with_indices, parse_tweet  # type: ignore[import-untyped]
from twitter_text.regexp import emoji as tt_emoji  # type: ignore[import-untyped]
from twitter_text.regexp.valid_cctld import valid_cctld  # type: ignore[import-untyped]
from twitter_text.regexp.valid_gtld import valid_gtld  # type: ignore[import-untyped]

from smm_advisor.posts import links
from smm_advisor.posts.counting import _EMOJI_HINT, find_hashtags, x_weighted_length
from smm_advisor.posts.links import find_urls, idna_length
from smm_advisor.posts.twitter_rules import emoji_pattern, trie, url_rules

FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
# Pieces that make links, almost-links and everything twitter-text's pattern treats specially.
PIECES = [
    "a", "x", "1", "ab1", "www", "example", "A", "K", ".", ".", "-", "_", "/", "//", ":", "?", "=", "&", "#", "@",
    "$", "!", "(", ")", "[", "]", "'", '"', ",", "~", "%", " ", " ", "\n", "\t", "\r",
    "com", "co", "CO", "org", "jp", "uk", "ninja", "comx", "xn--", "xn--p1ai", "中国", "рф", "eſ",
    "http://", "https://", "HTTPS://", "t.co/", "t.co/a1", "a.co", "a.b.co", "a.co/x", "(a.co)", "a.co,", "a.co:80",
    "a.co?x=1", "a.中国", "пример", "中", "é", "ä", "\u3002", "\u200b", "\u202a", "\u2066", "\x00", "\ufffe",
    "\u20e3", "\ufe0f", "\U0001f600", FAMILY, "\U0001f1e9\U0001f1ea", "1\ufe0f\u20e3", "©", "日本", "e\u0301",
    "a" * 63, "a" * 64,
]  # fmt: skip
texts = st.lists(st.sampled_from(PIECES), max_size=24).map("".join)


def reference_links(text: str, bare_domains: bool) -> list[tuple[int, int]]:
    return [(u["indices"][0], u["indices"][1]) for u in extract_urls_with_indices(text, bare_domains)]


@settings(max_examples=600, deadline=None, database=None, derandomize=True)
@given(texts)
def test_links_are_where_twitter_text_parser_finds_them(text: str) -> None:
    assert find_urls(text, bare_domains=True) == reference_links(text, True)
    assert find_urls(text, bare_domains=False) == reference_links(text, False)


LEADS = ["", "", "(", "'", "[", "<", '"', "{", "-", "_", "@", "#", "中", "."]
PROTOCOLS = ["", "", "http://", "https://", "HTTP://", "ftp://", "http:/"]
LABELS = ["a", "ab", "a-b", "x1", "t", "A", "-a", "a-", "a_b", "é", "中", "a" * 63, "a" * 64]
TLDS = ["com", "co", "CO", "org", "xn--p1ai", "中国", "ninja", "zz", "comx", "eſ", "co.uk"]
PATHS = ["", "", "/", "/x", "/x/y", "/a-b_c", "/x#y", "/(x)", "/x?", "/x?a", "?a=1", ":80", ":", "/x.", "/@a/"]
TRAILS = ["", "", ".", ",", ")", ").", "!", "?", ":", ";", '"', "'", "]", ">", "?!", "-", "_", "中", "a"]
SEPARATORS = [" ", " ", "\n", "\t", "\r", "\u3000", "\x0b", ""]


@st.composite
def tokens(draw: st.DrawFn) -> str:
    """Words that look like links, with what comes before and after them (the shortcut for plain links)."""
    labels = ".".join(draw(st.lists(st.sampled_from(LABELS), min_size=1, max_size=3)))
    parts = [LEADS, PROTOCOLS, [labels + "."], TLDS, PATHS, TRAILS, SEPARATORS]
    return "".join(draw(st.sampled_from(part)) for part in parts)


@settings(max_examples=600, deadline=None, database=None, derandomize=True)
@given(st.lists(tokens(), min_size=1, max_size=5).map("".join))
def test_words_that_look_like_links_are_found_as_twitter_text_parser_finds_them(text: str) -> None:
    assert find_urls(text, bare_domains=True) == reference_links(text, True)
    assert find_urls(text, bare_domains=False) == reference_links(text, False)


@settings(max_examples=600, deadline=None, database=None, derandomize=True)
@given(texts)
def test_x_weighted_length_is_twitter_text_parsers(text: str) -> None:
    normalized = re.sub(r"\r\n?", "\n", unicodedata.normalize("NFC", text))
    # twitter-text-parser shortens a link without a protocol with Python's str.replace, which
    # replaces every copy of the domain in it (JavaScript's replace, the first); it then counts
    # the link by that shorter text. Here a link counts as long as it stands, as in twitter-text.
    urls = extract_urls_with_indices(normalized)
    if any(u["url"] != normalized[u["indices"][0] : u["indices"][1]] for u in urls):
        return
    assert x_weighted_length(text) == parse_tweet(text).weightedLength


def test_a_link_whose_domain_recurs_in_its_path_counts_as_long_as_it_stands() -> None:
    text = "примерt.co/примерt.co/x"  # the link is t.co/примерt.co/x: 17 characters, counted 23
    assert find_urls(text, bare_domains=True) == [(6, 23)]
    assert x_weighted_length(text) == 6 + 23
    assert parse_tweet(text).weightedLength == 6 + 23 + 5  # the package counts the link's last 5 again


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("a." * 5000 + "com", []),  # one domain of 10,003 characters: longer than a URL may be
        ("a." * 1000 + "com", [(0, 2003)]),
        ("x " + "a.co " * 1000, [(2 + 5 * i, 6 + 5 * i) for i in range(1000)]),
        ("a_b." * 1000 + "com", []),  # 'b.com' at the end, but a link without protocol after '_' is none
        ("_a." * 1000 + "com", []),
        ("http://a" + "\u200b" * 5000 + ".com", [(0, 5012)]),  # nameprep drops zero-width spaces: short enough
        ("中" * 300 + ".com", []),  # a label too long for IDNA, known without nameprep
        ("https://t.co/" + "a" * 41, []),  # a t.co slug longer than 40
        ("see https://t.co/abc/def", [(4, 20)]),
        ('"a.co" and (b.co), c.co.', [(1, 5), (12, 16), (19, 23)]),
    ],
)
def test_long_and_odd_texts(text: str, found: list[tuple[int, int]]) -> None:
    got = find_urls(text, bare_domains=True)
    assert [(s, e, text[s:e]) for s, e in got] == [(s, e, text[s:e]) for s, e in found]
    if len(text) <= 300:  # the reference takes seconds on a few thousand characters of some of these
        assert got == reference_links(text, True)


def test_hashtags_in_links_are_not_hashtags_however_many_there_are() -> None:
    text = "#a b.co/#c " * 2000
    assert find_hashtags(text) == ["a"] * 2000


def tld_words() -> list[str]:
    def words(pattern: str) -> list[str]:
        return pattern[len("(?:(?:") : -len(")(?=[^0-9a-zA-Z@+-]|$))")].split("|")

    return words(valid_gtld.pattern) + words(valid_cctld.pattern)


def test_the_tries_keep_the_first_match_of_the_alternations_they_replace() -> None:
    # A trie tries longer words first; that is the alternation's order only if every word that
    # extends another comes before it, as in the package's lists.
    for table in (tld_words(), tt_emoji.multi_codepoint_emoji_joined.split("|")):
        position = {word: i for i, word in enumerate(table)}
        for word in table:
            for end in range(1, len(word)):
                assert position.get(word[:end], len(table)) > position[word], word
    assert re.fullmatch(trie(["ab", "a", "abc", "b"]), "abc")
    assert [m.group() for m in re.finditer(trie(["com", "co", "c"]), "cocomc")] == ["co", "com", "c"]


def test_the_tld_pattern_matches_what_twitter_text_parsers_does() -> None:
    ours = re.compile(url_rules().tld, re.IGNORECASE)
    theirs = re.compile(f"{valid_gtld.pattern}|{valid_cctld.pattern}|xn--[\\-0-9a-z]+", re.IGNORECASE)
    assert all(len(word) >= 2 for word in tld_words())
    for word in tld_words():
        for text in (word, word.upper(), word + " x", word + "x", word + ".", word[:-1], word + "é", word + "1"):
            mine, reference = ours.match(text), theirs.match(text)
            assert (mine and mine.group()) == (reference and reference.group()), text
    assert ours.match("xn--p1ai-9").group() == "xn--p1ai-9"  # type: ignore[union-attr]


def test_the_emoji_pattern_matches_what_twitter_text_parsers_does() -> None:
    everything = "".join(e.emoji for e in tt_emoji.emoji_list)
    ours = [m.span() for m in emoji_pattern().finditer(everything)]
    assert ours == [m.span() for m in tt_emoji.emoji.finditer(everything)]
    assert len(ours) >= len(tt_emoji.emoji_list) * 0.9


def test_every_emoji_has_a_hint_where_its_pattern_is_tried() -> None:
    # counting._emoji_spans tries the pattern only at a hint or just before one.
    for entry in tt_emoji.emoji_list:
        assert _EMOJI_HINT.search(entry.emoji[:2]), entry.name


def test_every_tld_starts_with_what_the_quick_look_for_links_wants() -> None:
    # links._MAY_LINK: a dot, then a letter. Ignoring case, a TLD's first letter also matches
    # other characters (K matches the Kelvin sign): they must be letters too.
    firsts = {word[0] for word in tld_words()} | {"x"}
    first = re.compile(f"[{''.join(re.escape(c) for c in firsts)}]", re.IGNORECASE)
    matching = [chr(c) for c in range(0x110000) if first.match(chr(c))]
    assert matching
    assert [c for c in matching if not re.match(r"[^\W\d_]", c)] == []


def test_the_plain_link_shortcut_takes_no_character_of_a_domain_around_a_link() -> None:
    domain_char = re.compile(url_rules().domain_char)
    for char in "('[<.,;:!?)]>":
        assert not domain_char.match(char), char
    assert domain_char.match('"')  # twitter-text's punctuation has no '"': a quote can start a domain


def test_what_nameprep_drops_is_rfc_3454_table_b1() -> None:
    b1 = {c for c in range(0x110000) if stringprep.in_table_b1(chr(c))}
    assert set(links._MAPPED_TO_NOTHING) == b1


@pytest.mark.parametrize(
    "domain",
    [
        "example.com",
        "a..b",
        "a" * 63 + ".com",
        "a" * 64 + ".com",
        "münchen.de",
        "MÜNCHEN.DE",
        "ß.de",
        "a\u200b\u200bb.com",
        "a\u3002b.com",
        "\u0627\u0644.com",  # right-to-left label
        "a\u0627.com",  # left-to-right and right-to-left in one label: refused
        "xn--abc.com",
        "中" * 62 + ".cn",
        "中" * 253 + ".cn",
        "e\u0301" * 126 + ".fr",
        "\ud800.com",
    ],
)
def test_idna_length_is_the_codecs(domain: str) -> None:
    try:
        expected: int | None = len(domain.encode("idna"))
    except UnicodeError:
        expected = None
    assert idna_length(domain) == expected


def test_texts_with_neither_link_nor_emoji_load_none_of_twitter_texts_patterns() -> None:
    code = """
import sys
from smm_advisor.posts.counting import measure, find_hashtags
def loaded():
    return sorted(m for m in sys.modules if m.startswith("twitter_text."))
measure("Hello, world. How are you? #fine", "x-weighted"); find_hashtags("Hello #fine")
print("plain", loaded())
measure("Read example.com", "x-weighted")
print("link", loaded())
measure("Read example.com \\U0001f600", "x-weighted")
print("emoji", loaded())
import twitter_text
print("whole", callable(twitter_text.parse_tweet), twitter_text.extract_urls("a.co"))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    lines = dict(line.split(" ", 1) for line in done.stdout.splitlines())
    assert lines["plain"] == "['twitter_text.config']"  # X's weights: a small dict
    assert "twitter_text.regexp.valid_gtld" in lines["link"]
    assert "twitter_text.regexp.emoji" not in lines["link"]
    assert "twitter_text.regexp.extract_url" not in lines["link"]  # the package's quadratic pattern
    assert "twitter_text.regexp.emoji" in lines["emoji"]
    assert lines["whole"] == "True ['a.co']"  # the package itself still loads whole when imported
    assert done.stderr == ""


def test_the_link_cache_holds_few_texts() -> None:
    assert links._links.cache_info().maxsize == 64
