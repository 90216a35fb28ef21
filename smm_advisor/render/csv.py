"""CSV: one row per network, excluded ones last."""

from __future__ import annotations

from typing import TYPE_CHECKING

from smm_advisor.render.style import Style
from smm_advisor.render.text import contribution_text

if TYPE_CHECKING:
    from smm_advisor.advice.result import Recommendation


CSV_COLUMNS = ("rank", "platform", "name", "score", "reasons", "excluded_reason")


def render_csv(rec: Recommendation, style: Style) -> str:
    """One row per platform; excluded platforms last, with an empty rank and score."""
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    columns = [*CSV_COLUMNS, "explanation"] if style.explain else list(CSV_COLUMNS)
    writer.writerow(columns)
    for r in rec.recommendations:
        row = [r.rank, r.platform, r.name, f"{r.score:.1f}", " | ".join(r.reasons), ""]
        if style.explain:
            row.append(" | ".join(contribution_text(c) for c in r.contributions or ()))
        writer.writerow(row)
    for e in rec.excluded:
        writer.writerow(["", e.platform, e.name, "", "", e.reason, *([""] if style.explain else [])])
    return buf.getvalue()
