"""Participatory budgeting: ballots, the greedy and Equal Shares rules, Pabulib files.

Pure domain code: no Flask, no database. Money is in integer units.
"""

from .ballots import validate_ballot
from .equal_shares import equal_shares
from .greedy import greedy, project_scores
from .model import (
    APPROVAL,
    BALLOT_TYPES,
    CUMULATIVE,
    KNAPSACK,
    RANKING,
    STAGE_COMPLETION,
    STAGE_FILL,
    STAGE_MES,
    Ballot,
    GreedyStep,
    Instance,
    MesExplanation,
    MesRound,
    Outcome,
    Profile,
    Project,
)
from .pabulib import parse_pb, write_pb

__all__ = [
    "APPROVAL", "BALLOT_TYPES", "CUMULATIVE", "KNAPSACK", "RANKING",
    "STAGE_COMPLETION", "STAGE_FILL", "STAGE_MES",
    "Ballot", "GreedyStep", "Instance", "MesExplanation", "MesRound", "Outcome",
    "Profile", "Project",
    "equal_shares", "greedy", "parse_pb", "project_scores", "validate_ballot", "write_pb",
]
