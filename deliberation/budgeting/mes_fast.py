"""The Method of Equal Shares for cost utilities, fast and still exact.

With cost utilities every supporter of a project pays the same amount alpha, or
everything they have left if that is less. So a voter either has nothing left or
still holds share - (sum of the alphas of the funded projects they support): every
exact budget is a short sum that can be rebuilt when needed. Floats (numpy) price
the projects; exact fractions (gmpy2) decide near-ties between prices, close calls
on affordability, and who runs out of money. Prices only rise as budgets shrink, so
each round re-prices only the projects whose last price could still be the best.
"""

from __future__ import annotations

import numpy as np
from gmpy2 import mpq

from .electorate import Electorate

# Float results within this relative distance of a decision are decided exactly.
CLOSE = 1e-7


class Prepared:
    """Per-election arrays that every run of MES reuses."""

    def __init__(self, electorate: Electorate):
        self.ids = electorate.project_ids
        self.costs = electorate.costs
        self.weights = np.array(electorate.weights, dtype=np.int64)
        self.supporters = [np.array(s, dtype=np.int64) for s in electorate.supporters()]
        self.supporter_weights = [self.weights[s].astype(np.float64) for s in self.supporters]
        # ballots[j, g] is 1 when group g supports project j.
        self.ballots = np.zeros((len(self.ids), len(self.weights)), dtype=np.int8)
        for g, utility in enumerate(electorate.utilities):
            self.ballots[list(utility), g] = 1
        self.approvals = (self.ballots @ self.weights).tolist()
        # Funding a project changes the prices of exactly the projects that share a supporter.
        supports = self.ballots.astype(bool)
        shared = supports @ supports.T
        self.overlapping = [set(np.nonzero(row)[0].tolist()) for row in shared]


def float_alpha(budgets: np.ndarray, weights: np.ndarray, total: int, cost: int) -> float:
    """Return the equal payment that covers cost, with the poorest paying all they have."""
    # Raise alpha until the voters who cannot pay it are exactly those paying all
    # they have; this settles in a few passes, far faster than sorting.
    alpha = cost / total
    # A budget within CLOSE of alpha counts as paying it: float rounding must not make an
    # exactly affordable project look unaffordable (inf); exact_alpha settles such cases.
    if alpha <= budgets.min() * (1 + CLOSE):
        return alpha
    money = weights * budgets
    for _ in range(30):
        poor = budgets < alpha * (1 - CLOSE)
        rich = total - weights.dot(poor)
        if rich <= 0:
            return np.inf
        raised = (cost - money.dot(poor)) / rich
        if raised <= alpha:
            return alpha
        alpha = raised
    return sorted_alpha(budgets, weights, cost)


def sorted_alpha(budgets: np.ndarray, weights: np.ndarray, cost: int) -> float:
    """Return the same payment as float_alpha, by walking voters from the poorest up."""
    order = np.argsort(budgets, kind="stable")
    b, w = budgets[order], weights[order]
    money = w * b
    paid = np.cumsum(money) - money
    rich = w.sum() - (np.cumsum(w) - w)
    alpha = (cost - paid) / rich
    return float(alpha[np.argmax(alpha <= b * (1 + 1e-12))])


class LazyAlpha:
    """An exact amount worked out only when an exact decision or the caller needs it.

    Most rounds have one clearly cheapest project and no voter whose budget is
    close to its price; their exact alpha is never needed during the run.
    """

    def __init__(self, approx: float, compute):
        self.approx, self.compute, self.exact = approx, compute, None

    def value(self) -> mpq:
        if self.exact is None:
            self.exact = self.compute()
            if self.exact is None:
                raise ArithmeticError("float prices were too far from the exact ones")
        return self.exact


def exact(amount) -> mpq:
    """Return the exact value of an amount that may still be lazy."""
    return amount.value() if isinstance(amount, LazyAlpha) else amount


class Run:
    """One run of MES from a given starting share."""

    def __init__(self, prepared: Prepared, share: mpq):
        self.p = prepared
        self.share = mpq(share)
        self.budgets = np.full(len(prepared.weights), float(share))
        self.broke = np.zeros(len(prepared.weights), dtype=bool)
        self.funded: list[tuple[int, mpq]] = []
        # Row r holds the ballots (0/1 per group) of the project funded in round r.
        self.funded_rows = np.zeros((len(prepared.ids), len(prepared.weights)), dtype=np.int8)
        # bound: a lower bound on each project's rho; current: its float rho and
        # exact: its exact alpha, both while no supporter's budget has changed.
        self.bound, self.current, self.exact = {}, {}, {}
        for j, cost in enumerate(prepared.costs):
            voters = prepared.approvals[j]
            # At the start everyone holds the same share, so all supporters pay equally.
            if cost > 0 and voters and self.share * voters >= cost:
                self.exact[j] = mpq(cost, voters)
                self.current[j] = 1 / voters
                self.bound[j] = self.current[j] * (1 - CLOSE)

    def exact_budgets(self, groups: np.ndarray, upto: int | None = None) -> list[mpq]:
        """Return the exact budgets of some groups (after the first upto rounds)."""
        funded = self.funded[:upto]
        columns = self.funded_rows[: len(funded)][:, groups].T
        spent = [sum((exact(a) for (q, a), hit in zip(funded, row) if hit), mpq(0))
                 for row in columns.tolist()]
        return [self.share - s for s in spent]

    def exact_money(self, groups: np.ndarray, broke=None, upto: int | None = None) -> mpq:
        """Return the exact total budget of the given groups that are not broke."""
        funded = self.funded[:upto]
        groups = groups[~(self.broke[groups] if broke is None else broke)]
        w = self.p.weights[groups]
        if not funded:
            return self.share * int(w.sum())
        counts = (self.funded_rows[: len(funded)][:, groups] @ w).tolist()
        spent = sum((exact(a) * c for (_, a), c in zip(funded, counts) if c), mpq(0))
        return self.share * int(w.sum()) - spent

    def exact_alpha(self, j: int, alpha_f: float, b=None, broke=None, upto=None) -> mpq | None:
        """Return project j's exact alpha near the float estimate, or None if unaffordable.

        b, broke and upto give the supporters' budgets, who was broke and how many
        rounds had passed when the price was taken; by default, now.
        """
        cost, groups = self.p.costs[j], self.p.supporters[j]
        b = self.budgets[groups] if b is None else b
        broke = self.broke[groups] if broke is None else broke
        w = self.p.weights[groups]
        if float(w @ b) < cost * (1 + CLOSE) and self.exact_money(groups, broke, upto) < cost:
            return None
        tol = CLOSE * alpha_f + 1e-9 * float(self.share)
        poor = (b < alpha_f - tol) | broke
        unclear_groups = groups[~poor & (b <= alpha_f + tol)]
        if not poor.any() and len(unclear_groups) == 0:
            return mpq(cost, int(self.p.approvals[j]))
        paid = self.exact_money(groups[poor], broke[poor], upto) if poor.any() else mpq(0)
        rich = int(w[~poor].sum())
        levels = sorted(zip(self.exact_budgets(unclear_groups, upto), unclear_groups.tolist()))
        for budget, g in levels:
            alpha = (cost - paid) / rich
            if alpha <= budget:
                return alpha
            paid += budget * int(self.p.weights[g])
            rich -= int(self.p.weights[g])
        alpha = (cost - paid) / rich
        richer = b[b > alpha_f + tol]
        if len(richer) and alpha > richer.min():
            raise ArithmeticError("float prices were too far from the exact ones")
        return alpha

    def price(self, j: int) -> float | None:
        """Return project j's float rho, or None (dropping it) if it is unaffordable."""
        groups, cost = self.p.supporters[j], self.p.costs[j]
        b, w = self.budgets[groups], self.p.supporter_weights[j]
        available = float(w @ b)
        if available < cost * (1 - CLOSE) or (
            available < cost * (1 + CLOSE) and self.exact_money(groups) < cost
        ):
            return None
        return float_alpha(b, w, self.p.approvals[j], cost) / cost

    def choose(self) -> tuple[int, mpq] | None:
        """Return the project with the least rho and its exact alpha, or None."""
        while self.bound:
            choice = self.choose_among_priced()
            if choice is not None:
                return choice
        return None

    def drop(self, j: int) -> None:
        """Forget a project that is funded or can no longer be paid for."""
        for prices in (self.bound, self.current, self.exact):
            prices.pop(j, None)

    def choose_among_priced(self) -> tuple[int, mpq] | None:
        """Re-price the projects that could be cheapest and return the best, if any."""
        best = np.inf
        for j in sorted(self.bound, key=lambda j: (self.bound[j], self.p.ids[j])):
            if self.bound[j] > best * (1 + CLOSE):
                break
            if j not in self.current:
                rho = self.price(j)
                if rho is None:
                    self.drop(j)
                    continue
                self.current[j], self.bound[j] = rho, rho * (1 - CLOSE)
            best = min(best, self.current[j])
        close = [j for j, rho in self.current.items() if rho <= best * (1 + CLOSE)]
        if len(close) == 1:
            return close[0], self.exact.get(close[0]) or self.lazy_alpha(close[0])
        for j in close:
            if j not in self.exact:
                alpha = self.exact_alpha(j, self.current[j] * self.p.costs[j])
                if alpha is None:
                    self.drop(j)
                    continue
                self.exact[j] = alpha
        close = [j for j, rho in self.current.items() if rho <= best * (1 + CLOSE)]
        if not close:
            return None
        j = min(close, key=lambda j: (self.exact[j] / self.p.costs[j], self.p.ids[j]))
        return j, self.exact[j]

    def lazy_alpha(self, j: int) -> LazyAlpha:
        """Return project j's alpha as of now, to be made exact only if needed."""
        groups, alpha_f = self.p.supporters[j], self.current[j] * self.p.costs[j]
        b, broke, upto = self.budgets[groups], self.broke[groups], len(self.funded)
        return LazyAlpha(alpha_f, lambda: self.exact_alpha(j, alpha_f, b, broke, upto))

    def fund(self, j: int, alpha) -> "GroupPayments":
        """Charge project j's supporters alpha each, or all they have left."""
        groups = self.p.supporters[j]
        b = self.budgets[groups]
        alpha_f = alpha.approx if isinstance(alpha, LazyAlpha) else float(alpha)
        tol = CLOSE * alpha_f + 1e-9 * float(self.share)
        poor = (b < alpha_f - tol) | self.broke[groups]
        unclear = np.nonzero((np.abs(b - alpha_f) <= tol) & ~self.broke[groups])[0]
        if len(unclear):
            exact_budgets = self.exact_budgets(groups[unclear])
            poor[unclear] = [budget <= exact(alpha) for budget in exact_budgets]
        payments = GroupPayments(
            self, groups, poor, self.broke[groups].copy(), len(self.funded), alpha
        )
        self.broke[groups[poor]] = True
        self.budgets[groups] = np.where(poor, 0.0, b - alpha_f)
        self.funded_rows[len(self.funded)] = self.p.ballots[j]
        self.funded.append((j, alpha))
        self.drop(j)
        changed = self.p.overlapping[j]
        self.current = {k: v for k, v in self.current.items() if k not in changed}
        self.exact = {k: v for k, v in self.exact.items() if k not in changed}
        return payments


class GroupPayments:
    """What each supporting group paid in one round, worked out only when asked for."""

    def __init__(self, run: Run, groups, poor, broke, round_index: int, alpha: mpq):
        self.run, self.groups, self.poor, self.broke = run, groups, poor, broke
        self.round_index, self.alpha = round_index, alpha

    def items(self):
        # Voters who ran out here paid what they had left; broke voters paid nothing.
        alpha = exact(self.alpha)
        poor_groups = self.groups[self.poor & ~self.broke]
        left = dict(zip(poor_groups.tolist(),
                        self.run.exact_budgets(poor_groups, self.round_index)))
        for g, broke in zip(self.groups.tolist(), self.broke.tolist()):
            yield g, mpq(0) if broke else left.get(g, alpha)


def mes_fast(prepared: Prepared, share: mpq) -> list:
    """Run MES with cost utilities from the given share and return its rounds."""
    run = Run(prepared, share)
    rounds = [
        (j, mpq(0), {}) for j, cost in enumerate(prepared.costs)
        if cost == 0 and len(prepared.supporters[j])
    ]
    while (choice := run.choose()) is not None:
        j, alpha = choice
        cost = prepared.costs[j]
        approx = alpha.approx if isinstance(alpha, LazyAlpha) else float(alpha)
        rho = LazyAlpha(approx / cost, lambda alpha=alpha, cost=cost: exact(alpha) / cost)
        rounds.append((j, rho, run.fund(j, alpha)))
    return rounds
