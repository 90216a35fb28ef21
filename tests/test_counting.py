"""Counting as the networks count: twitter-text conformance, graphemes, encodings, links, hashtags."""

from __future__ import annotations

import subprocess
import sys

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from smm_advisor.posts.counting import count_graphemes, find_hashtags, find_urls, measure, x_weighted_length

FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"  # man, woman, girl, boy joined by ZWJ
POEM = (
    "故人西辞黄鹤楼，烟花三月下扬州。孤帆远影碧空尽，唯见长江天际流。朱雀桥边野草花，乌衣巷口夕阳斜。"
    "旧时王谢堂前燕，飞入寻常百姓家。朝辞白帝彩云间，千里江陵一日还。两岸猿声啼不住，轻舟已过万重山。"
    "泪湿罗巾梦不成，夜深前殿按歌声。红颜未老恩先断，斜倚薰笼坐到明。独在异乡为异客，每逢佳节倍思亲。"
    "遥知兄弟登高处，遍插茱萸少一人。"
)
KANA = "あいうえおかきくけこ"
PUNCTUATION = (
    "This is a tweet with general punctuation characters: "
    + "".join(chr(c) for c in range(0x2000, 0x200C))
    + " \u2010 \u2011 \u2012 \u2013 \u2014 \u2015 \u2016  \u2017 \u2018 \u2019 \u201a \u201b"
    " \u201c \u201d \u201e \u201f \u2032 \u2033 \u2034 \u2035 \u2036 \u2037"
)
# The conformance case repeats this label past 12,000 characters; any label over 63 characters
# makes the host invalid, so the link is counted character by character.
LONG_LABEL = "somesuperlongurl" * 250
LONG_URLS = (
    f"Long url with invalid domain labels and a short url: https://{LONG_LABEL}.com/foo https://{LONG_LABEL}.com/foo"
)
ENGLAND = "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"

# twitter-text's conformance/validate.yml (v3.1.0), sections WeightedTweetsWithDiscountedEmojiCounterTest
# (the v3 configuration X uses) and UnicodeDirectionalMarkerCounterTest: (description, text, weightedLength).
# Texts are written out with escapes; the long-URL case is rebuilt with a label of the same kind.
X_CONFORMANCE = [
    ("Regular Tweet with url", "Hi http://test.co", 26),
    ("Just url", "http://test.co", 23),
    ("Long tweet, overflow at char index 280", "285 chars-" + "xxxxxxxxxx-" * 25, 285),
    (
        "Long tweet with url in the middle",
        "285 chars- http://www.twitter.com/jack " + "xxxxxxxxxx-" * 24,
        299,
    ),
    ("Long tweet with url at the end", "xxxxxxxxxx-" * 24 + " http://www.twitter.com/jack ", 289),
    ("10 url string, no overflow", "https://www.twitter.com/aloha " * 10, 240),
    ("160 CJK char", POEM, 320),
    ("160 emoji char", "\U0001f637" * 160, 320),
    ("3 latin char + 160 CJK char", "the" + POEM, 323),
    (
        "282 chars with a normalized character within valid range but outside 280",
        "282 chars-" + "xxxxxxxxxx-" * 24 + "xxxxxA\u0301x",
        281,
    ),
    ("Count a mix of single byte single word, and double word unicode characters", "H\U0001f431\u263a" + FAMILY, 7),
    (
        "Count unicode emoji chars inside the basic multilingual plane",
        "\U0001f637\U0001f47e\U0001f621\U0001f525\U0001f4a9",
        10,
    ),
    ("Emoji outside the BMP with skin tone modifiers", "\U0001f64b\U0001f3fd\U0001f468\u200d\U0001f3a4", 4),
    ("Handle General Punctuation Characters with visible spaces(u2000-200A), no ZWJ/ZWNJ", PUNCTUATION, 110),
    (
        "Handle long url with invalid domain labels and short url",
        LONG_URLS + " https://validurl.com",
        len(LONG_URLS) + 24,
    ),
    ("Handle a 64 character domain without protocol", "randomurl" * 7 + "s.com", 68),
    (
        "Do not allow > 140 CJK characters by virtue of CJK chars greater than 63 punycode encoded chars in the host",
        KANA * 12 + " http://" + KANA * 5 + "あいう.com",
        358,
    ),
    (
        "Allow > 140 CJK characters by virtue of CJK chars less than 63 punycode encoded chars in the host",
        KANA * 12 + " http://" + KANA * 5 + "あい.com",
        264,
    ),
    ("140 family emoji", FAMILY * 140, 280),
    ("Emoji with a leading character in the latin range is counted as 2", "1\u20e3", 2),
    (
        "Unicode 10.0 emoji",
        f"Unicode 10.0 emoji: \U0001f92a; \U0001f9d5; \U0001f9d5\U0001f3fe; {ENGLAND}",
        34,
    ),
    ("Unicode 9.0 emoji", "Unicode 9.0 emoji: \U0001f920; \U0001f483; \U0001f483\U0001f3fe", 29),
    ("Handle invalid characters", "ABC\u202a\uffffABC\ufffe", 12),
    (
        "Tweet text containing directional characters should be considered valid",
        "\u2066\u202ahttp://foobar.\u067e\u0627\u06a9\u0633\u062a\u0627\u0646/\u202c\u2069",
        31,
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in X_CONFORMANCE], ids=[c[0] for c in X_CONFORMANCE])
def test_x_weighted_length_passes_twitter_text_conformance(text: str, expected: int) -> None:
    assert x_weighted_length(text) == expected
    assert measure(text, "x-weighted") == expected


def test_x_url_length_comes_from_the_knowledge_base() -> None:
    assert measure("Hi http://test.co", "x-weighted", url_length=30) == 33
    assert measure("Hi http://test.co", "x-weighted") == 26


@pytest.mark.parametrize(
    ("text", "graphemes"),
    [
        (FAMILY, 1),  # emoji ZWJ sequence
        ("\U0001f9d1\u200d\U0001f9d1\u200d\U0001f9d2", 1),  # family: adult, adult, child (Emoji 15.1)
        ("\u2764\ufe0f\u200d\U0001f525", 1),  # heart on fire: ZWJ sequence with a variation selector
        ("\U0001f44d\U0001f3fd", 1),  # thumbs up, medium skin tone
        ("\U0001f469\U0001f3fe\u200d\U0001f4bb", 1),  # woman technologist, skin tone, ZWJ
        ("\U0001f1e9\U0001f1ea", 1),  # flag: Germany (a regional indicator pair)
        ("\U0001f1e9\U0001f1ea\U0001f1fa\U0001f1f8", 2),  # two flags side by side
        ("\U0001f1e9\U0001f1ea\U0001f1fa", 2),  # a flag and a lone regional indicator
        (ENGLAND, 1),  # flag: England (tag sequence)
        ("1\ufe0f\u20e3", 1),  # keycap
        ("e\u0301", 1),  # e + combining acute accent
        ("a\u0301\u0302\u0323", 1),  # several combining marks on one letter
        ("\u1100\u1161\u11a8", 1),  # Hangul syllable from conjoining jamo
        ("\u0915\u094d\u0937", 1),  # Devanagari conjunct kssa (UAX #29 GB9c, Unicode 15.1)
        ("\r\n", 1),
        ("", 0),
        ("abc", 3),
    ],
)
def test_graphemes_are_user_perceived_characters(text: str, graphemes: int) -> None:
    assert count_graphemes(text) == graphemes
    assert measure(text, "graphemes") == graphemes


@pytest.mark.parametrize(
    ("text", "characters", "graphemes", "utf16", "utf8"),
    [
        ("abc", 3, 3, 3, 3),
        ("e\u0301", 2, 1, 2, 3),
        ("é", 1, 1, 1, 2),
        ("\U0001f637", 1, 1, 2, 4),
        (FAMILY, 7, 1, 11, 25),
        ("日本", 2, 2, 2, 6),
        ("", 0, 0, 0, 0),
    ],
)
def test_each_method_counts_its_own_unit(text: str, characters: int, graphemes: int, utf16: int, utf8: int) -> None:
    assert measure(text, "characters") == characters
    assert measure(text, "graphemes") == graphemes
    assert measure(text, "utf16-units") == utf16
    assert measure(text, "utf8-bytes") == utf8


def test_empty_text_has_length_zero_everywhere() -> None:
    for counting in ("characters", "graphemes", "utf8-bytes", "utf16-units", "x-weighted"):
        assert measure("", counting, url_length=23) == 0


def test_url_length_replaces_each_link_with_a_scheme() -> None:
    url = "https://example.com/" + "p" * 80
    text = f"read {url} and http://t.co/x now"
    assert measure(text, "characters") == len(text)
    assert measure(text, "characters", url_length=23) == len("read ") + 23 + len(" and ") + 23 + len(" now")
    # A short link counts 23 too, longer than it is.
    assert measure("see https://a.io", "characters", url_length=23) == 4 + 23


def test_url_length_applies_to_graphemes_around_links() -> None:
    text = f"{FAMILY} https://example.com/{'x' * 50} {FAMILY}"
    assert measure(text, "graphemes", url_length=23) == 1 + 1 + 23 + 1 + 1


def test_bare_domains_count_as_links_on_x_only() -> None:
    assert measure("see example.com", "x-weighted") == 4 + 23
    assert measure("see example.com", "characters", url_length=23) == len("see example.com")
    assert len(find_urls("see example.com", bare_domains=True)) == 1
    assert find_urls("see example.com", bare_domains=False) == []


@pytest.mark.parametrize(
    "text",
    [
        "http://www.-domain4352.com/",  # label starts with a dash
        "http://256.1.2.3/",  # not an IP address
        "ftp://www.example.com/",  # not http(s)
        "http://domain-dash_2314352345_dfasd.foo-cow_4352.com",  # underscore in the domain
    ],
)
def test_invalid_urls_count_as_plain_text(text: str) -> None:
    assert measure(f"x {text}", "characters", url_length=23) == len(text) + 2


def test_find_urls_reports_positions() -> None:
    text = "a https://a.com/x b http://b.org c example.com"
    spans = find_urls(text, bare_domains=True)
    assert [text[s:e] for s, e in spans] == ["https://a.com/x", "http://b.org", "example.com"]


@pytest.mark.parametrize(
    ("text", "tags"),
    [
        ("#one #two", ["one", "two"]),
        ("#2024 is a number, #tag2 is a tag", ["tag2"]),
        ("mid#word and a&#38; entity", []),
        ("#über #日本語 #a_b ＃fullwidth #हिन्दी", ["über", "日本語", "a_b", "fullwidth", "हिन्दी"]),
        ("#tag#bad", []),
        ("a keycap #\ufe0f\u20e3 is not a tag", []),
        ("https://example.com/#anchor and example.com/#frag", []),
        ("end of sentence #done.", ["done"]),
        ("", []),
    ],
)
def test_hashtags_follow_twitter_text(text: str, tags: list[str]) -> None:
    assert find_hashtags(text) == tags


def test_twitter_text_loads_without_pkg_resources() -> None:
    # setuptools 82 dropped pkg_resources, which twitter-text-parser imports; the stand-in must do.
    code = (
        "import sys; sys.modules['pkg_resources'] = None\n"
        "from smm_advisor.posts.counting import measure\n"
        "print(measure('H\\U0001f431 https://example.com', 'x-weighted'))\n"
        "print(sys.modules['pkg_resources'])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["27", "None"]
    assert done.stderr == ""


def test_emoji_utf8_bytes_counts_emoji_by_bytes_and_the_rest_by_characters() -> None:
    from smm_advisor.posts.counting import measure

    assert measure("hello", "emoji-utf8-bytes") == 5
    assert measure("a\U0001f600", "emoji-utf8-bytes") == 1 + 4
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert measure(family, "emoji-utf8-bytes") == len(family.encode("utf-8")) == 18
    assert measure("\U0001f1e9\U0001f1ea", "emoji-utf8-bytes") == 8  # the German flag
    assert measure("caf\u00e9", "emoji-utf8-bytes") == 4


SEGMENTATION_PIECES = [
    "\U0001f1e9",  # regional indicators: D, E
    "\U0001f1ea",
    "\U0001f1e9\U0001f1ea",
    "a",
    " ",
    "\u0301",  # a combining mark (Extend)
    "\u200d",  # ZWJ
    "\u0600",  # Arabic number sign (Prepend)
    "\u0903",  # Devanagari visarga (SpacingMark)
    "\U0001f600",
    "\r\n",
]


@settings(max_examples=500, deadline=None, database=None, derandomize=True)
@given(st.lists(st.sampled_from(SEGMENTATION_PIECES), max_size=30).map("".join))
def test_runs_of_flags_are_segmented_as_the_regex_module_segments_them(text: str) -> None:
    clusters = regex.findall(r"\X", text)
    assert count_graphemes(text) == len(clusters)
    emoji = regex.compile(r"\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20e3")
    assert measure(text, "emoji-utf8-bytes") == sum(len(g.encode()) if emoji.search(g) else len(g) for g in clusters)


@pytest.mark.parametrize("odd", ["", "\U0001f1e9"])
def test_a_long_run_of_flags_is_one_grapheme_per_flag(odd: str) -> None:
    # The regex module looks back over the whole run before each indicator: 20,000 took 0.7 s.
    text = "\u0600" + "\U0001f1e9\U0001f1ea" * 50_000 + odd + "\u0301"
    assert count_graphemes(text) == 50_000 + (1 if odd else 0)
    assert measure(text, "emoji-utf8-bytes") == 8 * 50_000 + (4 + 2 if odd else 2) + 2


def test_hashtags_are_remembered_per_text_but_each_caller_gets_its_own_list() -> None:
    text = "#one two #three"
    first = find_hashtags(text)
    first.append("mine")
    assert find_hashtags(text) == ["one", "three"]
