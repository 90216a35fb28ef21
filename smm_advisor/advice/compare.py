"""Compare two networks for one profile: which rules put one above the other, and by how much."""

from __future__ import annotations

from typing import TYPE_CHECKING

from smm_advisor.advice.profiles import Profile
from smm_advisor.advice.result import Comparison, KnowledgeBaseInfo, RuleDifference, Side
from smm_advisor.advice.scoring import exclusion, score_platform
from smm_advisor.i18n import language

if TYPE_CHECKING:
    from smm_advisor.knowledge.models import KnowledgeBase


def compare(kb: KnowledgeBase, profile: Profile, a_id: str, b_id: str) -> Comparison:
    """Rule by rule, strongest difference first (ties by rule name)."""
    a, b = kb.platform(a_id), kb.platform(b_id)
    score_a, parts_a = score_platform(kb, a, profile)
    score_b, parts_b = score_platform(kb, b, profile)
    by_rule_b = {c.rule: c for c in parts_b}
    rows = [
        RuleDifference(
            rule=c.rule,
            a_points=c.points,
            b_points=by_rule_b[c.rule].points,
            difference=round(c.points - by_rule_b[c.rule].points, 1),
            a_reason=c.reason,
            b_reason=by_rule_b[c.rule].reason,
        )
        for c in parts_a
    ]
    rows.sort(key=lambda r: (-abs(r.difference), r.rule))
    return Comparison(
        profile=profile,
        knowledge_base=KnowledgeBaseInfo(version=kb.version, as_of=kb.as_of),
        a=Side(platform=a.id, name=a.name, score=score_a, excluded=exclusion(a, profile)),
        b=Side(platform=b.id, name=b.name, score=score_b, excluded=exclusion(b, profile)),
        difference=round(score_a - score_b, 1),
        rules=tuple(rows),
        lang=language(),
    )
