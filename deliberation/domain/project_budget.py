"""Money on a project: amounts typed in yuan become integer fen; the budget summary residents see."""
import re
from dataclasses import dataclass

YUAN = re.compile(r"^\s*(\d{1,9})(?:\.(\d{1,2}))?\s*$")


def parse_yuan(text):
    """Return the amount in fen for "1234", "1234.5" or "1234.56" (commas allowed), or None."""
    match = YUAN.match((text or "").replace(",", "").replace("，", ""))
    if not match:
        return None
    whole, cents = match.groups()
    return int(whole) * 100 + int((cents or "0").ljust(2, "0"))


@dataclass(frozen=True)
class BudgetSummary:
    budget: int
    spent: int

    @property
    def remaining(self):
        return self.budget - self.spent

    @property
    def over_budget(self):
        return self.spent > self.budget

    @property
    def percent_spent(self):
        """Whole percent of the budget spent, rounded down (0 when there is no budget)."""
        return self.spent * 100 // self.budget if self.budget > 0 else 0


def summarise(budget, amounts):
    return BudgetSummary(budget=budget, spent=sum(amounts))
