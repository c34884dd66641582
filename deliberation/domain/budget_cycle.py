"""Rules of a budget cycle: its phases, the money unit it counts in, and its stored explanation.

Pure Python: no Flask, no database. Money arrives in fen.
"""
from fractions import Fraction

from ..budgeting import CUMULATIVE, KNAPSACK, Ballot, Instance, Outcome, Project

PHASES = ("ideas", "review", "voting", "result", "implementation")
RULES = ("mes", "greedy")
# Above this many ballots the result keeps payments per group of identical payers only.
VOTER_DETAIL_LIMIT = 5000


def next_phase(phase):
    """Return the phase after this one, or None after implementation."""
    index = PHASES.index(phase)
    return PHASES[index + 1] if index + 1 < len(PHASES) else None


def money_unit(fund, costs):
    """Return the coarsest unit (¥1 = 100 fen, else 1 fen) in which the fund and every cost are whole.

    MES's add1 completion raises each voter's share one unit at a time, as pabutools does
    with the file's currency unit; counting in yuan when amounts allow keeps the two comparable
    and spares thousands of needless runs.
    """
    whole_yuan = all(amount % 100 == 0 for amount in (fund, *costs))
    return 100 if whole_yuan else 1


def build_instance(fund, ballot_type, projects, unit, min_projects=None, max_projects=None, points_total=None):
    """Return the library instance for (code, cost in fen, title) projects, counted in unit."""
    items = tuple(Project(code, cost // unit, title) for code, cost, title in projects)
    limits = {"min_length": min_projects, "max_length": max_projects}
    if ballot_type == CUMULATIVE:
        limits = {"max_sum_points": points_total, "min_length": min_projects, "max_length": max_projects}
    if ballot_type == KNAPSACK:
        limits["max_sum_cost"] = fund // unit
    return Instance(budget=fund // unit, projects=items, ballot_type=ballot_type, **limits)


def build_ballot(voter_key, projects, points=None):
    """Return the library ballot for stored project codes (and points)."""
    return Ballot(str(voter_key), tuple(projects), tuple(points) if points is not None else None)


def ranking_from_positions(positions):
    """Return codes ordered by the rank each was given (blank ranks left out), or an error code."""
    ranked = {code: n for code, n in positions.items() if n is not None}
    if len(set(ranked.values())) != len(ranked):
        return None, "duplicate_rank"
    if any(n < 1 for n in ranked.values()):
        return None, "rank_not_positive"
    return [code for code, _ in sorted(ranked.items(), key=lambda item: item[1])], None


def fraction_text(value):
    return f"{value.numerator}/{value.denominator}"


def explain_greedy(outcome: Outcome, unit):
    """Return the greedy outcome as JSON-ready data, money in fen."""
    return {"kind": "greedy", "steps": [
        {"project": s.project_id, "score": s.score, "cost": s.cost * unit, "funded": s.funded,
         "remaining_before": s.remaining_before * unit} for s in outcome.explanation]}


def explain_mes(outcome: Outcome, unit, voter_count):
    """Return the MES outcome as JSON-ready data: rounds with who paid how much, money in fen."""
    ex = outcome.explanation
    rounds, voters = [], {}
    for r in ex.rounds:
        payers = {}
        for voter, amount in (r.payments or {}).items():
            payers[amount] = payers.get(amount, 0) + 1
            if voter_count <= VOTER_DETAIL_LIMIT:
                voters.setdefault(voter, {})[r.project_id] = fraction_text(amount * unit)
        rounds.append({"project": r.project_id, "cost": r.cost * unit, "stage": r.stage,
                       "groups": [{"share": fraction_text(a * unit), "voters": n}
                                  for a, n in sorted(payers.items(), key=lambda item: (-item[1], -item[0]))]})
    return {"kind": "mes", "rounds": rounds, "voters": voters, "voter_detail": voter_count <= VOTER_DETAIL_LIMIT,
            "initial_share": fraction_text(ex.initial_share * unit),
            "final_share": fraction_text(ex.final_share * unit), "completion_steps": ex.completion_steps,
            "fill": [{"project": s.project_id, "score": s.score, "cost": s.cost * unit, "funded": s.funded,
                      "remaining_before": s.remaining_before * unit} for s in ex.fill_steps]}


def voter_story(explanation, voter_key, supported):
    """Tell one voter where their share went and why each project they supported was or wasn't funded.

    Returns (payments [(code, fen Fraction)], unspent fen Fraction or None, {code: reason code}).
    """
    reasons = {}
    if explanation.get("kind") == "greedy":
        steps = {s["project"]: s for s in explanation["steps"]}
        for code in supported:
            step = steps.get(code)
            reasons[code] = ("funded", step) if step and step["funded"] else ("did_not_fit", step)
        return [], None, reasons
    paid = {code: Fraction(a) for code, a in explanation.get("voters", {}).get(voter_key, {}).items()}
    stages = {r["project"]: r["stage"] for r in explanation["rounds"]}
    fill = {s["project"]: s for s in explanation.get("fill", [])}
    for code in supported:
        if code in stages:
            reasons[code] = (stages[code], fill.get(code))
        else:
            reasons[code] = ("shares_short", fill.get(code))
    if not explanation.get("voter_detail", True):
        # Too many voters to keep each one's payments: the story keeps to the reasons.
        return [], None, reasons
    unspent = Fraction(explanation["final_share"]) - sum(paid.values(), Fraction(0))
    return list(paid.items()), unspent, reasons


def scores_for_bars(ballot_type, ballots):
    """Return each code's support: approvals, or total points for cumulative ballots."""
    scores = {}
    for projects, points in ballots:
        weights = points if ballot_type == CUMULATIVE and points else [1] * len(projects)
        for code, weight in zip(projects, weights):
            scores[code] = scores.get(code, 0) + weight
    return scores

