"""The HTML report: self-contained, and rendered by a real headless Chromium (chart and networks)."""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import zlib
from html import escape
from pathlib import Path

import pytest

from smm_advisor.cli.entry import main

ARGS = [
    "recommend", "--market", "b2c", "--goal", "sales", "--goal", "awareness", "--region", "DE", "--age", "18-35",
    "--content", "short-video", "--ads", "--top", "8",
]  # fmt: skip
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
]  # fmt: skip
BAR_GREEN = (0x2F, 0x8F, 0x57)


def chromium() -> str:
    found = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        if os.environ.get("SMM_ADVISOR_REQUIRE_CHROMIUM"):
            pytest.fail("Chromium is missing, and SMM_ADVISOR_REQUIRE_CHROMIUM is set (.ci/run installs it)")
        pytest.skip("Chromium is not installed (apt-get install chromium); CI sets SMM_ADVISOR_REQUIRE_CHROMIUM")
    return found


def report(capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[str, dict[str, object]]:
    assert main([*ARGS, *extra, "--format", "html"]) == 0
    html = capsys.readouterr().out
    assert main([*ARGS, *extra, "--portfolio", "3", "--robustness", "--json"]) == 0
    return html, json.loads(capsys.readouterr().out)


def test_report_is_self_contained_and_complete(capsys: pytest.CaptureFixture[str]) -> None:
    html, doc = report(capsys)
    assert html.startswith("<!DOCTYPE html>")
    for external in ("<script", "<link", " src=", "url(", "@import"):
        assert external not in html
    hrefs = re.findall(r'href="([^"]+)"', html)
    assert hrefs
    assert all(h.startswith(("https://", "http://")) for h in hrefs)  # only the sources' own pages
    recommended = doc["recommendations"]
    assert isinstance(recommended, list)
    names = [r["name"] for r in recommended]
    assert all(escape(str(n)) in html for n in names)
    assert 'id="portfolio"' in html
    assert 'id="robustness"' in html
    assert 'id="sources"' in html
    assert re.search(r"\(20\d\d-\d\d-\d\d\)</small>", html)  # sources carry dates
    assert main([*ARGS, "--format", "html"]) == 0
    assert capsys.readouterr().out == html  # deterministic


def test_report_speaks_german(capsys: pytest.CaptureFixture[str]) -> None:
    html, _ = report(capsys, "--lang", "de")
    assert '<html lang="de">' in html
    assert "Portfolio aus 3 Netzwerken" in html
    assert "Quellen und Stand" in html
    assert "Wie stabil ist diese Rangfolge?" in html


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


def test_chromium_renders_the_chart_and_every_network(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    browser = chromium()
    html, doc = report(capsys)
    page = tmp_path / "report.html"
    page.write_text(html, encoding="utf-8")
    profile_dir = tmp_path / "profile"
    dom = subprocess.run(
        [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile_dir}", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout  # fmt: skip
    recommended = doc["recommendations"]
    assert isinstance(recommended, list)
    assert len(re.findall(r'<g class="bar" data-platform="', dom)) == len(recommended)
    assert dom.count("<rect ") == len(recommended)
    for r in recommended:
        assert f'data-platform="{r["platform"]}"' in dom
    shot = tmp_path / "report.png"
    subprocess.run(
        [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile_dir}", "--window-size=1000,700",
         f"--screenshot={shot}", page.as_uri()],
        capture_output=True, timeout=120, check=True,
    )  # fmt: skip
    width, channels, rows = _png_pixels(shot.read_bytes())
    green_rows = sum(
        1 for row in rows if any(tuple(row[i : i + 3]) == BAR_GREEN for i in range(0, width * channels, channels))
    )
    assert green_rows >= 10, "the bar chart's bars are not on the screen"


def test_ci_fails_rather_than_skips_the_browser_tests() -> None:
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert "export SMM_ADVISOR_REQUIRE_CHROMIUM=1" in ci
    assert ci.index("SMM_ADVISOR_REQUIRE_CHROMIUM=1") < ci.rindex("scripts/check.py")


def test_report_with_explain_shows_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*ARGS, "--format", "html", "--explain"]) == 0
    html = capsys.readouterr().out
    assert html.count("base 100.0") == 8
    assert "market_fit x" in html
