"""Check a ballot against the form the instance asks voters to fill in.

Each check returns an error code the web UI translates; an empty list means valid.
"""

from __future__ import annotations

from .model import CUMULATIVE, KNAPSACK, Ballot, Instance

UNKNOWN_PROJECT = "unknown_project"
DUPLICATE_PROJECT = "duplicate_project"
TOO_FEW_PROJECTS = "too_few_projects"
TOO_MANY_PROJECTS = "too_many_projects"
OVER_BUDGET = "over_budget"
POINTS_MISSING = "points_missing"
POINTS_NOT_ALLOWED = "points_not_allowed"
POINTS_NOT_POSITIVE = "points_not_positive"
TOO_FEW_POINTS = "too_few_points"
TOO_MANY_POINTS = "too_many_points"
TOTAL_POINTS_TOO_LOW = "total_points_too_low"
TOTAL_POINTS_TOO_HIGH = "total_points_too_high"


def check_projects(instance: Instance, ballot: Ballot) -> list[str]:
    """Check that the ballot names known projects, each once, in allowed number."""
    errors = []
    known = {p.id for p in instance.projects}
    if any(pid not in known for pid in ballot.projects):
        errors.append(UNKNOWN_PROJECT)
    if len(set(ballot.projects)) != len(ballot.projects):
        errors.append(DUPLICATE_PROJECT)
    count = len(set(ballot.projects))
    if instance.min_length is not None and count < instance.min_length:
        errors.append(TOO_FEW_PROJECTS)
    if instance.max_length is not None and count > instance.max_length:
        errors.append(TOO_MANY_PROJECTS)
    return errors


def check_knapsack(instance: Instance, ballot: Ballot) -> list[str]:
    """Check that the chosen projects fit the fund together."""
    limit = instance.max_sum_cost if instance.max_sum_cost is not None else instance.budget
    costs = {p.id: p.cost for p in instance.projects}
    total = sum(costs.get(pid, 0) for pid in set(ballot.projects))
    return [OVER_BUDGET] if total > limit else []


def check_points(instance: Instance, ballot: Ballot) -> list[str]:
    """Check a cumulative ballot's points, per project and in total."""
    if ballot.points is None or len(ballot.points) != len(ballot.projects):
        return [POINTS_MISSING]
    errors = []
    if any(n <= 0 for n in ballot.points):
        errors.append(POINTS_NOT_POSITIVE)
    if instance.min_points is not None and any(n < instance.min_points for n in ballot.points):
        errors.append(TOO_FEW_POINTS)
    if instance.max_points is not None and any(n > instance.max_points for n in ballot.points):
        errors.append(TOO_MANY_POINTS)
    total = sum(ballot.points)
    if instance.min_sum_points is not None and total < instance.min_sum_points:
        errors.append(TOTAL_POINTS_TOO_LOW)
    if instance.max_sum_points is not None and total > instance.max_sum_points:
        errors.append(TOTAL_POINTS_TOO_HIGH)
    return errors


def validate_ballot(instance: Instance, ballot: Ballot) -> list[str]:
    """Return the error codes for a ballot; an empty list means it is valid."""
    errors = check_projects(instance, ballot)
    if instance.ballot_type == CUMULATIVE:
        errors += check_points(instance, ballot)
    elif ballot.points is not None:
        errors.append(POINTS_NOT_ALLOWED)
    if instance.ballot_type == KNAPSACK:
        errors += check_knapsack(instance, ballot)
    return errors
