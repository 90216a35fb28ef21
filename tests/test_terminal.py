"""The terminal answer: a first screen that fits 80x24, the long view through a pager, the data sheet with
whole links, messages for empty and odd results, and a bare `smm-advisor` that helps."""

from __future__ import annotations

import shlex

import pytest

from tests.conftest import run


@pytest.mark.parametrize(("lang", "word"), [("en", "Examples:"), ("de", "Beispiele:")])
def test_a_bare_command_prints_help_with_three_examples_that_run(
    capsys: pytest.CaptureFixture[str], lang: str, word: str
) -> None:
    code, out, err = run(capsys, "--lang", lang) if lang == "de" else run(capsys)
    assert (code, err) == (0, "")
    assert out.startswith(("Usage: smm-advisor", "Aufruf: smm-advisor"))
    examples = out.split(word, 1)[1].strip().splitlines()
    assert len(examples) == 3
    for example in examples:
        words = shlex.split(example)
        assert words[0] == "smm-advisor"
        assert run(capsys, *words[1:], "--lang", lang)[0] == 0, example
    assert run(capsys, "--help")[1] == run(capsys)[1]  # --help as before, with the examples too
