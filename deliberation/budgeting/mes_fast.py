"""The Method of Equal Shares for cost utilities, fast and still exact.

With cost utilities every supporter of a project pays the same amount alpha (or
all they have left), and voters who supported the same funded projects hold the
same budget. So voters fall into few budget classes, and a project's price needs
only how many of its supporters sit in each class. Floats (numpy) find the likely
cheapest projects; exact fractions (gmpy2) then decide between them, check any
close call on affordability, and keep every budget exact.
"""

from __future__ import annotations

import numpy as np
from gmpy2 import mpq

from .electorate import Electorate

# Float prices within this relative distance of the best are decided exactly.
CLOSE = 1e-7


class Prepared:
    """Per-election arrays that every run of MES reuses."""

    def __init__(self, electorate: Electorate):
        self.ids = electorate.project_ids
        self.costs = np.array(electorate.costs, dtype=np.float64)
        self.int_costs = electorate.costs
        weights = np.array(electorate.weights, dtype=np.int64)
        rows = [(g, j) for g, utility in enumerate(electorate.utilities) for j in utility]
        self.nz_group = np.array([g for g, _ in rows], dtype=np.int64)
        self.nz_project = np.array([j for _, j in rows], dtype=np.int64)
        self.nz_weight = weights[self.nz_group]
        supporters = electorate.supporters()
        self.supporters = [np.array(s, dtype=np.int64) for s in supporters]
        by_group = [[] for _ in electorate.weights]
        for i, g in enumerate(self.nz_group.tolist()):
            by_group[g].append(i)
        # Entries (group, project) of every group that supports project j.
        self.entries_of = [
            np.array([i for g in s for i in by_group[g]], dtype=np.int64) for s in supporters
        ]
        self.approvals = np.bincount(
            self.nz_project, weights=self.nz_weight, minlength=len(self.ids)
        ).astype(np.int64)
        self.n_groups = len(electorate.weights)


class GroupPayments:
    """What each supporting group paid in one round, built only when asked for."""

    def __init__(self, groups, classes, pay_of_class):
        self.groups, self.classes, self.pay_of_class = groups, classes, pay_of_class

    def items(self):
        for g, k in zip(self.groups.tolist(), self.classes.tolist()):
            yield g, self.pay_of_class[k]


class Run:
    """One run of MES from a given starting share."""

    def __init__(self, prepared: Prepared, share: mpq):
        self.p = prepared
        self.budgets = [mpq(share)]
        self.float_budgets = [float(share)]
        self.class_of_budget = {mpq(share): 0}
        self.group_class = np.zeros(prepared.n_groups, dtype=np.int64)
        self.counts = np.zeros((16, len(prepared.ids)), dtype=np.int64)
        self.counts[0] = prepared.approvals
        self.active = (prepared.approvals > 0) & (prepared.costs > 0)

    def class_for(self, budget: mpq) -> int:
        """Return the class holding this exact budget, opening one if needed."""
        k = self.class_of_budget.get(budget)
        if k is None:
            k = len(self.budgets)
            self.class_of_budget[budget] = k
            self.budgets.append(budget)
            self.float_budgets.append(float(budget))
            if k >= len(self.counts):
                grown = np.zeros((2 * len(self.counts), self.counts.shape[1]), dtype=np.int64)
                grown[: len(self.counts)] = self.counts
                self.counts = grown
        return k

    def float_prices(self, projects):
        """Return each project's supporters' total budget and float alpha."""
        k = len(self.budgets)
        order = np.argsort(self.float_budgets)
        b = np.array(self.float_budgets)[order][:, None]
        counts = self.counts[:k][order][:, projects]
        money = counts * b
        available = money.sum(axis=0)
        rich = counts.sum(axis=0) - (np.cumsum(counts, axis=0) - counts)
        paid = np.cumsum(money, axis=0) - money
        with np.errstate(divide="ignore", invalid="ignore"):
            alpha = (self.p.costs[projects] - paid) / rich
        fits = (counts > 0) & (alpha <= b * (1 + 1e-12))
        first = np.argmax(fits, axis=0)
        return available, alpha[first, np.arange(len(projects))]

    def exact_alpha(self, j: int) -> mpq | None:
        """Return the exact equal payment alpha for project j, or None if unaffordable."""
        classes = np.nonzero(self.counts[: len(self.budgets), j])[0].tolist()
        levels = sorted((self.budgets[k], int(self.counts[k, j])) for k in classes)
        cost = self.p.int_costs[j]
        if sum(b * n for b, n in levels) < cost:
            return None
        paid, rich = mpq(0), sum(n for _, n in levels)
        for b, n in levels:
            alpha = (cost - paid) / rich
            if alpha <= b:
                return alpha
            paid += b * n
            rich -= n
        return None

    def choose(self):
        """Return the next project and its alpha, or None when none is affordable."""
        while True:
            projects = np.nonzero(self.active)[0]
            if len(projects) == 0:
                return None
            available, alpha = self.float_prices(projects)
            costs = self.p.costs[projects]
            short = available < costs * (1 - CLOSE)
            self.active[projects[short]] = False
            near = ~short & (available < costs * (1 + CLOSE))
            affordable = available >= costs * (1 + CLOSE)
            rho = alpha / costs
            best = rho[affordable].min() if affordable.any() else np.inf
            close = projects[near | (affordable & (rho <= best * (1 + CLOSE)))]
            if len(close) == 0:
                return None
            exact = {}
            for j in close.tolist():
                a = self.exact_alpha(j)
                if a is None:
                    self.active[j] = False
                else:
                    exact[j] = a
            if exact:
                j = min(exact, key=lambda j: (exact[j] / self.p.int_costs[j], self.p.ids[j]))
                return j, exact[j]

    def fund(self, j: int, alpha: mpq) -> GroupPayments:
        """Charge project j's supporters and move them to their new budget classes."""
        k_count = len(self.budgets)
        affected = np.nonzero(self.counts[:k_count, j])[0].tolist()
        new_class = np.arange(k_count, dtype=np.int64)
        pay_of_class = {}
        for k in affected:
            pay = min(self.budgets[k], alpha)
            pay_of_class[k] = pay
            new_class[k] = self.class_for(self.budgets[k] - pay)
        entries = self.p.entries_of[j]
        groups = self.p.nz_group[entries]
        old = self.group_class[groups]
        columns = self.p.nz_project[entries]
        np.add.at(self.counts, (old, columns), -self.p.nz_weight[entries])
        np.add.at(self.counts, (new_class[old], columns), self.p.nz_weight[entries])
        supporters = self.p.supporters[j]
        before = self.group_class[supporters]
        self.group_class[supporters] = new_class[before]
        self.active[j] = False
        return GroupPayments(supporters, before, pay_of_class)


def mes_fast(prepared: Prepared, share: mpq) -> list:
    """Run MES with cost utilities from the given share and return its rounds."""
    run = Run(prepared, share)
    rounds = [
        (j, mpq(0), {}) for j, cost in enumerate(prepared.int_costs)
        if cost == 0 and prepared.approvals[j] > 0
    ]
    while (choice := run.choose()) is not None:
        j, alpha = choice
        payments = run.fund(j, alpha)
        rounds.append((j, alpha / prepared.int_costs[j], payments))
    return rounds
