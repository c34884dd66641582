"""Voters grouped by identical ballots, with the utilities MES works with.

Voters with identical ballots always hold identical budgets under MES, so each
group is handled once with its size as weight. Approval, knapsack and ranking
ballots use cost utilities (a supported project is worth its cost to the voter, as
on equalshares.net); cumulative ballots use the points given.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import CUMULATIVE, Instance, Profile


@dataclass(frozen=True)
class Electorate:
    """Projects by index and voter groups with their utilities."""

    project_ids: tuple[str, ...]
    costs: tuple[int, ...]
    # utilities[g] maps a project index to the utility group g gets from it.
    utilities: tuple[dict[int, int], ...]
    weights: tuple[int, ...]
    voter_ids: tuple[tuple[str, ...], ...]
    cost_utilities: bool

    @property
    def n_voters(self) -> int:
        return sum(self.weights)

    def supporters(self) -> list[list[int]]:
        """Return, for each project index, the groups that get utility from it."""
        result = [[] for _ in self.project_ids]
        for g, utility in enumerate(self.utilities):
            for j in utility:
                result[j].append(g)
        return result


def ballot_utilities(instance: Instance, ballot, index: dict[str, int]) -> dict[int, int]:
    """Return the utility a ballot gives each project it supports."""
    if instance.ballot_type == CUMULATIVE:
        pairs = zip(ballot.projects, ballot.points)
        return {index[pid]: points for pid, points in pairs if points > 0}
    return {index[pid]: instance.projects[index[pid]].cost for pid in ballot.projects}


def group_voters(instance: Instance, profile: Profile) -> Electorate:
    """Group voters whose ballots give the same utilities."""
    index = {p.id: i for i, p in enumerate(instance.projects)}
    groups: dict[tuple, list[str]] = {}
    utilities: dict[tuple, dict[int, int]] = {}
    for ballot in profile:
        utility = ballot_utilities(instance, ballot, index)
        key = tuple(sorted(utility.items()))
        groups.setdefault(key, []).append(ballot.voter_id)
        utilities.setdefault(key, utility)
    keys = list(groups)
    return Electorate(
        project_ids=tuple(p.id for p in instance.projects),
        costs=tuple(p.cost for p in instance.projects),
        utilities=tuple(utilities[k] for k in keys),
        weights=tuple(len(groups[k]) for k in keys),
        voter_ids=tuple(tuple(groups[k]) for k in keys),
        cost_utilities=instance.ballot_type != CUMULATIVE,
    )
