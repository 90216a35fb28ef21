"""Renderers for `check`: a CheckReport in, a string out (a table for people, JSON for scripts)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from smm_advisor.i18n import integer, t, tn
from smm_advisor.posts.checking import KIND_NAMES, CheckReport, CheckResult
from smm_advisor.render.json import document_text, message
from smm_advisor.render.sanitise import sanitised
from smm_advisor.render.style import Style
from smm_advisor.render.style import console as make_console

SCHEMA_VERSION = "2.0"  # of the `check --format json` document (schemas/check.json)


def check_payload(report: CheckReport) -> dict[str, Any]:
    """The JSON document of a check (the shape scripts depend on)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "lang": report.lang,
        "knowledge_base": {"version": report.kb_version, "as_of": report.kb_as_of.isoformat()},
        "kind": report.kind,
        "ok": report.ok,
        "results": [
            {
                "source": r.source,
                "platform": r.platform,
                "name": r.name,
                "kind": r.kind,
                "counting": r.counting,
                "length": r.length,
                "limit": r.limit,
                "fits": r.fits,
                "hashtags": r.hashtags,
                "links": r.links,
                "findings": [message(f) for f in r.findings],
            }
            for r in report.results
        ],
    }


def render_check_json(report: CheckReport, style: Style) -> str:
    return document_text(check_payload(report), "json")


def usage_bar(length: int, limit: int, width: int = 10) -> str:
    """A bar of `width` cells filled in proportion to length / limit, full when over the limit."""
    eighths = round(min(length / limit, 1.0) * width * 8)
    full, part = divmod(eighths, 8)
    bar = "\u2588" * full + ("" if part == 0 else chr(0x2590 - part))
    return bar.ljust(width, "\u00b7")


def render_check_table(report: CheckReport, style: Style) -> str:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    report = sanitised(report)  # a draft's file name may hold control characters (render/sanitise.py)
    pad = max((len(f"{integer(r.length)}/{integer(r.limit)}") for r in report.results), default=0)
    console = make_console(style)
    with console.capture() as capture:
        console.print(
            t(
                "Does it fit as a {kind}? (knowledge base {version} of {as_of})",
                kind=t(KIND_NAMES[report.kind]),
                version=report.kb_version,
                as_of=report.kb_as_of,
            ),
            highlight=False,
            markup=False,
        )
        for n, source in enumerate(dict.fromkeys(r.source for r in report.results)):
            table = Table(box=box.SIMPLE_HEAD, expand=False, pad_edge=False)
            table.add_column(t("network"), no_wrap=True)
            table.add_column(t("used / limit"), no_wrap=True)
            table.add_column(t("findings"), overflow="fold", ratio=1)
            for r in (r for r in report.results if r.source == source):
                used = Text(f"{integer(r.length)}/{integer(r.limit)} ".rjust(pad + 1))
                used.append(usage_bar(r.length, r.limit), style=_colour(r))
                findings = "\n".join(f.text for f in r.findings) or t("fits")
                table.add_row(Text(r.name), used, Text(findings, style="" if r.ok else "red"))
            if n == 0:
                console.print()
            console.print(Text(source), soft_wrap=True)  # a path stays on one line, for copying
            console.print(table)
        console.print(_verdict(report), highlight=False, markup=False)
    return "\n".join(line.rstrip() for line in capture.get().splitlines()) + "\n"


def _colour(r: CheckResult) -> str:
    if not r.fits:
        return "red"
    return "yellow" if r.length > 0.9 * r.limit else "green"


def _verdict(report: CheckReport) -> str:
    total = len(report.results)
    failed = sum(1 for r in report.results if not r.ok)
    if not failed:
        return t("It fits.") if total == 1 else t("All {total} checks pass.", total=total)
    return tn(
        "{failed} of {total} check failed.", "{failed} of {total} checks failed.", total, failed=failed, total=total
    )


CHECK_RENDERERS: dict[str, Callable[[CheckReport, Style], str]] = {
    "table": render_check_table,
    "json": render_check_json,
}
