"""German --help: the texts the commands declare in English, and their German.

The commands keep their help next to their options, in English. When the language is German
(`--lang de`, $SMM_ADVISOR_LANG, the locale), cli.main swaps each text for its German here
before typer prints the help. Headings and typer's own words ("Usage:", "Options") stay as typer
writes them. tests/test_i18n_commands.py checks that every help text of every command has its
German here and that nothing here is left over.
"""

from __future__ import annotations

from typing import Any

HELP_DE: dict[str, str] = {
    # the root
    "Which social networks should this business use, and why?\n\n"
    "Exit codes: 0 success; 1 an opt-in gate failed; 2 usage or input error; "
    "70 internal error (rerun with --debug); 130 interrupted.": (
        "Welche sozialen Netzwerke sollte dieses Unternehmen nutzen, und warum?\n\n"
        "Exit-Codes: 0 Erfolg; 1 eine gewählte Prüfung (Gate) ist gescheitert; 2 Bedienungs- oder "
        "Eingabefehler; 70 interner Fehler (mit --debug wiederholen); 130 abgebrochen."
    ),
    "Print the version and exit.": "Version ausgeben und beenden.",
    "Show tracebacks of internal errors.": "Tracebacks interner Fehler zeigen.",
    "Language of tables, reasons and messages; may stand anywhere on the command line "
    "(default: $SMM_ADVISOR_LANG, else the locale).": (
        "Sprache von Tabellen, Begründungen und Meldungen; darf überall in der Befehlszeile stehen "
        "(Standard: $SMM_ADVISOR_LANG, sonst die Locale)."
    ),
    "Install completion for the current shell.": "Vervollständigung für die aktuelle Shell installieren.",
    "Show completion for the current shell, to copy it or customize the installation.": (
        "Vervollständigung für die aktuelle Shell zeigen, zum Kopieren oder Anpassen der Installation."
    ),
    # check
    "Check whether draft posts fit each network, counted the way that network counts.\n\n"
    "Each length is counted as the knowledge base records that network counts: characters,\n"
    "graphemes, UTF-8 bytes, UTF-16 units or X's weighted length (twitter-text v3: a link is 23,\n"
    "most CJK characters and emoji 2). Hashtag caps and link rules are checked too.": (
        "Prüfen, ob Entwürfe in jedes Netzwerk passen, gezählt so, wie das Netzwerk zählt.\n\n"
        "Jede Länge wird so gezählt, wie es die Wissensbasis für das Netzwerk festhält: Zeichen,\n"
        "Grapheme, UTF-8-Bytes, UTF-16-Einheiten oder die gewichtete Länge von X (twitter-text v3:\n"
        "ein Link zählt 23, die meisten CJK-Zeichen und Emoji 2). Auch Hashtag-Grenzen und\n"
        "Link-Regeln werden geprüft."
    ),
    "Exit codes: 0 every text fits; 1 a text is too long or breaks a hashtag or link rule; 2 bad input.": (
        "Exit-Codes: 0 jeder Text passt; 1 ein Text ist zu lang oder verletzt eine Hashtag- oder "
        "Link-Regel; 2 fehlerhafte Eingabe."
    ),
    "Draft files (Markdown or text, UTF-8), each checked whole as one text; '-' reads stdin. "
    "Markup counts as written: it is what gets pasted.": (
        "Entwurfsdateien (Markdown oder Text, UTF-8), jede als ein ganzer Text geprüft; '-' liest "
        "stdin. Auszeichnungen zählen wie geschrieben: so werden sie eingefügt."
    ),
    "A draft given inline.": "Ein Entwurf direkt in der Befehlszeile.",
    "Repeatable: a network id or alias (x, twitter, bluesky, mastodon, ...). "
    "Default: every network with a known limit for --kind.": (
        "Wiederholbar: Kennung oder Alias eines Netzwerks (x, twitter, bluesky, mastodon, ...). "
        "Standard: jedes Netzwerk mit bekanntem Limit für --kind."
    ),
    "The kind of text: post, caption, title, description or message.": (
        "Die Textart: post, caption, title, description oder message."
    ),
    "Use this limit instead of the recorded one, for every checked network (e.g. a Mastodon instance's).": (
        "Dieses Limit statt des erfassten verwenden, für jedes geprüfte Netzwerk (z. B. das einer Mastodon-Instanz)."
    ),
    "Use another knowledge base (env: SMM_ADVISOR_KB).": "Eine andere Wissensbasis verwenden (env: SMM_ADVISOR_KB).",
    "Output format: table (for people) or json (for scripts).": (
        "Ausgabeformat: table (für Menschen) oder json (für Skripte)."
    ),
    "auto, always or never.": "auto, always oder never.",
    # compare
    "Which rules put A above B for this profile, and by how much (the differences sum to the score gap).": (
        "Welche Regeln A für dieses Profil vor B setzen, und um wie viel (die Unterschiede ergeben "
        "zusammen den Punkteabstand)."
    ),
    "Exit codes: 0 success; 2 bad input.": "Exit-Codes: 0 Erfolg; 2 fehlerhafte Eingabe.",
    "A platform id or alias.": "Kennung oder Alias einer Plattform.",
    "Another platform id or alias.": "Kennung oder Alias einer weiteren Plattform.",
    "b2b, b2c or both (default: both).": "b2b, b2c oder both (Standard: both).",
    "Repeatable: awareness, image, leads, sales, traffic, support, loyalty, feedback, exchange, "
    "community, recruiting (German goal names such as Bekanntheit or Anfragen work too).": (
        "Wiederholbar: awareness, image, leads, sales, traffic, support, loyalty, feedback, exchange, "
        "community, recruiting (deutsche Zielnamen wie Bekanntheit oder Anfragen gehen auch)."
    ),
    "Audience age range, e.g. 25-54.": "Altersspanne der Zielgruppe, z. B. 25-54.",
    "Repeatable: ISO 3166-1 alpha-2 country (DE, US, CN, ...) or dach, eu, apac, greater-china, global.": (
        "Wiederholbar: Land nach ISO 3166-1 alpha-2 (DE, US, CN, ...) oder dach, eu, apac, greater-china, global."
    ),
    "Repeatable: text, image, short-video, long-video, live, stories, chat.": (
        "Wiederholbar: text, image, short-video, long-video, live, stories, chat."
    ),
    "A paid-advertising budget or not.": "Ein Budget für bezahlte Werbung oder keins.",
    "Repeatable RULE=FACTOR: multiply a rule's weight (0 switches it off), e.g. audience=2.": (
        "Wiederholbar REGEL=FAKTOR: das Gewicht einer Regel vervielfachen (0 schaltet sie ab), z. B. audience=2."
    ),
    "A profile file (YAML or JSON; '-' for stdin). Flags override its fields.": (
        "Eine Profildatei (YAML oder JSON; '-' für stdin). Flags überschreiben ihre Felder."
    ),
    "table or json.": "table oder json.",
    "Short for --format json.": "Kurz für --format json.",
    # kb
    "Check a knowledge base: validate its format, audit the age of its facts.": (
        "Eine Wissensbasis prüfen: ihr Format validieren, das Alter ihrer Fakten prüfen."
    ),
    "List facts older than --max-age (seed history excepted); exit 1 if there are any.": (
        "Fakten auflisten, die älter als --max-age sind (außer der Seed-Historie); Exit 1, wenn es welche gibt."
    ),
    "The knowledge base (default: --kb, $SMM_ADVISOR_KB, the bundled one).": (
        "Die Wissensbasis (Standard: --kb, $SMM_ADVISOR_KB, die mitgelieferte)."
    ),
    "Oldest acceptable fact: 24m, 2y or 730d.": "Ältester zulässiger Fakt: 24m, 2y oder 730d.",
    "Audit as of this date (default: today).": "Prüfen zu diesem Datum (Standard: heute).",
    "Exit 0 if every knowledge base is valid; else list every problem as file:line:col: field: problem, exit 2.": (
        "Exit 0, wenn jede Wissensbasis gültig ist; sonst jedes Problem als Datei:Zeile:Spalte: Feld: "
        "Problem auflisten, Exit 2."
    ),
    "Knowledge bases (default: $SMM_ADVISOR_KB, else the bundled one).": (
        "Wissensbasen (Standard: $SMM_ADVISOR_KB, sonst die mitgelieferte)."
    ),
    # platforms
    "List the networks in the knowledge base, or show one with every source.": (
        "Die Netzwerke der Wissensbasis auflisten oder eines mit allen Quellen zeigen."
    ),
    "table (for people) or json (for scripts).": "table (für Menschen) oder json (für Skripte).",
    "Use another knowledge base.": "Eine andere Wissensbasis verwenden.",
    "Show every trait of one network with its source and date.": (
        "Jede Eigenschaft eines Netzwerks mit Quelle und Datum zeigen."
    ),
    "A platform id or alias, e.g. x or twitter.": "Kennung oder Alias einer Plattform, z. B. x oder twitter.",
    # profile
    "Check profile files.": "Profildateien prüfen.",
    "Check every file; exit 0 if all are valid, else 2 with every problem as file:line:col: key: problem.": (
        "Jede Datei prüfen; Exit 0, wenn alle gültig sind, sonst 2 mit jedem Problem als "
        "Datei:Zeile:Spalte: Schlüssel: Problem."
    ),
    "Profile files (YAML or JSON; '-' for stdin).": "Profildateien (YAML oder JSON; '-' für stdin).",
    # recommend
    "Rank the social networks for a business described by flags, a profile file or a batch.\n\n"
    "Precedence: flags override the profile file, which overrides the defaults.": (
        "Die sozialen Netzwerke für ein Unternehmen ranken, beschrieben durch Flags, eine Profildatei "
        "oder einen Batch.\n\nVorrang: Flags überschreiben die Profildatei, diese die Standardwerte."
    ),
    "Exit codes: 0 success; 1 a --min-score or --fail-if-missing gate failed; 2 bad input.": (
        "Exit-Codes: 0 Erfolg; 1 eine Prüfung --min-score oder --fail-if-missing ist gescheitert; "
        "2 fehlerhafte Eingabe."
    ),
    "How many to rank (default: all that qualify).": "Wie viele gerankt werden (Standard: alle, die infrage kommen).",
    "table (for people), json, jsonl (one line), markdown, csv or html (a report to share).": (
        "table (für Menschen), json, jsonl (eine Zeile), markdown, csv oder html (ein Bericht zum Teilen)."
    ),
    "JSON Lines of profiles ('-' for stdin): one JSON result line per input line, in order.": (
        "JSON Lines mit Profilen ('-' für stdin): eine JSON-Ergebniszeile je Eingabezeile, in Reihenfolge."
    ),
    "Worker processes for --batch (0: one per CPU, at most 8). The output is the same for any N.": (
        "Worker-Prozesse für --batch (0: einer je CPU, höchstens 8). Die Ausgabe ist für jedes N gleich."
    ),
    "Repeatable hard requirement: ads, b2b, b2c or a content format the network must support well.": (
        "Wiederholbare harte Anforderung: ads, b2b, b2c oder ein Inhaltsformat, das das Netzwerk gut unterstützen muss."
    ),
    "Repeatable: never recommend it.": "Wiederholbar: nie empfehlen.",
    "Show every rule's points (they sum to the score).": (
        "Die Punkte jeder Regel zeigen (sie ergeben zusammen den Score)."
    ),
    "Pick N networks that work together.": "N Netzwerke wählen, die zusammen funktionieren.",
    "Time budget for --portfolio (hours a week).": "Zeitbudget für --portfolio (Stunden pro Woche).",
    "Check how stable the ranking is when rule weights move.": (
        "Prüfen, wie stabil das Ranking ist, wenn sich die Regelgewichte verschieben."
    ),
    "Seed of the robustness check (same seed, same report).": (
        "Seed der Stabilitätsprüfung (gleicher Seed, gleicher Bericht)."
    ),
    "Exit 1 unless some network scores at least this.": "Exit 1, wenn kein Netzwerk mindestens diesen Score erreicht.",
    "Repeatable: exit 1 if it is not ranked.": "Wiederholbar: Exit 1, wenn es nicht im Ranking ist.",
    "No progress or gate notes on stderr.": "Keine Fortschritts- oder Gate-Meldungen auf stderr.",
    # schema
    "Print the JSON Schema of a profile file, the recommendation or comparison JSON, or a knowledge base.": (
        "Das JSON Schema einer Profildatei, des Empfehlungs- oder Vergleichs-JSON oder einer Wissensbasis ausgeben."
    ),
    "profile, recommendation, comparison or knowledge-base.": (
        "profile, recommendation, comparison oder knowledge-base."
    ),
}


def help_texts(command: Any) -> list[tuple[Any, str]]:
    """(object, attribute) for every help text of a click command tree: commands, groups, parameters."""
    found: list[tuple[Any, str]] = [(command, a) for a in ("help", "epilog", "short_help") if getattr(command, a, None)]
    found += [(p, "help") for p in command.params if getattr(p, "help", None)]
    for sub in getattr(command, "commands", {}).values():
        found += help_texts(sub)
    return found


def translate(command: Any) -> None:
    """Swap every help text of the command tree for its German (texts without one stay English)."""
    for owner, attribute in help_texts(command):
        text = getattr(owner, attribute)
        setattr(owner, attribute, HELP_DE.get(text, text))
