"""Fixtures: one small simulated election, copied afresh for each test."""
import copy

import pytest

from deliberation.crypto.demo import demo_election
from deliberation.crypto.election import Election
from deliberation.crypto.group import get_group


@pytest.fixture(scope="session")
def simulated():
    """Run one small weighted election with revotes and an audited ballot."""
    return demo_election(ballots=8, questions=2, choices=3, trustees_count=3, threshold=2, weights="area",
                         revote_rate=0.25, audited=1, seed=7, workers=1)


@pytest.fixture
def record(simulated):
    """Return a private copy of the simulated election's record."""
    return copy.deepcopy(simulated[0])


@pytest.fixture
def voter_secrets(simulated):
    """Return the simulation's secrets: credentials, trustees, ballot jobs."""
    return simulated[1]


@pytest.fixture
def election(simulated):
    """Return the parsed election of the simulated record."""
    return Election(simulated[0]["election"])


@pytest.fixture
def ed25519():
    return get_group("Ed25519")
