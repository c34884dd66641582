"""The Method of Equal Shares for one starting share, in exact arithmetic.

Every voter starts with the same share of the budget. In each round, each project
still affordable gets a price rho per unit of utility: the least rho such that its
supporters, each paying min(budget, rho * utility), cover its cost. The project with
the least rho is funded (ties: smallest id as a string, as in pabutools), and its
supporters pay. The rounds stop when no project can be paid for.

This module works for any utilities; mes_fast.py does the same for cost utilities
quickly. Both return rounds as (project index, rho, payment per voter group).
"""

from __future__ import annotations

from gmpy2 import mpq

from .electorate import Electorate

Round = tuple[int, mpq, dict[int, mpq]]


def price(cost: int, supporters, budgets, weights, utility_of) -> mpq | None:
    """Return the least rho at which the supporters can pay cost, or None."""
    if sum(budgets[g] * weights[g] for g in supporters) < cost:
        return None
    paid, denominator = mpq(0), sum(weights[g] * utility_of(g) for g in supporters)
    for g in sorted(supporters, key=lambda g: budgets[g] / utility_of(g)):
        rho = (cost - paid) / denominator
        if rho * utility_of(g) <= budgets[g]:
            return rho
        paid += weights[g] * budgets[g]
        denominator -= weights[g] * utility_of(g)
    return None


def free_projects(electorate: Electorate, supporters) -> list[int]:
    """Return projects that cost nothing and have support, which MES funds first."""
    return [
        j for j, cost in enumerate(electorate.costs) if cost == 0 and supporters[j]
    ]


def mes_exact(electorate: Electorate, share: mpq) -> list[Round]:
    """Run MES with the given starting share per voter and return its rounds."""
    supporters = electorate.supporters()
    weights, utilities = electorate.weights, electorate.utilities
    budgets = [mpq(share)] * len(weights)
    rounds: list[Round] = [(j, mpq(0), {}) for j in free_projects(electorate, supporters)]
    # rho never decreases as budgets shrink, so an old rho is a lower bound.
    bound = {
        j: mpq(0) for j, cost in enumerate(electorate.costs) if cost > 0 and supporters[j]
    }
    ids = electorate.project_ids
    while bound:
        best, best_rho = None, None
        for j in sorted(bound, key=lambda j: (bound[j], ids[j])):
            if best_rho is not None and bound[j] > best_rho:
                break
            rho = price(electorate.costs[j], supporters[j], budgets, weights,
                        lambda g, j=j: utilities[g][j])
            if rho is None:
                del bound[j]
                continue
            bound[j] = rho
            if best_rho is None or (rho, ids[j]) < (best_rho, ids[best]):
                best, best_rho = j, rho
        if best is None:
            break
        del bound[best]
        payments = {}
        for g in supporters[best]:
            pay = min(budgets[g], best_rho * utilities[g][best])
            budgets[g] -= pay
            payments[g] = pay
        rounds.append((best, best_rho, payments))
    return rounds
