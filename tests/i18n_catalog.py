"""The German catalog as tests read it: which English texts must not show in a German run."""

from __future__ import annotations

import functools

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from smm_advisor import i18n


@functools.cache
def german() -> Catalog:
    with i18n.po_path("de").open("rb") as fh:
        return read_po(fh, locale="de", domain=i18n.DOMAIN)


def english_only(*where: str) -> list[str]:
    """English message beginnings (12+ characters, up to the first placeholder) that no German text
    begins with, of the messages used in files whose path contains one of `where` (all by default)."""
    english: set[str] = set()
    germans: set[str] = set()
    for message in german():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
        germans |= {str(s).split("{")[0].strip() for s in strings}
        if where and not any(w in path for path, _ in message.locations for w in where):
            continue
        english |= {str(i).split("{")[0].strip() for i in ids}
    return sorted(text for text in english - germans if len(text) >= 12)
