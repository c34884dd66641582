"""Checking ballots one by one, as the server does when they arrive."""
import copy

import pytest

from deliberation.crypto import ballot as ballots
from deliberation.crypto.credentials import generate_credential, parse_credential_list
from deliberation.crypto.election import Election


@pytest.fixture
def weights(election, record):
    return parse_credential_list(election.group, record["credentials"])


@pytest.fixture
def credential(voter_secrets):
    return voter_secrets["credentials"][0]


def test_fresh_ballot_is_accepted(election, weights, credential):
    ballot, _ = ballots.build_ballot(election, credential, [[0, 1, 0], [1, 0, 0]])
    decoded = ballots.check_ballot(election, weights, ballot)
    assert [len(cts) for cts in decoded] == [3, 3]


def test_tracker_is_the_hash_of_the_canonical_ballot(election, credential):
    ballot, _ = ballots.build_ballot(election, credential, [[0, 1, 0], [1, 0, 0]])
    assert ballots.tracker(ballot) == ballots.tracker(copy.deepcopy(ballot))
    assert len(ballots.tracker(ballot)) == 64


def test_ballot_for_another_election_is_rejected(election, weights, credential):
    ballot, _ = ballots.build_ballot(election, credential, [[0, 1, 0], [1, 0, 0]])
    ballot["election"] = "0" * 64
    with pytest.raises(ballots.BallotError) as err:
        ballots.check_ballot(election, weights, ballot)
    assert err.value.check == "ballot format"


def test_ballot_with_unknown_credential_is_rejected(election, weights):
    ballot, _ = ballots.build_ballot(election, generate_credential(), [[0, 1, 0], [1, 0, 0]])
    with pytest.raises(ballots.BallotError) as err:
        ballots.check_ballot(election, weights, ballot)
    assert err.value.check == "unknown credential"


def test_ballot_selecting_too_many_choices_is_rejected(election, weights, credential):
    lax = copy.deepcopy(election.params)
    lax["questions"][0].update(min=2, max=2)
    cheating = Election(lax)
    cheating.fingerprint = election.fingerprint  # prove against the real election's hashes
    ballot, _ = ballots.build_ballot(cheating, credential, [[1, 1, 0], [1, 0, 0]])
    with pytest.raises(ballots.BallotError) as err:
        ballots.check_ballot(election, weights, ballot)
    assert (err.value.check, err.value.message) == ("ballot proof", "1..1 proof for question 1 does not verify")


def test_ballot_outside_the_rules_cannot_be_built(election, credential):
    with pytest.raises(ValueError):
        ballots.build_ballot(election, credential, [[1, 1, 0], [1, 0, 0]])
    with pytest.raises(ValueError):
        ballots.build_ballot(election, credential, [[2, 0, 0], [1, 0, 0]])


def test_malformed_ballot_is_rejected_with_a_reason(election, weights, credential):
    ballot, _ = ballots.build_ballot(election, credential, [[0, 1, 0], [1, 0, 0]])
    del ballot["answers"][1]["overall_proof"]
    with pytest.raises(ballots.BallotError) as err:
        ballots.check_ballot(election, weights, ballot)
    assert err.value.check == "ballot format"


def test_audited_ballot_opens_to_its_choices(election, credential):
    selections = [[0, 0, 1], [0, 1, 0]]
    ballot, randomness = ballots.build_ballot(election, credential, selections)
    audited = ballots.audit_record(election, ballot, randomness, selections)
    ballots.check_audited_ballot(election, audited)
    audited["plaintexts"][0] = ["1", "0", "0"]
    with pytest.raises(ballots.BallotError):
        ballots.check_audited_ballot(election, audited)
