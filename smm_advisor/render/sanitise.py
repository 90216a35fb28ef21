"""The one sanitiser of text for people: no control character from data reaches a terminal, a CSV or Markdown.

Every human format (table, CSV, Markdown, HTML; compare's and check's tables) renders through it.
C0 controls but tab and newline, DEL, C1 controls and the bidirectional overrides become visible
stand-ins: U+2400 + code for C0 ("\u241b" for ESC), U+2421 for DEL, U+FFFD for the others. So
an ESC or BEL in a knowledge base, a profile, a post's file name or a batch line can neither set a
terminal's title nor clear its screen. (Knowledge bases are refused at load time if they hold any:
knowledge/reader.py; this is the layer that holds whatever the source.) JSON needs none of this:
its encoder escapes control characters.
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

from smm_advisor.knowledge.reader import UNSAFE_TEXT

T = TypeVar("T")


def _stand_in(found: re.Match[str]) -> str:
    code = ord(found.group())
    if code < 0x20:
        return chr(0x2400 + code)
    return "\u2421" if code == 0x7F else "\ufffd"


def printable(text: str) -> str:
    """`text` with every control character but tab and newline replaced by a visible stand-in."""
    return UNSAFE_TEXT.sub(_stand_in, text) if UNSAFE_TEXT.search(text) else text


def sanitised(value: T) -> T:
    """A result (named tuples, tuples, lists, dicts, strings) with every string printable; itself if clean."""
    return _clean(value)  # type: ignore[no-any-return]


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, tuple):
        items = tuple(_clean(v) for v in value)
        if all(a is b for a, b in zip(items, value, strict=True)):
            return value
        return type(value)(*items) if hasattr(value, "_fields") else items  # a NamedTuple stays one
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    return value
