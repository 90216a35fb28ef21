"""Every human-readable string in English and German; `t(key, **params)` picks the language.

The language is set once per run (`--lang`, else $SMM_ADVISOR_LANG, else the locale) and kept in
a context variable, like gettext's current locale: rules stay free of I/O and the same inputs in
the same language give the same output. JSON keys, ids and rule names stay English.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar

LANGUAGES = ("en", "de")
_LANG: ContextVar[str] = ContextVar("smm_advisor_lang", default="en")


def default_language(environ: Mapping[str, str] | None = None) -> str:
    """$SMM_ADVISOR_LANG, else the locale ($LC_ALL, $LC_MESSAGES, $LANG): German if it says so."""
    env = os.environ if environ is None else environ
    explicit = env.get("SMM_ADVISOR_LANG", "").strip().lower()
    if explicit in LANGUAGES:
        return explicit
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if value:
            return "de" if value.lower().startswith("de") else "en"
    return "en"


def set_language(lang: str) -> None:
    _LANG.set(lang if lang in LANGUAGES else "en")


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


def t(key: str, /, **params: object) -> str:
    """The message `key` in the current language, with its {placeholders} filled."""
    return CATALOG[key][language()].format(**params)


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
    return t("p.hint", word=repr(by_lower[close[0]])) if close else ""


def goal_name(goal: str) -> str:
    """A goal id as the user reads it (German: the seed's words, e.g. Anfragen for leads)."""
    return t(f"goal.{goal}")


def first_sentence(text: str) -> str:
    """The first sentence, without parenthesised asides: enough for a one-line reason."""
    import re

    text = re.sub(r"\s*\([^)]*\)", "", text)
    return re.split(r"(?<=[.;:])\s", text, maxsplit=1)[0].rstrip(".;:")


def join(items: list[str]) -> str:
    """'a, b and c' / 'a, b und c'."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {t('and')} {items[-1]}"


CATALOG: dict[str, dict[str, str]] = {
    "and": {"en": "and", "de": "und"},
    "goal.awareness": {"en": "awareness", "de": "Bekanntheit"},
    "goal.image": {"en": "image", "de": "Imagepflege"},
    "goal.leads": {"en": "leads", "de": "Anfragen"},
    "goal.sales": {"en": "sales", "de": "Abverkauf"},
    "goal.traffic": {"en": "traffic", "de": "Traffic"},
    "goal.support": {"en": "support", "de": "Support"},
    "goal.loyalty": {"en": "loyalty", "de": "Kundenbindung"},
    "goal.feedback": {"en": "feedback", "de": "Meinungen"},
    "goal.exchange": {"en": "exchange", "de": "Informationsaustausch"},
    "goal.community": {"en": "community", "de": "Community"},
    "goal.recruiting": {"en": "recruiting", "de": "Recruiting"},
    # ------------------------------------------------------------------ rule reasons
    "level.0": {"en": "no", "de": "kein"},
    "level.1": {"en": "weak", "de": "schwaches"},
    "level.2": {"en": "good", "de": "gutes"},
    "level.3": {"en": "strong", "de": "starkes"},
    "market.unknown": {"en": "{markets} strength unknown", "de": "Stärke für {markets} unbekannt"},
    "market.fit": {"en": "{level} {market} network ({n}/3)", "de": "{level} {market}-Netzwerk ({n}/3)"},
    "goal.none": {"en": "no data on goal(s) {goals}", "de": "keine Daten zu Ziel(en) {goals}"},
    "goal.best": {"en": "{goal} {n}/3: {reason}", "de": "{goal} {n}/3: {reason}"},
    "goal.worst": {"en": "{goal} {n}/3", "de": "{goal} {n}/3"},
    "goal.missing": {"en": "no data on {goals}", "de": "keine Daten zu {goals}"},
    # the asked ages, named as the reader's own target group: not a survey's band, not the users' age mix
    "aud.ages": {"en": "your target group (ages {ages})", "de": "deiner Zielgruppe ({ages} Jahre)"},
    "aud.all": {"en": "the population", "de": "der Bevölkerung"},
    "aud.share": {"en": "{share}% of {who} use it", "de": "{share} % {who} nutzen es"},
    "aud.more": {"en": "+{n} more", "de": "+{n} weitere"},
    "aud.global": {"en": "worldwide", "de": "weltweit"},
    "aud.blocked": {"en": "{place}: blocked", "de": "{place}: gesperrt"},
    "aud.level": {"en": "{place}: no survey, reach {n}/3", "de": "{place}: keine Studie, Reichweite {n}/3"},
    "aud.survey": {"en": "{place}: {survey}", "de": "{place}: {survey}"},
    "aud.total": {"en": "{place}: total of {survey}", "de": "{place}: Gesamtwert aus {survey}"},
    "aud.bridged": {"en": "{survey} on the {ref} scale", "de": "{survey} auf der Skala von {ref}"},
    "aud.restricted": {"en": "{kind}, counted half", "de": "{kind}, halb gezählt"},
    "aud.profile": {"en": "ages by its {country} age profile", "de": "Alter nach dem Altersprofil in {country}"},
    "aud.affinity": {"en": "{times}x its share of all ages", "de": "{times}-mal sein Anteil über alle Altersgruppen"},
    "restriction.throttled": {"en": "throttled", "de": "gedrosselt"},
    "restriction.app-store-removal": {"en": "removed from app stores", "de": "aus den App-Stores entfernt"},
    "restriction.features-blocked": {"en": "features blocked", "de": "Funktionen gesperrt"},
    "restriction.partial-block": {"en": "partly blocked", "de": "teilweise gesperrt"},
    "content.none": {
        "en": "none of your formats ({formats}) is supported",
        "de": "keines deiner Formate ({formats}) wird unterstützt",
    },
    "content.role.3": {"en": "its core format", "de": "sein Kernformat"},
    "content.role.2": {"en": "well supported", "de": "gut unterstützt"},
    "content.role.1": {"en": "marginal here", "de": "hier nur Nebensache"},
    "content.role.0": {"en": "not supported", "de": "nicht unterstützt"},
    "content.fit": {"en": "your {format}: {role} ({n}/3)", "de": "dein Format {format}: {role} ({n}/3)"},
    "ads.unknown": {"en": "self-serve ads unknown", "de": "Self-Service-Werbung unbekannt"},
    "ads.yes": {"en": "self-serve ads", "de": "Self-Service-Werbung"},
    "ads.no": {"en": "no self-serve ads", "de": "keine Self-Service-Werbung"},
    "life.pivoted": {"en": "pivoted {year}: {change}", "de": "neu ausgerichtet {year}: {change}"},
    "life.renamed": {"en": "renamed {year}: {change}", "de": "umbenannt {year}: {change}"},
    "life.active": {"en": "active", "de": "aktiv"},
    # ------------------------------------------------------------------ exclusions
    "excl.discontinued": {"en": "discontinued on {date}: {change}", "de": "eingestellt am {date}: {change}"},
    "excl.exclude": {"en": "excluded on request (--exclude)", "de": "auf Wunsch ausgeschlossen (--exclude)"},
    "excl.require": {
        "en": "does not meet the requirement(s) {unmet} (--require)",
        "de": "erfüllt die Anforderung(en) {unmet} nicht (--require)",
    },
    "excl.region": {"en": "not available in {where}: {reasons}", "de": "nicht verfügbar in {where}: {reasons}"},
    # ------------------------------------------------------------------ tables and reports
    "heading": {
        "en": "Recommended networks ({profile}) - knowledge base {version} of {as_of}",
        "de": "Empfohlene Netzwerke ({profile}) - Wissensbasis {version} vom {as_of}",
    },
    "h.market": {"en": "market {market}", "de": "Markt {market}"},
    "h.goals": {"en": "goals {goals}", "de": "Ziele {goals}"},
    "h.ages": {"en": "ages {ages}", "de": "Alter {ages}"},
    "h.regions": {"en": "regions {regions}", "de": "Regionen {regions}"},
    "h.content": {"en": "content {content}", "de": "Inhalte {content}"},
    "h.ads": {"en": "ads budget", "de": "Werbebudget"},
    "h.noads": {"en": "no ads", "de": "keine Werbung"},
    "col.network": {"en": "network", "de": "Netzwerk"},
    "col.score": {"en": "score", "de": "Punkte"},
    "col.why": {"en": "why", "de": "warum"},
    "col.rule": {"en": "rule", "de": "Regel"},
    "col.points": {"en": "points", "de": "Punkte"},
    "col.reason": {"en": "reason", "de": "Begründung"},
    "col.stability": {"en": "stability", "de": "Stabilität"},
    "col.hours": {"en": "hours/week", "de": "Std./Woche"},
    "sources": {"en": "Sources and dates", "de": "Quellen und Stand"},
    "generated": {"en": "generated from knowledge base {version}", "de": "erstellt aus Wissensbasis {version}"},
    "report.title": {"en": "Recommended networks", "de": "Empfohlene Netzwerke"},
    "report.kb": {"en": "knowledge base {version} of {as_of}", "de": "Wissensbasis {version} vom {as_of}"},
    "report.ranking": {"en": "Ranking by score (0-100)", "de": "Rangfolge nach Punkten (0-100)"},
    "report.tier.from": {"en": "{tier} from {floor}", "de": "{tier} ab {floor}"},
    "report.tier.below": {"en": "{tier} below {floor}", "de": "{tier} unter {floor}"},
    "report.score": {"en": "{score} of 100", "de": "{score} von 100 Punkten"},
    "report.why": {"en": "Why these networks", "de": "Warum diese Netzwerke"},
    "report.sources": {
        "en": "Per network, the sources of the facts this advice reads for your market, goals, formats and "
        "regions, each with the date its facts describe or were last checked. Every fact of a network with its "
        "source: {example}.",
        "de": "Je Netzwerk die Quellen der Angaben, auf denen diese Empfehlung für deinen Markt, deine Ziele, "
        "Formate und Regionen beruht, jeweils mit dem Datum, das die Angaben beschreiben oder an dem sie zuletzt "
        "geprüft wurden. Alle Angaben eines Netzwerks mit Quelle: {example}.",
    },
    "no.rule.moved": {"en": "no rule moved the score", "de": "keine Regel hat die Punkte verändert"},
    "not.recommended": {"en": "Not recommended:", "de": "Nicht empfohlen:"},
    "explain.base": {"en": "base {points}", "de": "Basis {points}"},
    "explain.total": {"en": "= score {score}", "de": "= Punkte {score}"},
    # ------------------------------------------------------------------ robustness
    "robust.question": {"en": "How stable is this ranking?", "de": "Wie stabil ist diese Rangfolge?"},
    "robust.method": {
        "en": "{runs} runs: each rule left out once, weights shifted by up to ±{spread}% with seed {seed}",
        "de": "{runs} Läufe: jede Regel einmal weggelassen, Gewichte um bis zu ±{spread} % verschoben, Seed {seed}",
    },
    "robust.row": {
        "en": "keeps rank {rank} in {rank_share}% of runs, its tier ({tier}) in {tier_share}%",
        "de": "behält Rang {rank} in {rank_share} % der Läufe, seine Stufe ({tier}) in {tier_share} %",
    },
    "robust.fragile": {"en": "fragile", "de": "unsicher"},
    "robust.stable": {"en": "stable", "de": "stabil"},
    "tier.recommended": {"en": "recommended", "de": "empfohlen"},
    "tier.possible": {"en": "possible", "de": "möglich"},
    "tier.weak": {"en": "weak", "de": "schwach"},
    # ------------------------------------------------------------------ portfolio
    "portfolio.title": {"en": "Portfolio of {n} networks", "de": "Portfolio aus {n} Netzwerken"},
    "portfolio.budget": {
        "en": "about {hours} hours a week of {budget} available",
        "de": "etwa {hours} Stunden pro Woche von {budget} verfügbaren",
    },
    "portfolio.hours": {"en": "about {hours} hours a week", "de": "etwa {hours} Stunden pro Woche"},
    "portfolio.first": {"en": "the best score ({score})", "de": "die höchste Punktzahl ({score})"},
    "portfolio.next": {
        "en": "adds the most: score {score}, overlap with the chosen {overlap}% ({other})",
        "de": "bringt am meisten dazu: {score} Punkte, Überschneidung mit der Auswahl {overlap} % ({other})",
    },
    "portfolio.effort": {"en": "{hours} h/week: {reason}", "de": "{hours} Std./Woche: {reason}"},
    "portfolio.effort.unknown": {"en": "effort unknown", "de": "Aufwand unbekannt"},
    "warn.pair": {
        "en": "{a} and {b} overlap strongly ({overlap}%): {reason}",
        "de": "{a} und {b} überschneiden sich stark ({overlap} %): {reason}",
    },
    "warn.low": {
        "en": "{name} scores only {score}: a weak fit, picked to fill the portfolio",
        "de": "{name} erreicht nur {score} Punkte: passt schwach, nur zum Auffüllen gewählt",
    },
    "warn.short": {
        "en": "only {n} network(s) qualify within the budget",
        "de": "nur {n} Netzwerk(e) passen ins Budget",
    },
    "warn.budget_unknown": {
        "en": "{name} left out: its hours a week are unknown, so it cannot be kept within the budget",
        "de": "{name} weggelassen: Der Aufwand pro Woche ist unbekannt, daher passt es nicht sicher ins Budget",
    },
    "warn.budget": {
        "en": "{name} left out: {hours} hours a week would exceed the budget",
        "de": "{name} weggelassen: {hours} Stunden pro Woche würden das Budget übersteigen",
    },
    "overlap.formats": {"en": "similar formats", "de": "ähnliche Formate"},
    # ------------------------------------------------------------------ compare
    "compare.title": {
        "en": "{a} ({sa}) vs {b} ({sb}): {lead} by {diff} points",
        "de": "{a} ({sa}) gegen {b} ({sb}): {lead} vorn mit {diff} Punkten",
    },
    "compare.tie": {"en": "{a} and {b} tie at {score}", "de": "{a} und {b} gleichauf mit {score} Punkten"},
    "compare.excluded": {"en": "{name} is excluded: {reason}", "de": "{name} ist ausgeschlossen: {reason}"},
    "col.difference": {"en": "difference", "de": "Differenz"},
    # ------------------------------------------------------------------ input problems
    "p.not_market": {
        "en": "{value} is not a market{hint} (allowed: {allowed})",
        "de": "{value} ist kein Markt{hint} (erlaubt: {allowed})",
    },
    "p.not_goal": {
        "en": "{value} is not a goal{hint} (allowed: {allowed})",
        "de": "{value} ist kein Ziel{hint} (erlaubt: {allowed})",
    },
    "p.not_format": {
        "en": "{value} is not a content format{hint} (allowed: {allowed})",
        "de": "{value} ist kein Inhaltsformat{hint} (erlaubt: {allowed})",
    },
    "p.not_region": {
        "en": "{value} is not a region{hint} (allowed: an ISO 3166-1 alpha-2 code such as DE, or dach, eu, global)",
        "de": "{value} ist keine Region{hint} (erlaubt: ein Ländercode nach ISO 3166-1 alpha-2 wie DE, oder dach, "
        "eu, global)",
    },
    "p.not_requirement": {
        "en": "{value} is not a requirement{hint} (allowed: {allowed})",
        "de": "{value} ist keine Anforderung{hint} (erlaubt: {allowed})",
    },
    "p.not_rule": {
        "en": "{value} is not a rule{hint} (allowed: {allowed})",
        "de": "{value} ist keine Regel{hint} (erlaubt: {allowed})",
    },
    "p.not_weight": {
        "en": "{value} is not RULE=FACTOR (e.g. audience=2)",
        "de": "{value} ist nicht REGEL=FAKTOR (z. B. audience=2)",
    },
    "p.not_platform": {
        "en": "{value} is not a platform{hint} (allowed: {allowed})",
        "de": "{value} ist keine Plattform{hint} (erlaubt: {allowed})",
    },
    "p.not_format_out": {
        "en": "{value} is not a format (allowed: {allowed})",
        "de": "{value} ist kein Ausgabeformat (erlaubt: {allowed})",
    },
    "p.not_lang": {
        "en": "{value} is not a language (allowed: en, de)",
        "de": "{value} ist keine Sprache (erlaubt: en, de)",
    },
    "p.not_color": {
        "en": "{value} is not a colour mode (allowed: {allowed})",
        "de": "{value} ist kein Farbmodus (erlaubt: {allowed})",
    },
    "p.not_age": {
        "en": "{value} is not an age range (use MIN-MAX, e.g. 25-54)",
        "de": "{value} ist kein Altersbereich (MIN-MAX verwenden, z. B. 25-54)",
    },
    "p.age_order": {
        "en": "minimum age {min} is above maximum age {max}",
        "de": "Mindestalter {min} liegt über dem Höchstalter {max}",
    },
    "p.not_yes_no": {
        "en": "{value} is not yes or no (true/false)",
        "de": "{value} ist weder ja noch nein (true/false)",
    },
    "p.not_int": {"en": "must be a whole number", "de": "muss eine ganze Zahl sein"},
    "p.not_number": {"en": "must be a number", "de": "muss eine Zahl sein"},
    "p.not_list": {"en": "expected a list, got {value}", "de": "Liste erwartet, erhalten: {value}"},
    "p.not_word": {"en": "{value} is not a word", "de": "{value} ist kein Wort"},
    "p.not_mapping": {"en": "expected a mapping of RULE: FACTOR", "de": "Zuordnung REGEL: FAKTOR erwartet"},
    "p.unknown_key": {
        "en": "unknown key{hint} (allowed: {allowed})",
        "de": "unbekannter Schlüssel{hint} (erlaubt: {allowed})",
    },
    "p.not_allowed": {
        "en": "{value} is not allowed{hint} (allowed: {allowed})",
        "de": "{value} ist nicht erlaubt{hint} (erlaubt: {allowed})",
    },
    "p.missing_key": {"en": "required key is missing", "de": "Pflichtschlüssel fehlt"},
    "p.hint": {"en": "; did you mean {word}?", "de": "; meintest du {word}?"},
    "p.ge": {"en": "must be at least {limit}", "de": "muss mindestens {limit} sein"},
    "p.le": {"en": "must be at most {limit}", "de": "darf höchstens {limit} sein"},
    "p.gt": {"en": "must be greater than {limit}", "de": "muss größer als {limit} sein"},
    "p.type": {"en": "{message} (got {value})", "de": "{message} (erhalten: {value})"},
    "p.exclusive": {"en": "{a} and {b} exclude each other", "de": "{a} und {b} schließen einander aus"},
    "p.top_level": {
        "en": "the top level must be a mapping of keys, not {kind}",
        "de": "die oberste Ebene muss eine Zuordnung von Schlüsseln sein, nicht {kind}",
    },
    "command_line": {"en": "command line", "de": "Befehlszeile"},
    "gate.failed": {"en": "gate failed: {what}", "de": "Prüfung fehlgeschlagen: {what}"},
    "gate.min_score": {
        "en": "--min-score: the best network scores {best}, below {limit}",
        "de": "--min-score: das beste Netzwerk erreicht {best}, weniger als {limit}",
    },
    "gate.missing": {
        "en": "--fail-if-missing: {platform} is not in the ranking",
        "de": "--fail-if-missing: {platform} ist nicht in der Rangfolge",
    },
    "batch.failed": {
        "en": "{failed} of {lines} batch line(s) failed; see their error records",
        "de": "{failed} von {lines} Batch-Zeile(n) fehlerhaft; siehe deren Fehlereinträge",
    },
    "internal": {
        "en": "internal error ({kind}); rerun with --debug and report it",
        "de": "interner Fehler ({kind}); mit --debug erneut ausführen und melden",
    },
    "interrupted": {"en": "interrupted", "de": "abgebrochen"},
    # ------------------------------------------------------------------ reading files
    "load.missing": {"en": "no such file", "de": "Datei nicht gefunden"},
    "load.unreadable": {"en": "cannot read: {reason}", "de": "nicht lesbar: {reason}"},
    "load.directory": {"en": "is a directory, not a file", "de": "ist ein Verzeichnis, keine Datei"},
    "load.too_big": {
        "en": "file is {size} bytes; the limit is {limit}",
        "de": "Datei hat {size} Bytes; die Grenze ist {limit}",
    },
    "load.too_big_stream": {
        "en": "input is larger than the limit of {limit} bytes",
        "de": "Eingabe ist größer als die Grenze von {limit} Bytes",
    },
    "load.utf16": {
        "en": "the file is UTF-16; save it as UTF-8",
        "de": "die Datei ist UTF-16; bitte als UTF-8 speichern",
    },
    "load.not_utf8": {
        "en": "not valid UTF-8 (byte {byte}); save it as UTF-8",
        "de": "kein gültiges UTF-8 (Byte {byte}); bitte als UTF-8 speichern",
    },
    "load.control": {"en": "control character {code} in the text", "de": "Steuerzeichen {code} im Text"},
    "load.json_duplicate": {"en": "duplicate key {key}", "de": "doppelter Schlüssel {key}"},
    "load.json_constant": {
        "en": "{token} is not allowed in JSON input",
        "de": "{token} ist in JSON-Eingaben nicht erlaubt",
    },
    "load.json_syntax": {"en": "JSON syntax: {message}", "de": "JSON-Syntax: {message}"},
    "load.depth": {
        "en": "exceeds the maximum nesting depth ({depth} levels)",
        "de": "überschreitet die maximale Verschachtelungstiefe ({depth} Ebenen)",
    },
    "load.empty": {"en": "the input is empty", "de": "die Eingabe ist leer"},
    "load.complex_key": {
        "en": "a key must be a plain value, not a mapping or list",
        "de": "ein Schlüssel muss ein einfacher Wert sein, keine Zuordnung oder Liste",
    },
    "load.duplicate": {
        "en": "duplicate key {key} (first at line {line})",
        "de": "doppelter Schlüssel {key} (zuerst in Zeile {line})",
    },
    "load.documents": {
        "en": "more than one YAML document (a second '---'); give one",
        "de": "mehr als ein YAML-Dokument (ein zweites '---'); bitte nur eines",
    },
    "load.alias": {
        "en": "anchors and aliases (&name / *name) are not supported",
        "de": "Anker und Aliase (&name / *name) werden nicht unterstützt",
    },
    "load.tag": {
        "en": "tag {tag} is not allowed (plain data only)",
        "de": "Tag {tag} ist nicht erlaubt (nur einfache Daten)",
    },
    "load.nan": {"en": "NaN and infinity are not allowed", "de": "NaN und Unendlich sind nicht erlaubt"},
    "load.yaml_syntax": {"en": "YAML syntax: {message}", "de": "YAML-Syntax: {message}"},
    "load.yaml": {"en": "YAML: {message}", "de": "YAML: {message}"},
    # ------------------------------------------------------------------ check, kb and platforms commands
    "check.kind.post": {"en": "post", "de": "Beitrag"},
    "check.kind.caption": {"en": "caption", "de": "Bildunterschrift"},
    "check.kind.title": {"en": "title", "de": "Titel"},
    "check.kind.description": {"en": "description", "de": "Beschreibung"},
    "check.kind.message": {"en": "message", "de": "Nachricht"},
    "check.kinds.post": {"en": "post", "de": "Beiträge"},
    "check.kinds.caption": {"en": "caption", "de": "Bildunterschriften"},
    "check.kinds.title": {"en": "title", "de": "Titel"},
    "check.kinds.description": {"en": "description", "de": "Beschreibungen"},
    "check.kinds.message": {"en": "message", "de": "Nachrichten"},
    "check.unit.characters": {"en": "characters", "de": "Zeichen"},
    "check.unit.graphemes": {"en": "graphemes", "de": "Grapheme"},
    "check.unit.utf8-bytes": {"en": "bytes", "de": "Bytes"},
    "check.unit.utf16-units": {"en": "UTF-16 units", "de": "UTF-16-Einheiten"},
    "check.unit.x-weighted": {"en": "weighted characters", "de": "gewichtete Zeichen"},
    "check.unit.emoji-utf8-bytes": {"en": "characters", "de": "Zeichen"},
    "check.empty": {
        "en": "the text is empty; there is nothing to check",
        "de": "der Text ist leer; es gibt nichts zu prüfen",
    },
    "check.too_long": {
        "en": "{length} {unit}; the {kind} limit is {limit} ({over} over)",
        "de": "{length} {unit}; das Limit für {kind} liegt bei {limit} ({over} zu viel)",
    },
    "check.hashtags.one": {"en": "{n} hashtag", "de": "{n} Hashtag"},
    "check.hashtags.many": {"en": "{n} hashtags", "de": "{n} Hashtags"},
    "check.links.one": {"en": "{n} link", "de": "{n} Link"},
    "check.links.many": {"en": "{n} links", "de": "{n} Links"},
    "check.cap": {
        "en": "{count}; {name} allows {cap} per post",
        "de": "{count}; {name} erlaubt höchstens {cap} pro Beitrag",
    },
    "check.not_clickable": {
        "en": "{count} in the text; {name} does not make them clickable",
        "de": "{count} im Text; {name} macht Links nicht anklickbar",
    },
    "check.not_kind": {
        "en": "{value} is not a kind of text{hint} (allowed: {allowed})",
        "de": "{value} ist keine Textart{hint} (erlaubt: {allowed})",
    },
    "check.no_limit_anywhere": {
        "en": "no network in the knowledge base has a known {kind} limit",
        "de": "kein Netzwerk in der Wissensbasis hat ein bekanntes Limit für {kind}",
    },
    "check.no_limit": {
        "en": "{name} has no {kind} limit on record (kinds it has: {kinds})",
        "de": "für {name} ist kein Limit für {kind} erfasst (erfasste Textarten: {kinds})",
    },
    "check.no_kinds": {"en": "none", "de": "keine"},
    "check.limit_unknown": {
        "en": "the {kind} limit of {name} is unknown ({unknown}); give one with --limit",
        "de": "das Limit für {kind} bei {name} ist unbekannt ({unknown}); gib eines mit --limit an",
    },
    "check.nothing": {
        "en": "nothing to check: give a FILE, '-' for stdin, or --text TEXT",
        "de": "nichts zu prüfen: gib eine Datei (FILE), '-' für stdin oder --text TEXT an",
    },
    "check.stdin_twice": {"en": "'-' (stdin) can be given only once", "de": "'-' (stdin) darf nur einmal vorkommen"},
    "check.heading": {
        "en": "Does it fit as a {kind}? (knowledge base {version} of {as_of})",
        "de": "Passt es als {kind}? (Wissensbasis {version} vom {as_of})",
    },
    "check.col.used": {"en": "used / limit", "de": "genutzt / Limit"},
    "check.col.findings": {"en": "findings", "de": "Hinweise"},
    "check.fits": {"en": "fits", "de": "passt"},
    "check.verdict.one": {"en": "It fits.", "de": "Der Text passt."},
    "check.verdict.all": {"en": "All {total} checks pass.", "de": "Alle {total} Prüfungen bestanden."},
    "check.verdict.failed.one": {
        "en": "{failed} of {total} check failed.",
        "de": "{failed} von {total} Prüfung nicht bestanden.",
    },
    "check.verdict.failed.many": {
        "en": "{failed} of {total} checks failed.",
        "de": "{failed} von {total} Prüfungen nicht bestanden.",
    },
    "kb.valid": {
        "en": "{path}: valid: {platforms} platforms, {sources} sources, version {version}",
        "de": "{path}: gültig: {platforms} Plattformen, {sources} Quellen, Version {version}",
    },
    "kb.not_age": {
        "en": "{value} is not an age (use e.g. 24m, 2y, 730d)",
        "de": "{value} ist keine Zeitspanne (z. B. 24m, 2y oder 730d für Monate, Jahre, Tage)",
    },
    "kb.not_date": {"en": "{value} is not a date (use YYYY-MM-DD)", "de": "{value} ist kein Datum (Format JJJJ-MM-TT)"},
    "kb.audit.line": {
        "en": "{where}: {platform}.{field}: as of {as_of}, {age} days old ({source})",
        "de": "{where}: {platform}.{field}: Stand {as_of}, {age} Tage alt ({source})",
    },
    "kb.audit.old": {"en": "{n} fact(s) older than {max_age}", "de": "{n} Angabe(n) älter als {max_age}"},
    "kb.audit.none": {"en": "no fact older than {max_age}", "de": "keine Angabe älter als {max_age}"},
    "kb.audit.summary": {"en": "{where}: {summary} (as of {when})", "de": "{where}: {summary} (Stand {when})"},
    "schema.unknown": {
        "en": "{value} is not a schema (allowed: {allowed})",
        "de": "{value} ist kein Schema (erlaubt: {allowed})",
    },
    "profile.valid": {"en": "{path}: valid", "de": "{path}: gültig"},
    "platforms.heading": {
        "en": "Knowledge base {version} of {as_of}: {n} platforms",
        "de": "Wissensbasis {version} vom {as_of}: {n} Plattformen",
    },
    "platforms.col.id": {"en": "id", "de": "ID"},
    "platforms.col.name": {"en": "name", "de": "Name"},
    "platforms.col.status": {"en": "status", "de": "Status"},
    "platforms.col.orientation": {"en": "orientation", "de": "Ausrichtung"},
    "platforms.col.strong": {"en": "strong formats", "de": "starke Formate"},
    "platforms.col.trait": {"en": "trait", "de": "Merkmal"},
    "platforms.col.value": {"en": "value", "de": "Wert"},
    "platforms.col.source": {"en": "source and date", "de": "Quelle und Stand"},
    "platforms.state.active": {"en": "active", "de": "aktiv"},
    "platforms.state.discontinued": {"en": "discontinued", "de": "eingestellt"},
    "platforms.state.renamed": {"en": "renamed", "de": "umbenannt"},
    "platforms.state.pivoted": {"en": "pivoted", "de": "neu ausgerichtet"},
    "platforms.show.heading": {
        "en": "{name} [{id}]{aliases} - knowledge base {version} of {as_of}",
        "de": "{name} [{id}]{aliases} - Wissensbasis {version} vom {as_of}",
    },
    "platforms.aliases": {"en": " (also: {aliases})", "de": " (auch: {aliases})"},
    "platforms.checked": {"en": ", checked {date}", "de": ", geprüft {date}"},
    "platforms.unknown": {"en": "unknown", "de": "unbekannt"},
    "platforms.unknown_why": {"en": "unknown ({reason})", "de": "unbekannt ({reason})"},
    "platforms.yes": {"en": "yes", "de": "ja"},
    "platforms.no": {"en": "no", "de": "nein"},
    "platforms.since": {"en": " since {date}", "de": " seit {date}"},
    "platforms.formerly": {"en": " (formerly {names})", "de": " (früher {names})"},
    "platforms.percent": {"en": "{percent}%", "de": "{percent} %"},
    "platforms.audience.all": {"en": "all {percent}; ", "de": "insgesamt {percent}; "},
    "platforms.url_length": {"en": ", URLs count {n}", "de": ", URLs zählen {n}"},
    "platforms.no_cap": {"en": "no published cap", "de": "keine veröffentlichte Obergrenze"},
    "platforms.at_most": {"en": "at most {n}", "de": "höchstens {n}"},
    "platforms.clickable": {"en": "clickable", "de": "anklickbar"},
    "platforms.not_clickable": {"en": "not clickable", "de": "nicht anklickbar"},
    "platforms.effort": {
        "en": "{posts} posts/week x {hours} h = {total} h/week",
        "de": "{posts} Beiträge/Woche x {hours} Std. = {total} Std./Woche",
    },
    "platforms.trait.lifecycle": {"en": "lifecycle", "de": "Status"},
    "platforms.trait.operator": {"en": "operator", "de": "Betreiber"},
    "platforms.trait.b2b": {"en": "orientation b2b", "de": "Ausrichtung B2B"},
    "platforms.trait.b2c": {"en": "orientation b2c", "de": "Ausrichtung B2C"},
    "platforms.trait.format": {"en": "format {format}", "de": "Format {format}"},
    "platforms.trait.reach": {"en": "reach {region}", "de": "Reichweite {region}"},
    "platforms.trait.unavailable": {"en": "unavailable {country}", "de": "nicht verfügbar in {country}"},
    "platforms.trait.restricted": {"en": "restricted in {country}", "de": "eingeschränkt in {country}"},
    "platforms.trait.goal_market": {"en": "goal {goal} ({market})", "de": "Ziel {goal} ({market})"},
    "platforms.trait.audience": {"en": "audience {country} {year}", "de": "Nutzerschaft {country} {year}"},
    "platforms.trait.goal": {"en": "goal {goal}", "de": "Ziel {goal}"},
    "platforms.trait.ads": {"en": "self-serve ads", "de": "Self-Service-Werbung"},
    "platforms.trait.messenger": {"en": "messenger", "de": "Messenger"},
    "platforms.trait.ephemeral": {"en": "ephemeral", "de": "vergängliche Inhalte"},
    "platforms.trait.text_limit": {"en": "text limit {kind}", "de": "Textlimit {kind}"},
    "platforms.trait.hashtags": {"en": "hashtags", "de": "Hashtags"},
    "platforms.trait.links": {"en": "links in text", "de": "Links im Text"},
    "platforms.trait.effort": {"en": "effort", "de": "Aufwand"},
    "platforms.trait.users": {"en": "users", "de": "Nutzer"},
    "platforms.trait.overlap": {"en": "overlap {platform}", "de": "Überschneidung {platform}"},
    "platforms.trait.seed": {"en": "seed claim ({year})", "de": "Aussage im Ausgangstext ({year})"},
    "platforms.verdict.holds": {"en": "holds", "de": "trifft zu"},
    "platforms.verdict.outdated": {"en": "outdated", "de": "überholt"},
    "platforms.verdict.wrong": {"en": "wrong", "de": "falsch"},
    "platforms.verdict.unverified": {"en": "unverified", "de": "ungeprüft"},
    # (end of the check/kb/platforms section)
    # ------------------------------------------------------------------ the GitHub Action (cli/action.py)
    "action.inputs": {"en": "action inputs", "de": "Eingaben der Action"},
    "action.required": {
        "en": "required: the path of a profile file (YAML or JSON) in your repository",
        "de": "Pflichtangabe: der Pfad einer Profildatei (YAML oder JSON) im Repository",
    },
    "action.split": {
        "en": "cannot split it into words as a shell would: {error}",
        "de": "lässt sich nicht wie von einer Shell in Wörter zerlegen: {error}",
    },
    "action.format": {
        "en": "{option}: the Action writes Markdown to the job summary and JSON to a file (its `json` output); "
        "for another format, run `smm-advisor recommend` in a step of your own",
        "de": "{option}: die Action schreibt Markdown in die Job-Zusammenfassung und JSON in eine Datei (ihre "
        "Ausgabe `json`); für ein anderes Format `smm-advisor recommend` in einem eigenen Schritt aufrufen",
    },
    "action.elsewhere": {
        "en": "{option}: the Action ranks one profile into the job summary; run `smm-advisor recommend {option}` in "
        "a step of your own",
        "de": "{option}: die Action bewertet ein Profil für die Job-Zusammenfassung; `smm-advisor recommend {option}` "
        "in einem eigenen Schritt aufrufen",
    },
    "action.use_input": {
        "en": "{option}: use the Action's `{input}` input instead",
        "de": "{option}: stattdessen die Eingabe `{input}` der Action verwenden",
    },
    "action.no_env": {
        "en": "{name} is not set: this runs as a step of the GitHub Action (action.yml)",
        "de": "{name} ist nicht gesetzt: dies läuft als Schritt der GitHub Action (action.yml)",
    },
    "action.failed": {
        "en": "smm-advisor could not rank the networks (exit {code})",
        "de": "smm-advisor konnte die Netzwerke nicht bewerten (Exit {code})",
    },
    "action.gate": {
        "en": "A gate failed, so this step fails (exit {code})",
        "de": "Eine Prüfung ist fehlgeschlagen, daher schlägt dieser Schritt fehl (Exit {code})",
    },
}
