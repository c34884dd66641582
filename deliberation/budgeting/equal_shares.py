"""The Method of Equal Shares with "add1" completion and a greedy fill.

MES alone usually leaves money unspent. The add1 completion (equalshares.net;
pabutools' exhaustion_by_budget_increase with a step of one unit per voter) reruns
MES with every voter's share raised by 1, then 2, ... It stops at the first outcome
that is exhaustive (no other project fits in the real budget beside it), or keeps
the previous outcome when the next one costs more than the real budget. What money
is then left goes to the greedy fill: remaining projects by score (greedy.py), each
funded if it still fits.

Ballots other than cumulative use cost utilities (a supported project is worth its
cost); cumulative ballots use their points. A ranking counts as approval of every
project it lists.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from gmpy2 import mpq

from .electorate import Electorate, group_voters
from .greedy import greedy_steps, project_scores
from .mes_exact import mes_exact
from .mes_fast import Prepared, exact, mes_fast
from .model import (
    STAGE_COMPLETION,
    STAGE_FILL,
    STAGE_MES,
    Instance,
    MesExplanation,
    MesRound,
    Outcome,
    Profile,
)

COMPLETIONS = (None, "add1")
FILLS = (None, "greedy")


def engine_for(electorate: Electorate, engine: str):
    """Return the MES implementation to use: the fast one needs cost utilities."""
    if engine == "exact" or (engine == "auto" and not electorate.cost_utilities):
        return mes_exact
    if not electorate.cost_utilities:
        raise ValueError("the fast engine needs cost utilities (approval ballots)")
    prepared = Prepared(electorate)

    def run(_electorate, share):
        try:
            return mes_fast(prepared, share)
        except ArithmeticError:
            # Floats strayed too far from the exact prices: redo this run exactly.
            return mes_exact(electorate, share)

    return run


def is_exhaustive(costs: tuple[int, ...], chosen: set[int], budget: int) -> bool:
    """Return whether no unchosen project fits in what the chosen ones leave."""
    left = budget - sum(costs[j] for j in chosen)
    return all(j in chosen or cost > left for j, cost in enumerate(costs))


def add1_completion(electorate, budget, run, first_rounds) -> tuple[int, list]:
    """Raise each share by 1 until the outcome is exhaustive or too expensive."""
    share = mpq(budget, electorate.n_voters)
    previous = (0, [])
    # pabutools stops once the raised total budget passes budget * (n + 1).
    for step in range(budget + 1):
        rounds = run(electorate, share + step) if step else first_rounds
        chosen = {j for j, _, _ in rounds}
        if sum(electorate.costs[j] for j in chosen) > budget:
            return previous
        if is_exhaustive(electorate.costs, chosen, budget):
            return step, rounds
        previous = (step, rounds)
    return previous


def as_fraction(value: mpq) -> Fraction:
    """Return a gmpy2 rational as a standard-library Fraction."""
    return Fraction(int(value.numerator), int(value.denominator))


class VoterPayments(Mapping):
    """What each voter paid for one project, worked out on first use."""

    def __init__(self, electorate: Electorate, group_payments):
        self.electorate, self.group_payments, self.by_voter = electorate, group_payments, None

    def payments(self) -> dict[str, Fraction]:
        if self.by_voter is None:
            self.by_voter = {}
            for g, pay in self.group_payments.items():
                amount = as_fraction(pay)
                self.by_voter.update(dict.fromkeys(self.electorate.voter_ids[g], amount))
        return self.by_voter

    def __getitem__(self, voter_id):
        return self.payments()[voter_id]

    def __iter__(self):
        return iter(self.payments())

    def __len__(self):
        return len(self.payments())

    def __repr__(self):
        return repr(self.payments())


def mes_rounds_as_explained(electorate, rounds, base) -> list[MesRound]:
    """Turn engine rounds into MesRounds with payments per voter id."""
    explained = []
    for j, rho, payments in rounds:
        stage = STAGE_MES if j in base else STAGE_COMPLETION
        explained.append(MesRound(
            electorate.project_ids[j], electorate.costs[j], stage,
            as_fraction(rho), VoterPayments(electorate, payments),
        ))
    return explained


def run_mes(electorate, budget: int, completion, engine) -> tuple[int, set[int], list]:
    """Return the completion steps taken, what plain MES funds, and the final rounds."""
    run = engine_for(electorate, engine)
    share = mpq(budget, electorate.n_voters)
    base_rounds = run(electorate, share)
    step, rounds = 0, base_rounds
    if completion == "add1":
        step, rounds = add1_completion(electorate, budget, run, base_rounds)
    try:
        rounds = [(j, exact(rho), payments) for j, rho, payments in rounds]
    except ArithmeticError:
        rounds = mes_exact(electorate, share + step)
    return step, {j for j, _, _ in base_rounds}, rounds


def equal_shares(
    instance: Instance,
    profile: Profile,
    completion: str | None = "add1",
    fill: str | None = "greedy",
    engine: str = "auto",
) -> Outcome:
    """Fund projects by the Method of Equal Shares, then complete and fill."""
    if completion not in COMPLETIONS or fill not in FILLS:
        raise ValueError(f"unknown completion {completion!r} or fill {fill!r}")
    electorate = group_voters(instance, profile)
    step, explained = 0, []
    if electorate.n_voters:
        step, base, rounds = run_mes(electorate, instance.budget, completion, engine)
        explained = mes_rounds_as_explained(electorate, rounds, base)
    fill_steps = ()
    if fill == "greedy":
        funded = [r.project_id for r in explained]
        fill_steps = tuple(greedy_steps(instance, project_scores(instance, profile), funded))
        explained += [MesRound(s.project_id, s.cost, STAGE_FILL) for s in fill_steps if s.funded]
    share = Fraction(instance.budget, electorate.n_voters or 1)
    explanation = MesExplanation(tuple(explained), share, share + step, step, fill_steps)
    selected = tuple(r.project_id for r in explained)
    name = "mes" + (f"+{completion}" if completion else "") + (f"+{fill}" if fill else "")
    return Outcome(name, selected, instance.cost_of(selected), explanation)
