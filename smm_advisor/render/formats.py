"""The recommendation formats by name (html is rendered by render.html, with the knowledge base's sources)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from smm_advisor.render.csv import render_csv
from smm_advisor.render.json import render_json, render_jsonl
from smm_advisor.render.markdown import render_markdown
from smm_advisor.render.sanitise import sanitised
from smm_advisor.render.style import Style
from smm_advisor.render.table import render_table

if TYPE_CHECKING:
    from smm_advisor.advice.result import Recommendation

Renderer = Callable[["Recommendation", Style], str]


def for_people(render: Renderer) -> Renderer:
    """A human format renders the result with every control character made visible (render/sanitise.py)."""

    def safely(rec: Recommendation, style: Style) -> str:
        return render(sanitised(rec), style)

    return safely


RENDERERS: dict[str, Renderer] = {
    "table": for_people(render_table),
    "json": render_json,
    "jsonl": render_jsonl,
    "markdown": for_people(render_markdown),
    "csv": for_people(render_csv),
}


def recommend_formats() -> tuple[str, ...]:
    """Every --format of recommend: the renderers here, and html (render.html, which reads the knowledge base too)."""
    return (*RENDERERS, "html")
