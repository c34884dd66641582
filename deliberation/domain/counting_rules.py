"""Counting rules for residents' votes: Civil Code Art. 278 and the usual majorities.

A rule is a set of thresholds, each on a share measured by headcount or by floor area:
participation (who took part, out of the eligible) and approval (who said yes, out of those
who took part). Every comparison is done on integers, so an exact half is never "more than half".
"""
from dataclasses import dataclass, field
from fractions import Fraction

PRESETS = ("art278_general", "art278_major", "simple_majority", "two_thirds", "custom")


@dataclass(frozen=True)
class Threshold:
    stage: str        # "participation" or "approval"
    measure: str      # "headcount" or "area"
    share: Fraction   # e.g. Fraction(2, 3)
    strict: bool      # True: more than (过半数); False: at least (以上)

    def met(self, part, whole):
        if whole == 0:
            return False
        # part/whole > share  <=>  part * den > num * whole (integers only)
        left, right = part * self.share.denominator, self.share.numerator * whole
        return left > right if self.strict else left >= right


@dataclass(frozen=True)
class Rule:
    preset: str
    thresholds: tuple

    @property
    def measures(self):
        return sorted({t.measure for t in self.thresholds})


@dataclass
class Count:
    """What a tally produced for one question: headcount and area (0.01 m²) at each stage."""

    eligible_count: int
    eligible_area: int
    participating_count: int
    participating_area: int
    yes_count: int
    yes_area: int


@dataclass
class CheckResult:
    threshold: Threshold
    part: int
    whole: int
    met: bool


@dataclass
class Outcome:
    passed: bool
    checks: list = field(default_factory=list)

    @property
    def failed(self):
        return [c for c in self.checks if not c.met]


def _t(stage, measure, num, den, strict):
    return Threshold(stage, measure, Fraction(num, den), strict)


def preset(name, custom=None):
    """Return the Rule for a named preset; `custom` is a list of Threshold for "custom"."""
    if name == "art278_general":
        return Rule(name, (_t("participation", "area", 2, 3, False), _t("participation", "headcount", 2, 3, False),
                           _t("approval", "area", 1, 2, True), _t("approval", "headcount", 1, 2, True)))
    if name == "art278_major":
        return Rule(name, (_t("participation", "area", 2, 3, False), _t("participation", "headcount", 2, 3, False),
                           _t("approval", "area", 3, 4, False), _t("approval", "headcount", 3, 4, False)))
    if name == "simple_majority":
        return Rule(name, (_t("approval", "headcount", 1, 2, True),))
    if name == "two_thirds":
        return Rule(name, (_t("approval", "headcount", 2, 3, False),))
    if name == "custom":
        if not custom:
            raise ValueError("a custom rule needs at least one threshold")
        for t in custom:
            if t.stage not in ("participation", "approval") or t.measure not in ("headcount", "area"):
                raise ValueError(f"bad threshold {t}")
            if not (0 <= t.share <= 1):
                raise ValueError("a threshold is a share between 0 and 1")
        return Rule(name, tuple(custom))
    raise ValueError(f"unknown rule {name!r}")


def evaluate(rule, count):
    """Apply the rule to one question's count; every threshold must be met for it to pass."""
    checks = []
    for t in rule.thresholds:
        if t.stage == "participation":
            part, whole = ((count.participating_count, count.eligible_count) if t.measure == "headcount"
                           else (count.participating_area, count.eligible_area))
        else:
            part, whole = ((count.yes_count, count.participating_count) if t.measure == "headcount"
                           else (count.yes_area, count.participating_area))
        checks.append(CheckResult(t, part, whole, t.met(part, whole)))
    return Outcome(all(c.met for c in checks), checks)
