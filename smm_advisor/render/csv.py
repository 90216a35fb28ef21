"""CSV: one row per network, excluded ones last; each text beside its code, and the texts' language in `lang`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from smm_advisor.render.style import Style
from smm_advisor.render.text import contribution_text

if TYPE_CHECKING:
    from smm_advisor.advice.result import Recommendation


CSV_COLUMNS = (
    "rank", "platform", "name", "score", "reasons", "reason_codes", "excluded_reason", "excluded_code", "lang",
)  # fmt: skip
SEPARATOR = " | "  # between the reasons of one network, and between their codes, in the same order


def render_csv(rec: Recommendation, style: Style) -> str:
    """One row per platform; excluded platforms last, with an empty rank and score.

    `reasons` holds the signed reasons ("+ leads 3/3: ..."), `reason_codes` their codes in the same
    order ("+ goal_fit.level"); the parameters of each code are in the JSON document.
    """
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    columns = [*CSV_COLUMNS, "explanation"] if style.explain else list(CSV_COLUMNS)
    writer.writerow(columns)
    for r in rec.recommendations:
        reasons = SEPARATOR.join(str(line) for line in r.reasons)
        codes = SEPARATOR.join(f"{line.sign} {line.reason.code}" for line in r.reasons)
        row = [r.rank, r.platform, r.name, f"{r.score:.1f}", reasons, codes, "", "", rec.lang]
        if style.explain:
            row.append(SEPARATOR.join(contribution_text(c) for c in r.contributions or ()))
        writer.writerow(row)
    for e in rec.excluded:
        row = ["", e.platform, e.name, "", "", "", e.reason.text, e.reason.code, rec.lang]
        writer.writerow([*row, *([""] if style.explain else [])])
    return buf.getvalue()
