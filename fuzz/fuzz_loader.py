"""Fuzz target for the hardened loader (atheris): bytes in, a document or an InputError out.

Anything else that escapes (a crash, a RecursionError, a MemoryError, a pydantic error that was
not turned into an InputError) is a finding. Run:

    pip install atheris
    python fuzz/fuzz_loader.py -atheris_runs=200000            # or -max_total_time=60
"""

from __future__ import annotations

import sys

from smm_advisor.advice.profiles import from_document
from smm_advisor.errors import InputError
from smm_advisor.knowledge.reader import decode, parse
from smm_advisor.knowledge.store import load_knowledge_base, platform_names

NAMES = platform_names(load_knowledge_base(None))  # the bundled knowledge base's platform ids, for `exclude`


def check_one(data: bytes) -> None:
    """Feed one input through decode -> parse -> profile validation; only InputError may escape."""
    try:
        text = decode(data, "<fuzz>")
        doc = parse(text, "<fuzz>", json_first=True)
        from_document(doc, platforms=NAMES)
    except InputError as exc:
        if not exc.problems:
            raise AssertionError("an InputError must carry at least one problem") from exc
        for problem in exc.problems:
            if "\n" in str(problem):
                raise AssertionError(f"a problem spans several lines: {problem!r}") from exc


def main() -> None:
    import atheris

    atheris.instrument_all()
    atheris.Setup(sys.argv, check_one)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
