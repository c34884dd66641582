"""Plain data for participatory budgeting: instances, ballots, profiles, outcomes.

Money is always an integer number of currency units (or of the smallest unit the
caller chooses); shares of money that MES computes are exact fractions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction

APPROVAL = "approval"
KNAPSACK = "knapsack"
CUMULATIVE = "cumulative"
RANKING = "ranking"
BALLOT_TYPES = (APPROVAL, KNAPSACK, CUMULATIVE, RANKING)


@dataclass(frozen=True)
class Project:
    """A project a voter can support: an id, an integer cost and a display name."""

    id: str
    cost: int
    name: str = ""
    # Other Pabulib columns (category, votes, selected, ...) kept for export.
    fields: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Instance:
    """The budget, the projects and the ballot form voters fill in."""

    budget: int
    projects: tuple[Project, ...]
    ballot_type: str = APPROVAL
    min_length: int | None = None
    max_length: int | None = None
    # Knapsack ballots: the most a voter's chosen projects may cost together.
    max_sum_cost: int | None = None
    min_points: int | None = None
    max_points: int | None = None
    min_sum_points: int | None = None
    max_sum_points: int | None = None

    def __post_init__(self):
        if self.ballot_type not in BALLOT_TYPES:
            raise ValueError(f"unknown ballot type {self.ballot_type!r}")
        ids = [p.id for p in self.projects]
        if len(set(ids)) != len(ids):
            raise ValueError("project ids must be unique")

    def project(self, project_id: str) -> Project:
        """Return the project with the given id."""
        for p in self.projects:
            if p.id == project_id:
                return p
        raise KeyError(project_id)

    def cost_of(self, project_ids) -> int:
        """Return the total cost of the given projects."""
        costs = {p.id: p.cost for p in self.projects}
        return sum(costs[pid] for pid in project_ids)


@dataclass(frozen=True)
class Ballot:
    """One voter's ballot: project ids (in rank order for rankings) and points."""

    voter_id: str
    projects: tuple[str, ...]
    # Cumulative ballots only: points[i] goes to projects[i].
    points: tuple[int, ...] | None = None
    fields: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)

    def utility_key(self) -> tuple:
        """Return what the rules look at, so equal ballots can be counted once."""
        if self.points is None:
            return tuple(sorted(self.projects))
        return tuple(sorted(zip(self.projects, self.points)))


@dataclass(frozen=True)
class Profile:
    """All ballots cast in one election."""

    ballots: tuple[Ballot, ...]

    def __len__(self):
        return len(self.ballots)

    def __iter__(self):
        return iter(self.ballots)


@dataclass(frozen=True)
class GreedyStep:
    """One project as greedy considered it, with the budget left before it."""

    project_id: str
    score: int
    cost: int
    funded: bool
    remaining_before: int

    @property
    def reason(self) -> str:
        return "funded" if self.funded else "did not fit in the remaining budget"


@dataclass(frozen=True)
class MesRound:
    """One project added to an MES outcome: when, at what price, paid by whom."""

    project_id: str
    cost: int
    stage: str
    # Price per unit of utility; None for projects the greedy fill paid from leftovers.
    rho: Fraction | None = None
    payments: Mapping[str, Fraction] = field(default_factory=dict)


STAGE_MES = "mes"
STAGE_COMPLETION = "add1-completion"
STAGE_FILL = "greedy-fill"


@dataclass(frozen=True)
class MesExplanation:
    """How MES reached its outcome: the rounds and each voter's starting share."""

    rounds: tuple[MesRound, ...]
    initial_share: Fraction
    final_share: Fraction
    completion_steps: int
    # The greedy fill's view of the projects MES left out: funded or did not fit.
    fill_steps: tuple[GreedyStep, ...] = ()

    def added_by(self, stage: str) -> tuple[str, ...]:
        """Return the ids of the projects a stage added, in order."""
        return tuple(r.project_id for r in self.rounds if r.stage == stage)

    def payments_of(self, voter_id: str) -> dict[str, Fraction]:
        """Return what one voter paid towards each funded project."""
        return {
            r.project_id: r.payments[voter_id]
            for r in self.rounds
            if voter_id in r.payments
        }

    def unspent_share(self, voter_id: str) -> Fraction:
        """Return the part of a voter's share that no funded project used."""
        return self.final_share - sum(self.payments_of(voter_id).values(), Fraction(0))


@dataclass(frozen=True)
class Outcome:
    """The result of a rule: funded project ids in order, money spent, and why."""

    rule: str
    selected: tuple[str, ...]
    spent: int
    explanation: tuple[GreedyStep, ...] | MesExplanation
