"""The recommendation formats by name (html is rendered by render.html, with the knowledge base's sources)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from smm_advisor.render.csv import render_csv
from smm_advisor.render.json import render_json, render_jsonl
from smm_advisor.render.markdown import render_markdown
from smm_advisor.render.style import Style
from smm_advisor.render.table import render_table

if TYPE_CHECKING:
    from smm_advisor.advice.result import Recommendation

RENDERERS: dict[str, Callable[[Recommendation, Style], str]] = {
    "table": render_table,
    "json": render_json,
    "jsonl": render_jsonl,
    "markdown": render_markdown,
    "csv": render_csv,
}


def recommend_formats() -> tuple[str, ...]:
    """Every --format of recommend: the renderers here, and html (render.html, which reads the knowledge base too)."""
    return (*RENDERERS, "html")
