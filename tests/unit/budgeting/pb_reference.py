"""The same rules computed by pabutools, the reference implementation."""

import functools

from pabutools.election import (
    AdditiveSatisfaction,
    Additive_Cardinal_Sat,
    ApprovalBallot,
    ApprovalProfile,
    Cost_Sat,
    parse_pabulib,
)
from pabutools.rules import (
    exhaustion_by_budget_increase,
    greedy_utilitarian_welfare,
    method_of_equal_shares,
)


class PointsTimesCost(AdditiveSatisfaction):
    """Satisfaction points x cost, so pabutools' greedy (by sat / cost) ranks by points."""

    def __init__(self, instance, profile, ballot):
        super().__init__(
            instance, profile, ballot,
            lambda inst, prof, bal, project, pre: bal.get(project, 0) * project.cost,
        )


def reference_election(path):
    """Parse a file with pabutools; rankings become approval of the ranked projects."""
    instance, profile = parse_pabulib(str(path))
    if instance.meta["vote_type"] == "ordinal":
        profile = ApprovalProfile([ApprovalBallot(ballot) for ballot in profile])
    cumulative = instance.meta["vote_type"] == "cumulative"
    return instance, profile, cumulative


def reference_greedy(path) -> set[str]:
    """Return the city greedy rule's selection as computed by pabutools."""
    instance, profile, cumulative = reference_election(path)
    sat = PointsTimesCost if cumulative else Cost_Sat
    return {p.name for p in greedy_utilitarian_welfare(instance, profile, sat_class=sat)}


@functools.lru_cache(maxsize=None)
def reference_mes(path) -> tuple[frozenset[str], frozenset[str]]:
    """Return MES with add1 completion, before and after the greedy fill, by pabutools."""
    instance, profile, cumulative = reference_election(path)
    sat = Additive_Cardinal_Sat if cumulative else Cost_Sat
    completed = exhaustion_by_budget_increase(
        instance, profile, method_of_equal_shares, {"sat_class": sat},
        budget_step=profile.num_ballots(),
    )
    filled = greedy_utilitarian_welfare(
        instance, profile, sat_class=PointsTimesCost if cumulative else Cost_Sat,
        initial_budget_allocation=completed,
    )
    return frozenset(p.name for p in completed), frozenset(p.name for p in filled)
