"""Messages, numbers and dates in the reader's language: gettext catalogs managed with Babel.

Code writes its messages in English and marks them for extraction:

    t("{share}% of {who} use it", share=..., who=...)   # gettext, then str.format
    tc("tier", "weak")                                   # with a context, where one English word
                                                         # has two German ones
    tn("{n} link", "{n} links", n)                       # plural forms
    N_("..."), NC_("context", "...")                     # a text looked up later (tables)

`scripts/i18n.py` extracts them (with Babel) into `locale/smm_advisor.pot`, merges that into each
language's `locale/LANG/LC_MESSAGES/smm_advisor.po` (what a translator edits) and compiles the
`.mo` files; the build compiles them into the package (hatch_build.py). A `.mo` records the
SHA-256 of the `.po` it was compiled from (as the entry SOURCE_HASH): when it is missing or stale
(a checkout, an edited `.po`), the `.po` is compiled in memory at first use.

The language is set once per run (`--lang`, else $SMM_ADVISOR_LANG, else the locale: LC_ALL,
LC_MESSAGES, LANG, LANGUAGE, and on Windows the user's UI language) and kept in a context
variable: rules stay free of I/O, and the same inputs in the same language give the same output.
JSON keys, ids and rule names stay English. German is formal ("Sie").
"""

from __future__ import annotations

import gettext
import hashlib
import io
import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from pathlib import Path

LANGUAGES = ("en", "de")
SOURCE_LANGUAGE = "en"  # the language the code writes its messages in
DOMAIN = "smm_advisor"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
SOURCE_HASH = ("smm-advisor", "catalog source sha256")  # (context, id) of the .mo entry naming its .po

_LANG: ContextVar[str] = ContextVar("smm_advisor_lang", default=SOURCE_LANGUAGE)
_CATALOGS: dict[str, gettext.NullTranslations] = {}


def default_language(environ: Mapping[str, str] | None = None) -> str:
    """$SMM_ADVISOR_LANG, else the locale: German if it says so, else English."""
    return language_source(environ)[0]


def language_source(environ: Mapping[str, str] | None = None, *, locale: bool = True) -> tuple[str, str]:
    """The language the environment asks for and where it says so ('env LANG'); ('en', 'default') if nowhere.

    `locale=False` reads $SMM_ADVISOR_LANG only (a project's configuration stands between it and the locale).
    """
    env = os.environ if environ is None else environ
    explicit = env.get("SMM_ADVISOR_LANG", "").strip().lower()
    if explicit in LANGUAGES:
        return explicit, "env SMM_ADVISOR_LANG"
    if not locale:
        return SOURCE_LANGUAGE, "default"
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(var, "").strip()
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return ("de" if value.lower().startswith("de") else SOURCE_LANGUAGE), f"env {var}"
    if environ is None and sys.platform == "win32":  # Windows sets no LANG: ask for the UI language
        found = "de" if _windows_language().lower().startswith("de") else SOURCE_LANGUAGE
        return found, "Windows display language"
    return SOURCE_LANGUAGE, "default"


def _windows_language() -> str:
    """The user's UI language on Windows ('de-DE'), or '' where it cannot be read."""
    try:
        import ctypes

        buffer = ctypes.create_unicode_buffer(85)
        if ctypes.windll.kernel32.GetUserDefaultLocaleName(buffer, len(buffer)):  # type: ignore[attr-defined]
            return str(buffer.value)
    except (AttributeError, OSError):
        pass
    import locale

    return locale.getlocale()[0] or ""


def set_language(lang: str) -> None:
    _LANG.set(lang if lang in LANGUAGES else SOURCE_LANGUAGE)


def language() -> str:
    return _LANG.get()


@contextmanager
def using(lang: str) -> Iterator[None]:
    """Run a block in one language (for tests and for one-off renderings)."""
    token = _LANG.set(lang)
    try:
        yield
    finally:
        _LANG.reset(token)


def catalog(lang: str | None = None) -> gettext.NullTranslations:
    """The translations of a language (the current one by default), loaded once per process."""
    lang = language() if lang is None else lang
    found = _CATALOGS.get(lang)
    if found is None:
        found = _CATALOGS[lang] = _load(lang)
    return found


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def _load(lang: str) -> gettext.NullTranslations:
    if lang == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    po = po_path(lang)
    source = po.read_bytes()
    try:
        with po.with_suffix(".mo").open("rb") as fh:
            compiled = gettext.GNUTranslations(fh)
        if compiled.pgettext(*SOURCE_HASH) == hashlib.sha256(source).hexdigest():
            return compiled
    except (OSError, ValueError):  # not compiled here (a checkout), or damaged: compile below
        pass
    return gettext.GNUTranslations(compile_po(source, lang))


def compile_po(source: bytes, lang: str) -> io.BytesIO:
    """The .mo of a .po file's bytes (Babel), as a binary stream; its header names the .po's SHA-256."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    po = read_po(io.BytesIO(source), locale=lang, domain=DOMAIN)
    po.add(SOURCE_HASH[1], hashlib.sha256(source).hexdigest(), context=SOURCE_HASH[0])
    out = io.BytesIO()
    write_mo(out, po)
    out.seek(0)
    return out


def t(message: str, /, **params: object) -> str:
    """`message` in the current language, with its {placeholders} filled."""
    return catalog().gettext(message).format(**params)


def tc(context: str, message: str, /, **params: object) -> str:
    """`message` in the current language, as meant in `context` (one English word, two German ones)."""
    return catalog().pgettext(context, message).format(**params)


def tn(singular: str, plural: str, n: int, /, **params: object) -> str:
    """The singular or plural form for `n` in the current language, {n} and the placeholders filled."""
    return catalog().ngettext(singular, plural, n).format(n=n, **params)


def N_(message: str) -> str:
    """Mark a message for extraction; t() translates it where it is used."""
    return message


def NC_(context: str, message: str) -> tuple[str, str]:
    """Mark a message with a context for extraction; tc(*pair) translates it where it is used."""
    return context, message


def pick(en: str, de: str | None) -> str:
    """A knowledge-base text in the current language (English when no German text is recorded)."""
    return de if language() == "de" and de else en


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """'; did you mean X?' for a near miss (case-insensitive, or a word of a longer name), else ''."""
    import difflib

    by_lower = {c.lower(): c for c in choices}
    lowered = word.lower()
    close = difflib.get_close_matches(lowered, list(by_lower), n=1, cutoff=0.6)
    if not close and len(word) >= 3:
        close = [c for c in by_lower if lowered in c.replace("-", "_").split("_")][:1]
    return t("; did you mean {word}?", word=repr(by_lower[close[0]])) if close else ""


GOAL_NAMES: dict[str, str] = {
    "awareness": N_("awareness"),
    "image": N_("image"),
    "leads": N_("leads"),
    "sales": N_("sales"),
    "traffic": N_("traffic"),
    "support": N_("support"),
    "loyalty": N_("loyalty"),
    "feedback": N_("feedback"),
    "exchange": N_("exchange"),
    "community": N_("community"),
    "recruiting": N_("recruiting"),
}


RESTRICTION_NAMES: dict[str, str] = {
    "throttled": N_("throttled"),
    "app-store-removal": N_("removed from app stores"),
    "features-blocked": N_("features blocked"),
    "partial-block": N_("partly blocked"),
}


def restriction_name(kind: str) -> str:
    """A kind of partial restriction as the reader reads it."""
    return t(RESTRICTION_NAMES[kind]) if kind in RESTRICTION_NAMES else kind


FORMAT_NAMES: dict[str, tuple[str, str]] = {
    "text": NC_("format", "text"),
    "image": NC_("format", "image"),
    "short-video": NC_("format", "short video"),
    "long-video": NC_("format", "long video"),
    "live": NC_("format", "live"),
    "stories": NC_("format", "stories"),
    "chat": NC_("format", "chat"),
}


def format_name(content: str) -> str:
    """A content format as the reader reads it (short video / Kurzvideo)."""
    return tc(*FORMAT_NAMES[content]) if content in FORMAT_NAMES else content


def goal_name(goal: str) -> str:
    """A goal id as the user reads it (German: the seed's words, e.g. Anfragen for leads)."""
    return t(GOAL_NAMES[goal]) if goal in GOAL_NAMES else goal


def first_sentence(text: str) -> str:
    """The first sentence, without parenthesised asides: enough for a one-line reason."""
    import re

    text = re.sub(r"\s*\([^)]*\)", "", text)
    return re.split(r"(?<=[.;:])\s", text, maxsplit=1)[0].rstrip(".;:")


def join(items: list[str]) -> str:
    """'a, b and c' / 'a, b und c'."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " " + t("and") + " " + items[-1]


# ---------------------------------------------------------------------------------------- numbers

_SYMBOLS: dict[str, tuple[str, str]] = {SOURCE_LANGUAGE: (".", ",")}  # Python writes numbers the English way


def _symbols(lang: str) -> tuple[str, str]:
    """The decimal and grouping symbols of a language's locale (Babel's CLDR data), looked up once."""
    found = _SYMBOLS.get(lang)
    if found is None:
        from babel import Locale

        symbols = Locale.parse(lang).number_symbols["latn"]
        found = _SYMBOLS[lang] = (symbols["decimal"], symbols["group"])
    return found


def number(value: float, digits: int = 1) -> str:
    """A number with `digits` decimals and grouped thousands as the reader writes it: 1,234.5 / 1.234,5."""
    text = f"{value:,.{digits}f}"
    decimal, group = _symbols(language())
    if (decimal, group) == (".", ","):
        return text
    return text.translate({ord(","): group, ord("."): decimal})


def integer(value: int) -> str:
    """A whole number with grouped thousands as the reader writes it: 4,096 / 4.096."""
    return number(value, 0)


def compact(value: float) -> str:
    """A number with as many decimals as it needs (at most 6): 3, 3.5 / 3,5."""
    text = f"{value:g}" if abs(value) < 1e6 else f"{value:,.0f}"
    if "e" in text:
        text = f"{value:f}".rstrip("0").rstrip(".")
    decimal, _ = _symbols(language())
    return text if decimal == "." else text.replace(".", decimal)


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")  # fmt: skip


def long_date(day: date) -> str:
    """A date as the reader writes it in prose: April 2, 2019 / 2. April 2019 (Babel's CLDR patterns).

    English is written directly (CLDR's en pattern, without loading the locale data for it).
    """
    if language() == SOURCE_LANGUAGE:
        return f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"
    from babel.dates import format_date

    return format_date(day, format="long", locale=language())
