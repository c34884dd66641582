"""Quorum and the outcome of a council's roll-call vote: the one place these rules live.

Recused members are present but neither vote nor count in the base of any rule.
Abstentions count in the base of the "present" rules, so they weigh like a no:
"more than half of the members present approve" means more than half of those
who could have approved.
"""
from dataclasses import dataclass
from fractions import Fraction

RULES = ("majority_present", "two_thirds_present", "majority_members", "custom")
CHOICES = ("yes", "no", "abstain", "recused")
DEFAULT_QUORUM_PERCENT = 50


@dataclass(frozen=True)
class Outcome:
    result: str  # "adopted", "rejected" or "no_quorum"
    yes: int
    no: int
    abstain: int
    recused: int
    present: int
    members: int
    base: int  # how many votes the threshold is measured against
    needed: int  # the fewest yes votes that would have adopted it

    @property
    def adopted(self):
        return self.result == "adopted"


def is_quorate(present, members, quorum_percent=DEFAULT_QUORUM_PERCENT):
    """Tell whether more than quorum_percent % of the members are present (exactly half is not enough)."""
    if members <= 0:
        return False
    return present * 100 > quorum_percent * members


def threshold(rule, custom_percent=None):
    """Return (fraction, strict): adopted when yes > fraction*base (strict) or yes >= fraction*base."""
    if rule == "majority_present" or rule == "majority_members":
        return Fraction(1, 2), True
    if rule == "two_thirds_present":
        return Fraction(2, 3), False
    if rule == "custom":
        if custom_percent is None or not 0 < custom_percent <= 100:
            raise ValueError("a custom rule needs a percentage between 1 and 100")
        return Fraction(custom_percent, 100), False
    raise ValueError(f"unknown rule {rule!r}")


def needed_yes(base, fraction, strict):
    """Return the fewest yes votes that meet the threshold on this base."""
    exact = fraction * base
    floor = exact.numerator // exact.denominator
    if strict or floor < exact:
        return floor + 1
    return max(floor, 1)


def outcome(rule, members, choices, custom_percent=None, quorum_percent=DEFAULT_QUORUM_PERCENT):
    """Count one item's roll call under the council's rule.

    members: how many members the council has; choices: one choice per member present.
    """
    unknown = [c for c in choices if c not in CHOICES]
    if unknown:
        raise ValueError(f"unknown choices {unknown!r}")
    counts = {c: sum(1 for x in choices if x == c) for c in CHOICES}
    present = len(choices)
    fraction, strict = threshold(rule, custom_percent)
    if rule == "majority_members":
        base = members - counts["recused"]
    else:
        base = present - counts["recused"]
    needed = needed_yes(base, fraction, strict) if base > 0 else 1
    if not is_quorate(present, members, quorum_percent):
        result = "no_quorum"
    elif base > 0 and counts["yes"] >= needed:
        result = "adopted"
    else:
        result = "rejected"
    return Outcome(result=result, yes=counts["yes"], no=counts["no"], abstain=counts["abstain"],
                   recused=counts["recused"], present=present, members=members, base=base,
                   needed=needed)
