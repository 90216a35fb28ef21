"""The HTML report: self-contained, grouped for a reader, and rendered and printed by a real headless Chromium.

The browser tests run Debian's Chromium: they measure the chart's boxes in the DOM (a copy of
the page with a measuring script added; the report itself has no script), take a screenshot and
print to PDF. Without Chromium they skip on a developer machine; CI sets
SMM_ADVISOR_REQUIRE_CHROMIUM=1, and there they fail instead.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import zlib
from html import escape, unescape
from pathlib import Path
from typing import Any

import pytest
import yaml

from smm_advisor.advice.scoring import TIERS
from smm_advisor.cli.entry import main
from smm_advisor.knowledge.store import load_knowledge_base
from smm_advisor.render.html import TIER_FILL
from smm_advisor.render.text import short_title
from tests.conftest import kb_data, lvl, platform_data

ROOT = Path(__file__).resolve().parent.parent
PROFILE = [
    "recommend", "--market", "b2c", "--goal", "sales", "--goal", "awareness", "--region", "DE", "--age", "18-35",
    "--content", "short-video", "--ads",
]  # fmt: skip
ARGS = [*PROFILE, "--top", "8"]
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
]  # fmt: skip
BAR_GREEN = (0x2F, 0x8F, 0x57)
A4_POINTS = (595.0, 842.0)  # 210 x 297 mm
SURVEY_LABELS = sorted((s.label for s in load_knowledge_base(None).surveys.values()), key=len, reverse=True)


def chromium() -> str:
    found = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        if os.environ.get("SMM_ADVISOR_REQUIRE_CHROMIUM"):
            pytest.fail("Chromium is missing, and SMM_ADVISOR_REQUIRE_CHROMIUM is set (.ci/run installs it)")
        pytest.skip("Chromium is not installed (apt-get install chromium); CI sets SMM_ADVISOR_REQUIRE_CHROMIUM")
    return found


def run_chromium(browser: str, tmp_path: Path, *args: str) -> str:
    """Run headless Chromium with a fresh profile directory; its stdout."""
    profile_dir = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    done = subprocess.run(
        [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile_dir}", *args],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return done.stdout


def html_of(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main([*args, "--format", "html"]) == 0
    return capsys.readouterr().out


def report(capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[str, dict[str, Any]]:
    html = html_of(capsys, *ARGS, *extra)
    assert main([*ARGS, *extra, "--portfolio", "3", "--robustness", "--json"]) == 0
    return html, json.loads(capsys.readouterr().out)


def test_report_is_self_contained_and_complete(capsys: pytest.CaptureFixture[str]) -> None:
    html, doc = report(capsys)
    assert html.startswith("<!DOCTYPE html>")
    for external in ("<script", "<link", " src=", "url(", "@import", "@font-face", " onload=", " onclick="):
        assert external not in html
    hrefs = re.findall(r'href="([^"]+)"', html)
    assert hrefs
    assert all(h.startswith(("https://", "http://")) for h in hrefs)  # only the sources' own pages
    names = [r["name"] for r in doc["recommendations"]]
    assert all(escape(str(n)) in html for n in names)
    assert 'id="portfolio"' in html
    assert 'id="robustness"' in html
    assert 'id="sources"' in html
    assert html_of(capsys, *ARGS) == html  # deterministic


def test_chart_and_blocks_take_the_tier_from_the_ranking(capsys: pytest.CaptureFixture[str]) -> None:
    html, doc = report(capsys)
    ranked = doc["recommendations"]
    assert {r["tier"] for r in ranked} == {"recommended", "possible", "weak"}  # this profile shows all three
    bars = re.findall(
        r'<div class="bar (\w+)" role="listitem" data-platform="([^"]+)" data-tier="\1">(.*?)</div>', html
    )
    assert [b[1] for b in bars] == [r["platform"] for r in ranked]
    for (tier, _, body), r in zip(bars, ranked, strict=True):
        assert tier == r["tier"]
        assert f'<rect class="fill" width="{r["score"]:g}" height="10" fill="{TIER_FILL[tier]}"/>' in body
    blocks = re.findall(r'<article class="network (\w+)" data-platform="([^"]+)">', html)
    assert blocks == [(r["tier"], r["platform"]) for r in ranked]


def test_the_tier_scale_is_drawn_and_named_from_the_scorers_floors(capsys: pytest.CaptureFixture[str]) -> None:
    html = html_of(capsys, *ARGS)
    assert [f"{floor:g}" for floor, _ in TIERS] == ["65", "50", "0"]
    assert "recommended from 65" in html
    assert "possible from 50" in html
    assert "weak below 50" in html
    ticks = re.search(r'<span class="ticks">(.*?)</span><span></span>', html)
    assert ticks is not None
    assert re.findall(r">(\d+)</span>", ticks.group(1)) == ["0", "50", "65", "100"]
    german = html_of(capsys, *ARGS, "--lang", "de")
    assert "empfohlen ab 65" in german
    assert "möglich ab 50" in german
    assert "schwach unter 50" in german


def test_every_reason_is_shown_with_its_sign(capsys: pytest.CaptureFixture[str]) -> None:
    html, doc = report(capsys)
    for r in doc["recommendations"]:
        block = re.search(rf'<article class="network \w+" data-platform="{r["platform"]}">(.*?)</article>', html)
        assert block is not None
        shown = re.findall(r'<li class="(plus|minus)"><span class="sign">(.)</span>(.*?)</li>', block.group(1))
        signed = [f"{reason['sign']} {reason['text']}" for reason in r["reasons"]]
        assert [("+" if kind == "plus" else "-") + " " + unescape(text) for kind, _, text in shown] == signed
        assert all(mark == ("+" if kind == "plus" else "\u2212") for kind, mark, _ in shown)


def test_the_audience_reason_names_the_target_group(capsys: pytest.CaptureFixture[str]) -> None:
    html = html_of(capsys, *ARGS)
    assert "of your target group (ages 18-35) use it (DE: " in html
    assert "of ages 18-35" not in html
    german = html_of(capsys, *ARGS, "--lang", "de")
    assert "Ihrer Zielgruppe (18-35 Jahre) nutzen es (DE: " in german


def test_sources_are_grouped_per_network_with_dates(capsys: pytest.CaptureFixture[str]) -> None:
    html, doc = report(capsys)
    section = html[html.index('<section id="sources">') :]
    groups = re.findall(r'<section class="source-group" data-platform="([^"]+)"><h3>(.*?)</h3><ul>(.*?)</ul>', section)
    assert [g[0] for g in groups] == [r["platform"] for r in doc["recommendations"]]  # in rank order
    for platform, heading, items in groups:
        name = next(r["name"] for r in doc["recommendations"] if r["platform"] == platform)
        assert escape(name) in heading
        dated = re.findall(
            r'<li>(?:<b>([^<]+)</b> )?<a href="https?://[^"]+" title="[^"]*">[^<]+</a> '
            r'<time datetime="(20\d\d-\d\d-\d\d)">\2</time></li>',
            items,
        )
        assert 3 <= len(dated) == items.count("<li>")
        # every survey the audience reason names is among the sources, under its label
        shown = {label for labels, _ in dated for label in unescape(labels).split("; ") if label}
        reason = next(
            x["text"]
            for r in doc["recommendations"]
            if r["platform"] == platform
            for x in r["reasons"]
            if x["code"] == "audience.share"
        )
        named = set(re.findall("|".join(map(re.escape, SURVEY_LABELS)), reason))
        assert named
        assert named <= shown, platform
    # a DE profile does not list Korea's survey or China's block, nor post-length limits
    assert "소셜미디어" not in section
    assert "China is not the place for you" not in section


def test_short_titles_drop_the_trailing_note_only() -> None:
    assert (
        short_title("ARD/ZDF-Medienstudie 2025 (summary: Instagram 40 %, Facebook 31%)") == "ARD/ZDF-Medienstudie 2025"
    )
    assert short_title("X (formerly Twitter) help: posting (limits (2025))") == "X (formerly Twitter) help: posting"
    assert short_title("Lead Ads (Marketing API guide)") == "Lead Ads (Marketing API guide)"  # too short without
    assert short_title("No note at all") == "No note at all"


def test_report_speaks_german(capsys: pytest.CaptureFixture[str]) -> None:
    html, _ = report(capsys, "--lang", "de")
    assert '<html lang="de">' in html
    assert "<h1>Empfohlene Netzwerke</h1>" in html
    assert "Portfolio aus 3 Netzwerken" in html
    assert "Quellen und Stand" in html
    assert "Wie stabil ist diese Rangfolge?" in html
    assert "von 100 Punkten" in html


def test_report_with_explain_shows_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    html = html_of(capsys, *ARGS, "--explain")
    assert html.count("base 100.0") == 8
    assert "market_fit x" in html


def test_ci_fails_rather_than_skips_the_browser_tests() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "export SMM_ADVISOR_REQUIRE_CHROMIUM=1" in ci
    assert ci.index("SMM_ADVISOR_REQUIRE_CHROMIUM=1") < ci.rindex("scripts/check.py")


# --------------------------------------------------------------------------- in a real browser

# Added to a copy of the page only: every chart row's boxes, and the boxes of the text in it.
MEASURE = """<script>
(() => {
  const box = r => [r.left, r.top, r.right, r.bottom];
  const text = el => {  // the line boxes of every text node in el
    const found = [], walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    while (walk.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(walk.currentNode);
      found.push(...[...range.getClientRects()].map(box));
    }
    return found;
  };
  const rows = [...document.querySelectorAll("#chart .bar")].map(row => ({
    platform: row.dataset.platform,
    score: parseFloat(row.querySelector(".value").textContent),
    label: text(row.querySelector(".label")),
    value: text(row.querySelector(".value")),
    track: box(row.querySelector(".track").getBoundingClientRect()),
    fill: box(row.querySelector(".fill").getBoundingClientRect()),
  }));
  const ticks = [...document.querySelectorAll("#chart .ticks span")].map(text).flat();
  const pre = document.createElement("pre");
  pre.id = "measured";
  pre.textContent = JSON.stringify({rows, ticks, page: document.documentElement.scrollWidth, view: innerWidth});
  document.body.append(pre);
})();
</script>"""


def measure(browser: str, tmp_path: Path, html: str, width: int) -> dict[str, Any]:
    page = tmp_path / f"measure-{width}.html"
    page.write_text(html.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    dom = run_chromium(browser, tmp_path, f"--window-size={width},900", "--dump-dom", page.as_uri())
    found = re.search(r'<pre id="measured">(.*?)</pre>', dom, flags=re.S)
    assert found, "the measuring script did not run"
    result: dict[str, Any] = json.loads(unescape(found.group(1)))
    return result


def overlap(a: list[float], b: list[float], slack: float = 0.5) -> bool:
    return a[0] < b[2] - slack and b[0] < a[2] - slack and a[1] < b[3] - slack and b[1] < a[3] - slack


def long_names_kb(tmp_path: Path) -> str:
    """Five networks with names longer than any in the knowledge base, one without a space to break at."""
    names = [
        "Xiaohongshu (RedNote) - Lifestyle- und Einkaufsplattform",
        "X (formerly Twitter), now X Corp.",
        "Berufsnetzwerkdienstleistungsplattformbetreibergesellschaft",
        "Sehr lange Netzwerkbezeichnung mit Erklärung in Klammern (früher etwas anderes)",
        "Kurz",
    ]
    platforms = [
        platform_data(f"p{i}", name=name, reach={"global": lvl(3 - i % 4)}, formats={"short-video": lvl(3 - i % 3)})
        for i, name in enumerate(names)
    ]
    path = tmp_path / "long-names.yaml"
    path.write_text(yaml.safe_dump(kb_data(*platforms), sort_keys=False, allow_unicode=True), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("case", "width"),
    [("de-all", 1000), ("de-all", 500), ("en-top5", 760), ("long-names", 1000), ("long-names", 500)],
)
def test_no_label_overlaps_a_bar(capsys: pytest.CaptureFixture[str], tmp_path: Path, case: str, width: int) -> None:
    browser = chromium()
    if case == "de-all":  # every network of the knowledge base, in German
        html = html_of(capsys, *PROFILE, "--lang", "de")
    elif case == "en-top5":
        html = html_of(capsys, *PROFILE, "--top", "5")
    else:
        html = html_of(capsys, "recommend", "--kb", long_names_kb(tmp_path), "--lang", "de", "--content", "short-video")
    m = measure(browser, tmp_path, html, width)
    assert m["view"] == width  # headless Chromium keeps windows at least 500 px wide
    rows = m["rows"]
    assert len(rows) == html.count('role="listitem"') >= 5
    texts = [r for row in rows for r in row["label"] + row["value"]] + m["ticks"]
    tracks = [row["track"] for row in rows]
    for text in texts:
        assert not any(overlap(text, track) for track in tracks), f"text {text} runs into a bar"
    for i, a in enumerate(texts):
        assert not any(overlap(a, b) for b in texts[i + 1 :]), f"texts {a} overlap"
    for row in rows:
        label, value, track, fill = row["label"], row["value"], row["track"], row["fill"]
        assert max(r[2] for r in label) <= track[0], f"{row['platform']}: the label reaches into the bar"
        assert min(r[0] for r in value) >= track[2], f"{row['platform']}: the score sits on the bar"
        assert track[0] - 0.5 <= fill[0]
        assert fill[2] <= track[2] + 0.5
        drawn = (fill[2] - fill[0]) / (track[2] - track[0]) * 100
        assert drawn == pytest.approx(row["score"], abs=1.0), f"{row['platform']}: bar not to scale"
    assert m["page"] <= m["view"], "the page is wider than the window"


def test_chromium_renders_the_bars_on_screen(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    browser = chromium()
    page = tmp_path / "report.html"
    page.write_text(html_of(capsys, *ARGS), encoding="utf-8")
    shot = tmp_path / "report.png"
    run_chromium(browser, tmp_path, "--window-size=1000,700", f"--screenshot={shot}", page.as_uri())
    width, channels, rows = _png_pixels(shot.read_bytes())
    green_rows = sum(
        1 for row in rows if any(tuple(row[i : i + 3]) == BAR_GREEN for i in range(0, width * channels, channels))
    )
    assert green_rows >= 10, "the bar chart's bars are not on the screen"


@pytest.mark.parametrize("lang", ["en", "de"])
def test_a_top_5_report_prints_on_two_a4_pages(capsys: pytest.CaptureFixture[str], tmp_path: Path, lang: str) -> None:
    browser = chromium()
    page = tmp_path / "report.html"
    page.write_text(html_of(capsys, *PROFILE, "--top", "5", "--lang", lang), encoding="utf-8")
    pdf = tmp_path / "report.pdf"
    run_chromium(browser, tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri())
    data = pdf.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    assert 1 <= pages <= 2, f"{pages} pages"
    counts = [int(n) for n in re.findall(rb"/Type\s*/Pages\b.*?/Count\s+(\d+)", data, flags=re.S)]
    assert counts == [pages]
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert len(boxes) == pages
    assert all((float(w), float(h)) == pytest.approx(A4_POINTS, abs=1.0) for w, h in boxes)


def _png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Decode an 8-bit RGB/RGBA, non-interlaced PNG (what Chromium writes) into rows of bytes."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    height = channels = 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert (depth, interlace) == (8, 0)
            channels = {2: 3, 6: 4}[colour]
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows: list[bytes] = []
    prev = bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = prev[i]
            up_left = prev[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - up_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
                pred = left if pa <= pb and pa <= pc else (up if pb <= pc else up_left)
                line[i] = (line[i] + pred) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, channels, rows
