"""Keep the message catalogs in step with the code (Babel): extract, update, compile, check.

    python scripts/i18n.py extract   # the code's messages -> smm_advisor/i18n/locale/smm_advisor.pot
    python scripts/i18n.py update    # extract, then merge the template into every language's .po
    python scripts/i18n.py compile   # every .po -> .mo beside it (the build does this into the wheel)
    python scripts/i18n.py check     # exit 1 if the template is stale or a .po lacks a translation

What is extracted: every t(), tc(), tn(), N_() and NC_() call with literal text in smm_advisor/;
the help texts of every command and option (read from the built command tree, so docstrings
count); and the words typer itself writes through gettext ("Options", "default: ..."), which
cli/localise.py routes through our catalog. A translator edits only the .po files
(smm_advisor/i18n/locale/LANG/LC_MESSAGES/smm_advisor.po) with any PO editor; tests/test_i18n.py
runs `check`.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from babel.messages.catalog import Catalog  # noqa: E402
from babel.messages.extract import extract_from_file  # noqa: E402
from babel.messages.pofile import read_po, write_po  # noqa: E402

from smm_advisor import i18n  # noqa: E402

PACKAGE = ROOT / "smm_advisor"
TEMPLATE = i18n.LOCALE_DIR / f"{i18n.DOMAIN}.pot"
KEYWORDS = {"t": None, "tc": ((1, "c"), 2), "tn": (1, 2), "N_": None, "NC_": ((1, "c"), 2), "_": None}
TRANSLATED = [lang for lang in i18n.LANGUAGES if lang != i18n.SOURCE_LANGUAGE]
HEADER = "Messages of smm-advisor: its reasons, tables, errors and --help."
_BRACES = re.compile(r"\{[a-z_]*(?:![rs])?(?::[^{}]*)?\}")


def _messages() -> Iterator[tuple[str | tuple[str, ...], str | None, str, int]]:
    """(message or (singular, plural), context, file, line) of every message, in a stable order."""
    for path in sorted(PACKAGE.rglob("*.py")):
        where = path.relative_to(ROOT).as_posix()
        # Babel warns of every f-string among a call's arguments (t("{x}", x=f"...")); an f-string as
        # the message itself is caught by problems() below.
        with contextlib.redirect_stderr(io.StringIO()):
            found = extract_from_file("python", str(path), keywords=KEYWORDS, comment_tags=(), options={})
        for line, message, _comments, context in found:
            yield message, context, where, line
    yield from _help_texts()
    yield from _typer_words()


def _help_texts() -> Iterator[tuple[str, None, str, int]]:
    import typer

    from smm_advisor.cli.entry import register_commands
    from smm_advisor.cli.localise import help_texts

    for owner, attribute in help_texts(typer.main.get_command(register_commands())):
        yield getattr(owner, attribute), None, "smm_advisor/cli (--help)", 0


def _typer_words() -> Iterator[tuple[str, None, str, int]]:
    from smm_advisor.cli.localise import TYPER_WORDS

    for word in TYPER_WORDS:
        yield word, None, "typer (its own words)", 0


def template() -> Catalog:
    """The catalog template: every message of the code, with where it is used."""
    pot = Catalog(project="smm-advisor", domain=i18n.DOMAIN, header_comment=f"# {HEADER}", fuzzy=False)
    for message, context, where, line in _messages():
        if not message or (isinstance(message, tuple) and not all(message)):
            continue
        text = message if isinstance(message, str) else message[0]
        flags = ["python-brace-format"] if _BRACES.search(text) else []
        pot.add(message, locations=[(where, line)], flags=flags, context=context)
    return pot


def _bytes(catalog: Catalog, **options: bool) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=100, omit_header=False, sort_output=False, include_lineno=False, **options)
    return _stable(out.getvalue())


def _stable(data: bytes) -> bytes:
    """Without the dates and the Babel version in the header, so that the file changes only with its messages."""
    return re.sub(rb'"(POT-Creation-Date|PO-Revision-Date|Generated-By): [^"]*\\n"\n', b"", data)


def extract() -> bytes:
    return _bytes(template(), ignore_obsolete=True)


def update() -> None:
    pot = template()
    TEMPLATE.write_bytes(_bytes(pot, ignore_obsolete=True))
    for lang in TRANSLATED:
        path = i18n.po_path(lang)
        with path.open("rb") as fh:
            po = read_po(fh, locale=lang, domain=i18n.DOMAIN)
        po.update(pot, update_header_comment=False)
        path.write_bytes(_bytes(po, ignore_obsolete=True))
        print(f"updated {path.relative_to(ROOT)}: {len(po)} messages")


def compile_all() -> None:
    for lang in TRANSLATED:
        path = i18n.po_path(lang)
        path.with_suffix(".mo").write_bytes(i18n.compile_po(path.read_bytes(), lang).getvalue())
        print(f"compiled {path.with_suffix('.mo').relative_to(ROOT)}")


_DYNAMIC = re.compile(r"""(?<![\w.])(?:t|tc|tn|N_|NC_)\(\s*(?:"[^"]*",\s*)?f["']""")


def problems() -> list[str]:
    """Why the catalogs are not in step with the code (empty: they are)."""
    found: list[str] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if _DYNAMIC.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: an f-string as a message cannot be translated")
    if not TEMPLATE.exists() or TEMPLATE.read_bytes() != extract():
        found.append(f"{TEMPLATE.relative_to(ROOT)} is stale: run python scripts/i18n.py update")
    pot = template()
    for lang in TRANSLATED:
        path = i18n.po_path(lang)
        with path.open("rb") as fh:
            po = read_po(fh, locale=lang, domain=i18n.DOMAIN)
        for message in pot:
            if not message.id:
                continue
            found_message = po.get(message.id, context=message.context)
            where = f"{path.relative_to(ROOT)}: {message.id!r}"
            if found_message is None:
                found.append(f"{where} is missing: run python scripts/i18n.py update, then translate it")
                continue
            strings = (
                tuple(found_message.string)
                if isinstance(found_message.string, (tuple, list))
                else (found_message.string,)
            )
            if not all(strings) or found_message.fuzzy:
                found.append(f"{where} has no (or a fuzzy) translation")
                continue
            wanted = sorted(set(_BRACES.findall(message.id if isinstance(message.id, str) else str(message.id[0]))))
            for string in strings:
                if sorted(set(_BRACES.findall(str(string)))) != wanted:
                    found.append(f"{where}: the translation {string!r} has other placeholders than {wanted}")
        for message in po:
            if message.id and pot.get(message.id, context=message.context) is None:
                found.append(f"{path.relative_to(ROOT)}: {message.id!r} is no longer used: run update")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=["extract", "update", "compile", "check"])
    action = parser.parse_args().action
    if action == "extract":
        TEMPLATE.write_bytes(extract())
    elif action == "update":
        update()
    elif action == "compile":
        compile_all()
    else:
        found = problems()
        for line in found:
            print(line, file=sys.stderr)
        return 1 if found else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
