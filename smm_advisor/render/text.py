"""Text pieces several formats share: the heading, notices, the score bar, reasons, portfolio and robustness lines."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from smm_advisor.advice.scoring import BASE_SCORE, TIERS
from smm_advisor.i18n import NC_, compact, goal_name, join, number, t, tc, tn

if TYPE_CHECKING:
    from smm_advisor.advice.result import Contribution, Portfolio, PortfolioPick, Ranked, Recommendation, Stability

TIER_COLOURS = {"recommended": "green", "possible": "yellow", "weak": "red"}
TIER_NAMES = {
    "recommended": NC_("tier", "recommended"),
    "possible": NC_("tier", "possible"),
    "weak": NC_("tier", "weak"),
}


def tier_name(tier: str) -> str:
    """recommended / empfohlen: a tier as the reader reads it."""
    return tc(*TIER_NAMES[tier])


def score_bar(score: float, width: int = 10) -> str:
    """A bar of `width` cells for a 0-100 score, in eighths of a cell."""
    eighths = round(score / 100 * width * 8)
    full, part = divmod(eighths, 8)
    bar = "\u2588" * full + ("" if part == 0 else chr(0x2590 - part))
    return bar.ljust(width, "\u00b7")


# An aside in brackets, one level of brackets inside it allowed: '(DE: ARD/ZDF 2024 (on the Bitkom scale))'.
_ASIDE = r"\s*\((?:[^()]|\([^()]*\))*\)"
ASIDE = re.compile(_ASIDE)
TRAILING_NOTE = re.compile(_ASIDE + "$")


def short_title(title: str) -> str:
    """A source's title without the trailing note in brackets that says what the page holds."""
    short = TRAILING_NOTE.sub("", title)
    return short if len(short) >= 12 else title


def short_reason(reason: str) -> str:
    """A reason's first clause without its asides: '- 30% of your target group use it'."""
    return ASIDE.sub("", reason).split("; ", 1)[0].strip()


def strongest_reasons(r: Ranked, shared: frozenset[str] = frozenset()) -> list[str]:
    """The strongest plus and the strongest minus, shortened (reasons come pluses first, then minuses).

    A plus in `shared` (every network shown has it, e.g. self-serve ads) tells them apart from
    nothing: the strongest plus of the others is taken. Without a minus, the second plus.
    """
    pluses = [str(x) for x in r.reasons if x.sign == "+"]
    minuses = [str(x) for x in r.reasons if x.sign == "-"]
    telling = [x for x in pluses if x not in shared] or pluses
    picked = telling[:1] + minuses[:1] if minuses else telling[:2]
    return [short_reason(x) for x in picked]


def shared_reasons(ranked: Sequence[Ranked]) -> frozenset[str]:
    """The reasons every one of several networks has (none for a single network)."""
    if len(ranked) < 2:
        return frozenset()
    return frozenset(map(str, ranked[0].reasons)).intersection(*(map(str, r.reasons) for r in ranked[1:]))


def notices(rec: Recommendation) -> list[str]:
    """What a reader must know before the ranking: nothing qualifies, every network is weak, a tie at the top."""
    ranked = rec.recommendations
    if not ranked:
        return [t("No network qualifies for this profile; below is what left each one out.")]
    found: list[str] = []
    best = ranked[0]
    if best.tier == "weak":
        floor = next(floor for floor, name in TIERS if name == "possible")
        found.append(
            t(
                "Every network is weak for this profile: even the best, {name}, scores {score}, below {floor} "
                "({tier}). Loosen the profile (goals, ages, content, requirements) or look beyond social networks.",
                name=best.name,
                score=number(best.score),
                floor=compact(floor),
                tier=tier_name("possible"),
            )
        )
    first = [r.name for r in ranked if r.rank == 1]
    if len(first) > 1:
        found.append(t("{names} tie for first place: the same score and the same audience share.", names=join(first)))
    return found


def more_text(more: int) -> str:
    """'12 more networks qualify; --long shows them all with every reason.'"""
    return tn(
        "{n} more network qualifies; --long shows it with every reason.",
        "{n} more networks qualify; --long shows them all with every reason.",
        more,
    )


def excluded_causes(rec: Recommendation) -> list[tuple[str, list[str]]]:
    """The exclusions by cause ('not available in CN', a requirement, a closure), each with the networks it removed.

    A cause is an exclusion's code with its parameters; it is named by what its text says before
    the first colon: 'not available in CN: blocked ...'.
    """
    causes: dict[tuple[str, str], tuple[str, list[str]]] = {}
    for e in rec.excluded:
        key = (e.reason.code, repr(sorted(e.reason.params.items())))
        causes.setdefault(key, (e.reason.text.split(": ", 1)[0], []))[1].append(e.name)
    return list(causes.values())


def explain_lines(r: Ranked) -> list[str]:
    """base 100.0, one line per rule (what it took, its factor), = score: the parts add up exactly."""
    lines = [t("base {points}", points=number(BASE_SCORE))]
    lines += [contribution_text(c) for c in r.contributions or ()]
    lines.append(t("= score {score}", score=number(r.score)))
    return lines


def contribution_text(c: Contribution) -> str:
    """'-20.1 content_fit x0.55: ...': the points a rule took, its factor and why."""
    points = ("-" if c.points < 0 else "+") + number(abs(c.points))
    return f"{points:>5} {c.rule} x{number(c.factor, 2)}: {c.reason}"


def portfolio_title(portfolio: Portfolio) -> str:
    """'Portfolio of 3 networks: about 4 hours a week of 5 available'."""
    title = t("Portfolio of {n} networks", n=len(portfolio.picks))
    if portfolio.total_hours is None:
        return title
    budget = portfolio.hours_budget
    return f"{title}: " + (
        t(
            "about {hours} hours a week of {budget} available",
            hours=compact(portfolio.total_hours),
            budget=compact(budget),
        )
        if budget is not None
        else t("about {hours} hours a week", hours=compact(portfolio.total_hours))
    )


def pick_text(pick: PortfolioPick) -> str:
    """'LinkedIn (70.7): the best score (70.7)': one network of the portfolio and why it is in."""
    return f"{pick.name} ({number(pick.score)}): {pick.why}"


def portfolio_rows(portfolio: Portfolio) -> list[tuple[str, str]]:
    """(indent, text): each pick, its effort below it, then the warnings; a wrapped line keeps the indent."""
    rows: list[tuple[str, str]] = []
    for i, pick in enumerate(portfolio.picks, start=1):
        rows += [(f"  {i}. ", pick_text(pick)), ("     ", pick.effort.text)]
    rows += [("  ! ", w.text) for w in portfolio.warnings]
    return rows


def robustness_title(rec: Recommendation) -> str:
    """'How stable is this ranking? (206 runs: each rule left out once, ...)'."""
    return t("How stable is this ranking?") + f" ({robustness_method(rec)})"


def robustness_rows(rec: Recommendation) -> list[str]:
    """One line per ranked network: 'LinkedIn: stable, keeps rank 1 in 96% of runs, ...'."""
    rob = rec.robustness
    assert rob is not None
    return [robustness_line(rec, s) for s in rob.platforms]


def robustness_method(rec: Recommendation) -> str:
    """'206 runs: each rule left out once, weights shifted by up to ±50% with seed 0'."""
    rob = rec.robustness
    assert rob is not None
    return t(
        "{runs} runs: each rule left out once, weights shifted by up to ±{spread}% with seed {seed}",
        runs=rob.runs,
        spread=round(rob.spread * 100),
        seed=rob.seed,
    )


def robustness_line(rec: Recommendation, s: Stability) -> str:
    """'Instagram: stable, keeps rank 1 in 100% of runs, its tier (recommended) in 100%'."""
    names = {r.platform: r.name for r in rec.recommendations}
    mark = t("fragile") if s.fragile else t("stable")
    row = t(
        "keeps rank {rank} in {rank_share}% of runs, its tier ({tier}) in {tier_share}%",
        rank=s.rank,
        rank_share=round(s.rank_kept * 100),
        tier=tier_name(s.tier),
        tier_share=round(s.tier_kept * 100),
    )
    return f"{names.get(s.platform, s.platform)}: {mark}, {row}"


def heading(rec: Recommendation) -> str:
    kb = rec.knowledge_base
    return t(
        "Recommended networks ({profile}) - knowledge base {version} of {as_of}",
        profile="; ".join(profile_parts(rec)),
        version=kb.version,
        as_of=kb.as_of,
    )


def profile_parts(rec: Recommendation) -> list[str]:
    """What the answer was asked: 'market b2c', 'goals sales, awareness', 'ages 18-35', ..."""
    p = rec.profile
    parts = [t("market {market}", market=p.market)]
    if p.goals:
        parts.append(t("goals {goals}", goals=", ".join(goal_name(g) for g in p.goals)))
    if p.age:
        parts.append(t("ages {ages}", ages=p.age))
    parts.append(t("regions {regions}", regions=", ".join(p.regions)))
    if p.content:
        parts.append(t("content {content}", content=", ".join(p.content)))
    if p.ads is not None:
        parts.append(t("ads budget") if p.ads else t("no ads"))
    return parts
