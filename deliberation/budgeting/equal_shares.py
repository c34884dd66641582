"""The Method of Equal Shares with "add1" completion and a greedy fill.

MES alone usually leaves money unspent. The add1 completion (equalshares.net,
pabutools' exhaustion_by_budget_increase with a step of one unit per voter) reruns
MES with every voter's share raised by 1, then 2, ... and keeps the last outcome
that the real budget can still pay for; it stops early at an outcome that leaves
no project affordable. What money is then left goes to the greedy fill: remaining
projects by score (greedy.py), each funded if it still fits.
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


def mes_rounds_as_explained(electorate, rounds, base, share) -> list[MesRound]:
    """Turn engine rounds into MesRounds with payments per voter id."""
    explained = []
    for j, rho, payments in rounds:
        per_voter = VoterPayments(electorate, payments)
        stage = STAGE_MES if j in base else STAGE_COMPLETION
        explained.append(MesRound(
            electorate.project_ids[j], electorate.costs[j], stage,
            as_fraction(rho), per_voter,
        ))
    return explained


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
    run = engine_for(electorate, engine)
    n = electorate.n_voters
    share = mpq(instance.budget, n) if n else mpq(0)
    base_rounds = run(electorate, share) if n else []
    step, rounds = 0, base_rounds
    if completion == "add1" and n:
        step, rounds = add1_completion(electorate, instance.budget, run, base_rounds)
    try:
        rounds = [(j, exact(rho), payments) for j, rho, payments in rounds]
    except ArithmeticError:
        rounds = mes_exact(electorate, share + step)
    base = {j for j, _, _ in base_rounds}
    explained = mes_rounds_as_explained(electorate, rounds, base, share + step)
    selected = [r.project_id for r in explained]
    fill_steps = ()
    if fill == "greedy":
        fill_steps = tuple(greedy_steps(instance, project_scores(instance, profile), selected))
        explained += [
            MesRound(s.project_id, s.cost, STAGE_FILL) for s in fill_steps if s.funded
        ]
    selected = tuple(r.project_id for r in explained)
    explanation = MesExplanation(
        rounds=tuple(explained), initial_share=Fraction(instance.budget, n or 1),
        final_share=Fraction(instance.budget, n or 1) + step, completion_steps=step,
        fill_steps=fill_steps,
    )
    name = "mes" + (f"+{completion}" if completion else "") + (f"+{fill}" if fill else "")
    return Outcome(name, selected, instance.cost_of(selected), explanation)
