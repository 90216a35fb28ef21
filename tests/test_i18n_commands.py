"""`check`, `kb`, `platforms`, `schema` and `profile` speak German with --lang de, English without."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from smm_advisor.i18n import t, tc, using
from smm_advisor.knowledge.facts import iter_sourced
from smm_advisor.knowledge.store import load_knowledge_base
from smm_advisor.posts.checking import KIND_NAMES, KIND_PLURALS, UNIT_NAMES
from smm_advisor.posts.counting import UNITS
from smm_advisor.vocabulary import TEXT_KINDS
from tests.conftest import run
from tests.i18n_catalog import english_only

# English texts of these commands long enough to be telling and not also German text somewhere
# (units left out: the knowledge base's own English notes speak of "weighted characters").
ENGLISH_ONLY = [
    text
    for text in english_only(
        "posts/", "render/check.py", "render/platforms.py", "cli/kb.py", "cli/schema.py", "cli/profile.py"
    )
    if text not in UNIT_NAMES.values()
]


@pytest.fixture(autouse=True)
def _wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("SMM_ADVISOR_LANG", raising=False)
    monkeypatch.delenv("SMM_ADVISOR_KB", raising=False)


def both(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[tuple[int, str, str], tuple[int, str, str]]:
    """The same run in German and in English."""
    return run(capsys, *args, "--lang", "de"), run(capsys, *args, "--lang", "en")


def no_english(text: str) -> list[str]:
    return [phrase for phrase in ENGLISH_ONLY if phrase in text]


def test_english_units_and_kinds_match_the_counting_vocabulary() -> None:
    with using("en"):
        assert {c: t(UNIT_NAMES[c]) for c in UNITS} == UNITS
        assert all(t(KIND_NAMES[k]) == k == tc(*KIND_PLURALS[k]) for k in TEXT_KINDS)


def test_check_table_in_german_and_english(capsys: pytest.CaptureFixture[str]) -> None:
    text = "Neu bei uns #a #b #c #d #e #f https://example.com " + "x" * 300
    (code, out, err), (en_code, en_out, _) = both(capsys, "check", "--text", text, "--color", "never")
    assert (code, en_code, err) == (1, 1, "")
    assert out.startswith("Passt es als Beitrag? (Wissensbasis ")
    assert "Netzwerk" in out
    assert "genutzt / Limit" in out
    assert "Hinweise" in out
    assert "Grapheme; das Limit für Beiträge liegt bei 300 (" in out
    assert "6 Hashtags; Threads erlaubt höchstens 1 pro Beitrag" in out
    assert "/63.206 " in out  # thousands grouped the German way
    assert "Prüfungen nicht bestanden." in out
    assert no_english(out) == []
    assert en_out.startswith("Does it fit as a post? (knowledge base ")
    assert "graphemes; the post limit is 300 (" in en_out
    assert "6 hashtags; Threads allows 1 per post" in en_out
    assert "/63,206 " in en_out
    assert "checks failed." in en_out


def test_check_links_and_verdicts(capsys: pytest.CaptureFixture[str]) -> None:
    args = ("check", "--kind", "caption", "--platform", "instagram", "--text", "see https://a.com and b.org")
    (code, out, _), (_, en_out, _) = both(capsys, *args)
    assert code == 1
    assert "Passt es als Bildunterschrift?" in out
    assert "2 Links im Text; Instagram macht Links nicht anklickbar" in out
    assert "1 von 1 Prüfung nicht bestanden." in out
    assert "2 links in the text; Instagram does not make them clickable" in en_out
    assert "1 of 1 check failed." in en_out
    (code, out, _), (_, en_out, _) = both(capsys, "check", "--platform", "x", "--text", "Hallo")
    assert code == 0
    assert out.rstrip().endswith("Der Text passt.")
    assert " passt" in out
    assert en_out.rstrip().endswith("It fits.")


def test_check_json_keeps_keys_and_codes_english(capsys: pytest.CaptureFixture[str]) -> None:
    (code, out, _), (_, en_out, _) = both(
        capsys, "check", "--platform", "bluesky", "--format", "json", "--text", "x" * 301
    )
    assert code == 1
    finding = json.loads(out)["results"][0]["findings"][0]
    assert finding["code"] == "post.too_long"
    assert finding["params"] == {"length": 301, "limit": 300, "over": 1, "counting": "graphemes", "kind": "post"}
    assert finding["text"] == "301 Grapheme; das Limit für Beiträge liegt bei 300 (1 zu viel)"
    english = json.loads(en_out)["results"][0]["findings"][0]
    assert english["text"] == "301 graphemes; the post limit is 300 (1 over)"
    assert (english["code"], english["params"]) == (finding["code"], finding["params"])


def test_check_errors_in_german(capsys: pytest.CaptureFixture[str]) -> None:
    (code, out, err), (_, _, en_err) = both(capsys, "check", "--text", "hi", "--kind", "postt")
    assert (code, out) == (2, "")
    assert "Befehlszeile: --kind: 'postt' ist keine Textart; meinten Sie 'post'?" in err
    assert "command line: --kind: 'postt' is not a kind of text; did you mean 'post'?" in en_err
    (code, _, err), (_, _, en_err) = both(capsys, "check", "--text", "hi", "--platform", "x", "--kind", "title")
    assert code == 2
    assert "für X (formerly Twitter) ist kein Limit für Titel erfasst (erfasste Textarten: post)" in err
    assert "X (formerly Twitter) has no title limit on record (kinds it has: post)" in en_err
    (code, _, err), (_, _, en_err) = both(capsys, "check")
    assert code == 2
    assert "Befehlszeile: nichts zu prüfen" in err
    assert "command line: nothing to check" in en_err
    (code, _, err), _ = both(capsys, "check", "--text", "  ")
    assert (code, err) == (2, "smm-advisor: --text: der Text ist leer; es gibt nichts zu prüfen\n")
    (code, _, err), _ = both(capsys, "check", "--text", "hi", "--format", "yaml")
    assert code == 2
    assert "'yaml' ist kein Ausgabeformat (erlaubt: table, json)" in err


def test_language_from_the_environment(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMM_ADVISOR_LANG", "de")
    code, out, _ = run(capsys, "check", "--platform", "x", "--text", "Hallo")
    assert code == 0
    assert "Der Text passt." in out


def test_platforms_list(capsys: pytest.CaptureFixture[str]) -> None:
    (code, out, _), (_, en_out, _) = both(capsys, "platforms")
    assert code == 0
    assert out.startswith("Wissensbasis ")
    assert " Plattformen" in out.splitlines()[0]
    for heading in ("ID", "Name", "Status", "B2B", "B2C", "Hauptmärkte", "starke Formate"):
        assert heading in out
    assert "eingestellt 2019-04-02" in out  # Google+
    assert "neu ausgerichtet" in out
    assert "umbenannt" in out
    assert "aktiv" in out
    assert en_out.startswith("Knowledge base ")
    assert "strong formats" in en_out
    assert "discontinued 2019-04-02" in en_out
    doc = json.loads(run(capsys, "platforms", "--format", "json", "--lang", "de")[1])
    assert {p["status"] for p in doc["platforms"]} >= {"active", "discontinued"}
    (code, out, err), (_, _, en_err) = both(capsys, "platforms", "--format", "xml")
    assert (code, out) == (2, "")
    assert "Befehlszeile: --format: 'xml' ist kein Ausgabeformat (erlaubt: table, json)" in err
    assert "command line: --format: 'xml' is not a format (allowed: table, json)" in en_err


def test_platforms_show(capsys: pytest.CaptureFixture[str]) -> None:
    (code, out, _), (_, en_out, _) = both(capsys, "platforms", "show", "twitter")
    assert code == 0
    assert out.startswith("X (formerly Twitter) [x] (auch: twitter) - Wissensbasis ")
    labels = ["Identität und Lebenszyklus", "Nutzerschaft und Reichweite", "Ziele", "Formate und Grenzen",
              "Werbung und Aufwand", "Quellen", "Betreiber", "Ausrichtung B2B", "Reichweite", "Ziel Bekanntheit",
              "Self-Service-Werbung", "Textlimit Beitrag", "Links im Text", "Aufwand", "Ausgangstext (2017)",
              "umbenannt seit 2023-07-24 (früher Twitter)", "(geprüft "]  # fmt: skip
    for label in labels:
        assert label in out, label
    assert "Twitter wurde am" in out  # Lifecycle.change_de
    # the knowledge base's notes are English data; every message around them is German
    notes = " ".join(fact.note or "" for _, fact in iter_sourced(load_knowledge_base(None).platform("x")))
    assert [phrase for phrase in no_english(out) if phrase not in notes] == []
    assert en_out.startswith("X (formerly Twitter) [x] (also: twitter) - knowledge base ")
    for label in ("Identity and lifecycle", "Sources", "operator", "orientation b2b", "goal awareness",
                  "self-serve ads", "text limit post", "renamed since 2023-07-24 (formerly Twitter)",
                  "(checked "):  # fmt: skip
        assert label in en_out, label
    assert "Twitter wurde am" not in en_out


def test_platforms_show_uses_german_reasons(capsys: pytest.CaptureFixture[str]) -> None:
    (code, out, _), (_, en_out, _) = both(capsys, "platforms", "show", "facebook")
    assert code == 0
    assert "nicht verfügbar in CN" in out
    assert "Great Firewall gesperrt" in out
    assert "Ziel Anfragen" in out
    assert "Lead-Anzeigen" in out
    assert "Beiträge/Woche x" in out
    assert "Std./Woche" in out
    assert "unavailable CN" in en_out
    assert "blocked by the Great Firewall" in en_out
    assert "goal leads" in en_out
    assert "posts/week x" in en_out
    (code, out, err), (_, _, en_err) = both(capsys, "platforms", "show", "twiter")
    assert (code, out) == (2, "")
    assert "Befehlszeile: ID: 'twiter' ist keine Plattform; meinten Sie 'twitter'?" in err
    assert "command line: ID: 'twiter' is not a platform; did you mean 'twitter'?" in en_err


def test_kb_validate_and_audit(capsys: pytest.CaptureFixture[str]) -> None:
    (code, out, _), (_, en_out, _) = both(capsys, "kb", "validate")
    assert code == 0
    assert ": gültig: " in out
    assert " Plattformen, " in out
    assert " Quellen, Version " in out
    assert ": valid: " in en_out
    assert " platforms, " in en_out
    (code, out, _), (_, en_out, _) = both(capsys, "kb", "audit", "--today", "2030-01-01")
    assert code == 1
    assert ": Stand " in out
    assert " Tage alt (" in out
    assert "Angabe(n) älter als 24m (Stand 2030-01-01)" in out.splitlines()[-1]
    assert " days old (" in en_out
    assert "fact(s) older than 24m (as of 2030-01-01)" in en_out
    (code, out, _), (_, en_out, _) = both(capsys, "kb", "audit", "--today", "2026-01-01", "--max-age", "20y")
    assert code == 0
    assert out.endswith(": keine Angabe älter als 20y (Stand 2026-01-01)\n")
    assert en_out.endswith(": no fact older than 20y (as of 2026-01-01)\n")
    (code, out, err), (_, _, en_err) = both(capsys, "kb", "audit", "--max-age", "zwei", "--today", "morgen")
    assert (code, out) == (2, "")
    assert "Befehlszeile: --max-age: 'zwei' ist keine Zeitspanne" in err
    assert "Befehlszeile: --today: 'morgen' ist kein Datum (Format JJJJ-MM-TT)" in err
    assert "command line: --max-age: 'zwei' is not an age (use e.g. 24m, 2y, 730d)" in en_err
    assert "command line: --today: 'morgen' is not a date (use YYYY-MM-DD)" in en_err


def test_schema(capsys: pytest.CaptureFixture[str]) -> None:
    (code, out, _), (_, en_out, _) = both(capsys, "schema", "profile")
    assert code == 0
    assert out == en_out
    (code, out, err), (_, _, en_err) = both(capsys, "schema", "profil")
    assert (code, out) == (2, "")
    assert (
        "Befehlszeile: NAME: 'profil' ist kein Schema (erlaubt: batch-error, batch-record, check, comparison, "
        "kb-audit, knowledge-base, platform, platforms, profile, recommendation)" in err
    )
    assert "command line: NAME: 'profil' is not a schema (allowed: " in en_err


def test_profile_validate(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text("market: b2b\ngoals: [Anfragen]\n", encoding="utf-8")
    (code, out, _), (_, en_out, _) = both(capsys, "profile", "validate", str(good))
    assert code == 0
    assert out == f"{good}: gültig\n"
    assert en_out == f"{good}: valid\n"
    bad = tmp_path / "bad.yaml"
    bad.write_text("market: b2b\ngoals: [Ruhm]\n", encoding="utf-8")
    (code, out, err), (_, _, en_err) = both(capsys, "profile", "validate", str(good), str(bad))
    assert code == 2
    assert out == f"{good}: gültig\n"
    assert "'Ruhm' ist kein Ziel" in err
    assert "'Ruhm' is not a goal" in en_err


# ------------------------------------------------------------------ --help


def test_every_help_text_has_its_german() -> None:
    import typer.main

    from smm_advisor.cli.entry import app
    from smm_advisor.cli.localise import help_texts
    from tests.i18n_catalog import german

    english = {getattr(owner, attribute) for owner, attribute in help_texts(typer.main.get_command(app))}
    catalog = german()
    missing = sorted(text for text in english if not ((found := catalog.get(text)) is not None and found.string))
    assert missing == []


def help_of(*args: str, env: dict[str, str] | None = None) -> str:
    """--help in a fresh interpreter: the commands declare their help when they are imported."""
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    environ = {k: v for k, v in os.environ.items() if k != "SMM_ADVISOR_LANG"}
    environ.update({"PYTHONPATH": str(root), "COLUMNS": "100", **(env or {})})
    done = subprocess.run(
        [sys.executable, "-m", "smm_advisor", *args], capture_output=True, text=True, env=environ, check=False
    )
    assert (done.returncode, done.stderr) == (0, "")
    return done.stdout


def test_help_speaks_german_with_lang_de_and_english_without() -> None:
    german = help_of("recommend", "--help", "--lang", "de")
    assert "Altersspanne der Zielgruppe, z. B. 25-54." in german
    assert "Audience age range" not in german
    english = help_of("recommend", "--help")
    assert "Audience age range, e.g. 25-54." in english
    assert "Altersspanne" not in english
    root = help_of("--help", env={"SMM_ADVISOR_LANG": "de"})
    assert "Welche sozialen Netzwerke sollte dieses Unternehmen nutzen" in root
    assert "kb" in root
    assert "Eine Wissensbasis prüfen" in root  # a group's one-line help in the command list
