"""Text pieces several formats share: the heading, the score bar, the explanation, portfolio and robustness lines."""

from __future__ import annotations

from typing import TYPE_CHECKING

from smm_advisor.advice.scoring import BASE_SCORE
from smm_advisor.i18n import NC_, compact, goal_name, number, t, tc

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


def portfolio_text(portfolio: Portfolio) -> str:
    lines = [portfolio_title(portfolio)]
    for i, pick in enumerate(portfolio.picks, start=1):
        lines.append(f"  {i}. {pick_text(pick)}")
        lines.append(f"     {pick.effort}")
    lines += [f"  ! {w}" for w in portfolio.warnings]
    return "\n".join(lines)


def robustness_title(rec: Recommendation) -> str:
    """'How stable is this ranking? (206 runs: each rule left out once, ...)'."""
    return t("How stable is this ranking?") + f" ({robustness_method(rec)})"


def robustness_rows(rec: Recommendation) -> list[str]:
    """One line per ranked network: 'LinkedIn: stable, keeps rank 1 in 96% of runs, ...'."""
    rob = rec.robustness
    assert rob is not None
    return [robustness_line(rec, s) for s in rob.platforms]


def robustness_text(rec: Recommendation) -> str:
    return "\n".join([robustness_title(rec), *(f"  {row}" for row in robustness_rows(rec))])


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
