"""Messages come from the gettext catalogs; --lang and the locale pick the language; typer speaks German too."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from smm_advisor import i18n
from smm_advisor.cli.localise import USAGE_ERRORS
from smm_advisor.i18n import GOAL_NAMES, compact, default_language, long_date, number, t, tc, tn, using
from tests.conftest import load_script, run
from tests.i18n_catalog import english_only

ROOT = Path(__file__).resolve().parent.parent


def test_the_catalogs_are_in_step_with_the_code() -> None:
    """The template holds every message of the code, and German translates each, with the same placeholders."""
    assert load_script("i18n").problems() == []


def test_messages_come_from_the_catalog_in_the_current_language() -> None:
    with using("de"):
        assert t(GOAL_NAMES["leads"]) == "Anfragen"
        assert tc("tier", "weak") == "schwach"
        assert tc("strength", "weak") == "schwaches"
        assert tn("{n} link", "{n} links", 1) == "1 Link"
        assert tn("{n} link", "{n} links", 3) == "3 Links"
    with using("en"):
        assert t(GOAL_NAMES["leads"]) == "leads"
        assert tn("{n} link", "{n} links", 1) == "1 link"


def test_numbers_and_dates_follow_the_locale() -> None:
    from datetime import date

    with using("de"):
        assert number(82.5) == "82,5"
        assert number(12345.25, 2) == "12.345,25"
        assert compact(3.5) == "3,5"
        assert long_date(date(2019, 4, 2)) == "2. April 2019"
    with using("en"):
        assert number(82.5) == "82.5"
        assert number(12345.25, 2) == "12,345.25"
        assert compact(3.0) == "3"
        assert long_date(date(2019, 4, 2)) == "April 2, 2019"
    from babel.dates import format_date

    for month in range(1, 13):  # English is written without loading CLDR's data: it must say what CLDR says
        day = date(2026, month, month + 9)
        with using("en"):
            assert long_date(day) == format_date(day, format="long", locale="en")


def test_a_stale_or_missing_mo_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A .mo compiled from other .po bytes (an edited .po) gives way to the .po compiled in memory."""
    po = i18n.po_path("de")
    target = tmp_path / "de" / "LC_MESSAGES"
    target.mkdir(parents=True)
    edited = po.read_bytes().replace(b'msgstr "Anfragen"', b'msgstr "Leads (neu)"', 1)
    assert edited != po.read_bytes()
    (target / po.name).write_bytes(edited)
    (target / po.with_suffix(".mo").name).write_bytes(i18n.compile_po(po.read_bytes(), "de").getvalue())
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    monkeypatch.setattr(i18n, "_CATALOGS", {})
    with using("de"):
        assert t("leads") == "Leads (neu)"  # the stale .mo says "Anfragen"
    fresh = i18n.compile_po(edited, "de").getvalue()
    assert i18n.SOURCE_HASH[1].encode() in fresh
    assert hashlib.sha256(edited).hexdigest().encode() in fresh


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "de"),
        ({"LANG": "de_AT.UTF-8", "LC_ALL": "en_US.UTF-8"}, "en"),
        ({"LC_MESSAGES": "de_CH"}, "de"),
        ({"LANG": "en_GB.UTF-8", "SMM_ADVISOR_LANG": "de"}, "de"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        ({"LANGUAGE": "de_DE:en"}, "de"),
        ({"LANG": "C.UTF-8", "LANGUAGE": "de"}, "de"),
        ({"LC_ALL": "C"}, "en"),
    ],
)
def test_default_language_follows_the_environment(env: dict[str, str], expected: str) -> None:
    assert default_language(env) == expected


ENGLISH_ONLY = english_only()


def test_a_german_run_shows_no_english_catalog_text(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["recommend", "--market", "b2c", "--goal", "Abverkauf", "--goal", "Kundenbindung", "--region", "DE",
            "--age", "18-35", "--content", "short-video", "--ads", "--portfolio", "3", "--hours-per-week", "5",
            "--robustness", "--explain", "--top", "6", "--lang", "de", "--color", "never"]  # fmt: skip
    code, out, _ = run(capsys, *args)
    assert code == 0
    assert "Empfohlene Netzwerke" in out
    assert "Ziele Abverkauf, Kundenbindung" in out
    assert "Portfolio aus 3 Netzwerken" in out
    leaked = [text for text in ENGLISH_ONLY if text in out]
    assert leaked == []


def test_language_flag_may_stand_anywhere_and_json_keys_stay_english(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--lang", "de", "recommend", "--goal", "Anfragen", "--market", "b2b", "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["profile"]["goals"] == ["leads"]
    assert "recommendations" in doc
    assert doc["lang"] == "de"
    assert any("B2B-Netzwerk" in reason["text"] for reason in doc["recommendations"][0]["reasons"])
    assert run(capsys, "recommend", "--lang=en", "--market", "b2b")[1].startswith("Recommended networks")


def test_errors_speak_german(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "recommend", "--goal", "Ruhm", "--age", "60-20", "--lang", "de")
    assert (code, out) == (2, "")
    assert "Befehlszeile: --goal: 'Ruhm' ist kein Ziel" in err
    assert "Mindestalter 60 liegt über dem Höchstalter 20" in err
    code, _, err = run(capsys, "recommend", "--lang", "fr")
    assert code == 2
    assert "--lang: 'fr' is not a language (allowed: en, de)" in err


def test_file_errors_speak_german(capsys: pytest.CaptureFixture[str], tmp_path: object) -> None:
    code, out, err = run(capsys, "recommend", "--profile", "/nonexistent/p.yaml", "--lang", "de")
    assert (code, out) == (2, "")
    assert "/nonexistent/p.yaml: Datei nicht gefunden" in err


# typer's usage errors, each triggered for real: (arguments, German words it must show).
USAGE_CASES = [
    (["recommend", "--frob"], "Unbekannte Option: --frob"),
    (["recommend", "--job", "2"], "(mögliche Optionen: --jobs, --json, --kb)"),
    (["recommend", "--top", "abc"], "Ungültiger Wert für '--top': 'abc' ist keine ganze Zahl."),
    (["recommend", "--min-score", "abc"], "'abc' ist keine Zahl."),
    (["recommend", "--top", "-1"], "-1 liegt nicht im Bereich 0<=x<=10000."),
    (["compare", "linkedin"], "Argument 'B' fehlt."),
    (["recommend", "extra"], "Unerwartete zusätzliche Argumente (extra)"),
    (["recommend", "--goal"], "Option '--goal' braucht einen Wert."),
    (["recommend", "--json=1"], "Option '--json' nimmt keinen Wert."),
    (["frob"], "Unbekannter Befehl 'frob'."),
    (["kb"], "Befehl fehlt."),
]


@pytest.mark.parametrize(("args", "german"), USAGE_CASES, ids=[" ".join(a) for a, _ in USAGE_CASES])
def test_typers_usage_errors_speak_german(capsys: pytest.CaptureFixture[str], args: list[str], german: str) -> None:
    code, out, err = run(capsys, *args, "--lang", "de")
    assert (code, out) == (2, "")
    assert german in err
    assert err.endswith("(siehe --help)\n")
    _, _, english = run(capsys, *args, "--lang", "en")
    assert english.endswith("(see --help)\n")
    assert german.split(":", maxsplit=1)[0] not in english  # after a German run, English again


SAMPLES = {
    "name": "--x",
    "options": "--xy",
    "param": "'--top'",
    "message": "'a' is not a valid integer.",
    "args": "a b",
    "option": "'--goal'",
    "n": "2",
    "value": "'a'",
    "range": "x>=1",
    "choices": "'a', 'b'",
}


@pytest.mark.parametrize("template", [template for _, template in USAGE_ERRORS])
def test_each_usage_error_template_reads_back_and_is_translated(template: str) -> None:
    """typer's English message, as the template spells it, is recognised; English stays, German changes."""
    from smm_advisor.cli.localise import usage_error

    english = template.format(**SAMPLES)
    with using("en"):
        assert usage_error(english) == english
    with using("de"):
        german = usage_error(english)
    assert german != english
    assert usage_error("something typer never says") == "something typer never says"
