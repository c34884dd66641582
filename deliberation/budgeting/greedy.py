"""The usual city rule: fund the most supported projects while money lasts.

Projects are ranked by score (number of ballots naming them; total points for
cumulative ballots; a ranking counts as approval of every project it lists), ties
broken by project id compared as strings, as pabutools does by default. Each
project that still fits the remaining budget is funded; the others are skipped and
the next one is tried. Projects nobody voted for come last with score 0 and, like in
pabutools, are funded only if money is left for them.
"""

from __future__ import annotations

from collections import Counter

from .model import CUMULATIVE, GreedyStep, Instance, Outcome, Profile


def project_scores(instance: Instance, profile: Profile) -> dict[str, int]:
    """Return each project's score: approvals, or total points for cumulative ballots."""
    scores = Counter({p.id: 0 for p in instance.projects})
    for ballot in profile:
        if instance.ballot_type == CUMULATIVE:
            scores.update(dict(zip(ballot.projects, ballot.points)))
        else:
            scores.update(set(ballot.projects))
    return dict(scores)


def greedy_order(instance: Instance, scores: dict[str, int]) -> list[str]:
    """Return project ids by score, highest first, ties by id as strings."""
    return sorted((p.id for p in instance.projects), key=lambda pid: (-scores[pid], pid))


def greedy_steps(instance, scores, already=(), remaining=None) -> list[GreedyStep]:
    """Consider the projects not yet funded in greedy order, funding those that fit."""
    remaining = instance.budget - instance.cost_of(already) if remaining is None else remaining
    steps = []
    for pid in greedy_order(instance, scores):
        if pid in already:
            continue
        cost = instance.project(pid).cost
        funded = cost <= remaining
        steps.append(GreedyStep(pid, scores[pid], cost, funded, remaining))
        if funded:
            remaining -= cost
    return steps


def greedy(instance: Instance, profile: Profile) -> Outcome:
    """Fund projects in order of support, skipping any that no longer fits."""
    steps = tuple(greedy_steps(instance, project_scores(instance, profile)))
    selected = tuple(s.project_id for s in steps if s.funded)
    return Outcome("greedy", selected, instance.cost_of(selected), steps)
