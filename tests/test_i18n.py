"""Every user-facing string exists in English and German; --lang and the locale pick one."""

from __future__ import annotations

import json
import string

import pytest

from smm_advisor.i18n import CATALOG, LANGUAGES, default_language, t, using
from tests.conftest import run


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(CATALOG))
def test_every_message_has_both_languages_with_the_same_placeholders(key: str) -> None:
    entry = CATALOG[key]
    assert set(entry) == set(LANGUAGES)
    assert all(entry[lang].strip() for lang in LANGUAGES)
    assert fields(entry["en"]) == fields(entry["de"])


def test_t_formats_in_the_current_language() -> None:
    with using("de"):
        assert t("goal.leads") == "Anfragen"
    with using("en"):
        assert t("goal.leads") == "leads"


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "de"),
        ({"LANG": "de_AT.UTF-8", "LC_ALL": "en_US.UTF-8"}, "en"),
        ({"LC_MESSAGES": "de_CH"}, "de"),
        ({"LANG": "en_GB.UTF-8", "SMM_ADVISOR_LANG": "de"}, "de"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
    ],
)
def test_default_language_follows_the_environment(env: dict[str, str], expected: str) -> None:
    assert default_language(env) == expected


ENGLISH_ONLY = sorted(
    {v["en"].split("{")[0].strip() for v in CATALOG.values() if len(v["en"].split("{")[0].strip()) >= 12}
    - {v["de"].split("{")[0].strip() for v in CATALOG.values()}
)


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
    assert any("B2B-Netzwerk" in reason for reason in doc["recommendations"][0]["reasons"])
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
