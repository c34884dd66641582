"""The verifier accepts an honest record and names the check a forgery fails."""
import pytest

from deliberation.crypto import ballot as ballots
from deliberation.crypto import elgamal
from deliberation.crypto.canonical import object_hash
from deliberation.crypto.credentials import generate_credential
from deliberation.crypto.demo import demo_election
from deliberation.crypto.group import InvalidElement, get_group
from deliberation.crypto.record import read_record, rebuild_chain, write_record
from deliberation.crypto.verify import format_report, verify_record

ORDER_TWO = (2**255 - 20).to_bytes(32, "little")


def failure(record):
    report = verify_record(record, workers=1)
    assert not report.ok
    return report.failure


def resign(record, voter_secrets, election, i):
    """Re-sign ballot i as its voter would, after the voter altered it."""
    credential = voter_secrets["jobs"][i][0]
    record["ballots"][i] = ballots.sign_ballot(election, credential, record["ballots"][i])


def relink(record):
    """Rewrite the event log to match the record, as a forging server would."""
    for event in record["events"]:
        kind = event["type"]
        if kind == "tally":
            event["payload"] = {"hash": object_hash(record["tally"])}
        elif kind == "result":
            event["payload"] = {"hash": object_hash(record["result"])}
    trackers = iter(ballots.tracker(b) for b in record["ballots"])
    for event in record["events"]:
        if event["type"] == "ballot":
            event["payload"] = {"tracker": next(trackers)}
    record["events"] = rebuild_chain(record["events"])


def test_honest_record_verifies(record):
    report = verify_record(record, workers=1)
    assert report.ok, report.failure
    assert report.summary["ballots"] == 8
    assert report.summary["counted"] < 8  # revotes replaced earlier ballots
    assert report.summary["result"] == record["result"]["tallies"]
    assert "OK election" in format_report(report)


def test_record_round_trips_through_a_zip_and_a_folder(record, tmp_path):
    for path in (tmp_path / "record.zip", tmp_path / "record"):
        write_record(record, path)
        assert read_record(path)["ballots"] == record["ballots"]
        assert verify_record(str(path), workers=1).ok


def test_changed_ballot_is_rejected(record, election):
    g = election.group
    record["ballots"][2]["answers"][0]["choices"][0]["alpha"] = g.encode(g.g_pow(12345))
    assert failure(record) == {"check": "ballot signature", "object": "ballot 3",
                               "message": "credential signature does not verify"}


def test_reused_proof_is_rejected(record, voter_secrets, election):
    answer = record["ballots"][4]["answers"][1]
    answer["proofs"][2] = record["ballots"][1]["answers"][1]["proofs"][2]
    resign(record, voter_secrets, election, 4)
    assert failure(record) == {"check": "ballot proof", "object": "ballot 5",
                               "message": "0/1 proof for question 2 choice 3 does not verify"}


def test_answer_copied_from_another_voter_is_rejected(record, voter_secrets, election):
    # The proofs name the first voter's credential, so they fail for the second.
    record["ballots"][3]["answers"][0] = record["ballots"][0]["answers"][0]
    resign(record, voter_secrets, election, 3)
    f = failure(record)
    assert (f["check"], f["object"]) == ("ballot proof", "ballot 4")


def test_ballot_with_unknown_credential_is_rejected(record, election):
    stuffed, _ = ballots.build_ballot(election, generate_credential(), [[1, 0, 0], [0, 0, 1]])
    record["ballots"].append(stuffed)
    record["events"].insert(9, {"type": "ballot", "payload": {}})
    relink(record)
    assert failure(record)["check"] == "unknown credential"
    assert failure(record)["object"] == "ballot 9"


def test_dropped_ballot_is_rejected(record):
    del record["ballots"][3]
    f = failure(record)
    assert (f["check"], f["object"]) == ("ballot list", "event 5")


def test_reordered_events_are_rejected(record):
    events = record["events"]
    events[2], events[3] = events[3], events[2]
    f = failure(record)
    assert (f["check"], f["object"]) == ("event chain", "event 3")


def test_edited_event_is_rejected(record):
    record["events"][4]["payload"]["tracker"] = "0" * 64
    f = failure(record)
    assert (f["check"], f["object"]) == ("event chain", "event 6")


def test_edited_last_event_is_rejected(record):
    record["events"][-1]["payload"]["hash"] = "0" * 64
    assert failure(record)["check"] == "event chain"


def test_wrong_partial_decryption_is_rejected(record, election):
    g = election.group
    partial = record["decryptions"][1]
    partial["factors"]["weight"][1][2]["factor"] = g.encode(g.g_pow(7))
    assert failure(record) == {
        "check": "partial decryption", "object": f"trustee {partial['trustee']}",
        "message": f"trustee {partial['trustee']}: decryption proof for weight tally question 2 choice 3 does not verify",
    }


def test_changed_result_is_rejected(record):
    counts = record["result"]["tallies"]["headcount"][0]
    counts[0] = str(int(counts[0]) + 1)
    assert failure(record) == {"check": "result", "object": "result",
                               "message": "headcount count for question 1 choice 1 is not the decrypted tally"}


def test_changed_weighted_result_is_rejected(record):
    cell = record["result"]["tallies"]["weight"][1]
    cell[2] = str(int(cell[2]) + 100)
    assert failure(record) == {"check": "result", "object": "result",
                               "message": "weight count for question 2 choice 3 is not the decrypted tally"}


def test_tampered_tally_is_rejected(record, election):
    g = election.group
    fake, _ = elgamal.encrypt(g, election.public_key, 3)
    record["tally"]["headcount"][0][1] = elgamal.encode(g, fake)
    relink(record)
    f = failure(record)
    assert (f["check"], f["object"]) == ("encrypted tally", "headcount tally question 1 choice 2")


def test_counting_an_earlier_ballot_of_a_revoter_is_rejected(record):
    # Move the revote before the ballot it replaced: the tally no longer matches.
    creds = [b["credential"] for b in record["ballots"]]
    later = next(i for i, c in enumerate(creds) if creds.index(c) != i)
    first = creds.index(creds[later])
    record["ballots"][first], record["ballots"][later] = record["ballots"][later], record["ballots"][first]
    relink(record)
    assert failure(record)["check"] == "encrypted tally"


def test_swapped_trustee_key_is_rejected(record, election):
    g = election.group
    forged_key = g.encode(g.g_pow(424242))
    record["trustees"]["public_key"] = forged_key
    record["election"]["public_key"] = forged_key
    record["election"]["trustees_fingerprint"] = object_hash(record["trustees"])
    assert failure(record) == {"check": "joint key", "object": "election",
                               "message": "the election key is not the product of the trustees' commitments"}


def test_swapped_trustee_commitment_is_rejected(record, election):
    g = election.group
    record["trustees"]["trustees"][1]["commitments"][0] = g.encode(g.g_pow(99))
    record["election"]["trustees_fingerprint"] = object_hash(record["trustees"])
    assert failure(record)["check"] == "trustee proof"
    assert failure(record)["object"] == "trustee 2"


def test_changed_trustees_file_is_rejected(record):
    record["trustees"]["complaints"].append({"accuser": 1, "dealer": 2, "reason": "made up"})
    assert failure(record)["check"] == "trustees fingerprint"


def test_invalid_point_in_a_ballot_is_rejected(record, voter_secrets, election):
    g = election.group
    choice = record["ballots"][6]["answers"][1]["choices"][0]
    choice["beta"] = g.encode(g.mul(g.decode(choice["beta"]), ORDER_TWO))
    resign(record, voter_secrets, election, 6)
    f = failure(record)
    assert (f["check"], f["object"]) == ("element validity", "ballot 7")
    assert f["message"].startswith("question 2 choice 1")


def test_invalid_point_in_the_tally_is_rejected(record, election):
    g = election.group
    record["tally"]["weight"][0][0]["alpha"] = ORDER_TWO.hex()
    assert failure(record)["check"] == "element validity"


def test_added_credential_is_rejected(record, election):
    g = election.group
    record["credentials"].append({"credential": g.encode(g.g_pow(5)), "weight": "1"})
    assert failure(record)["check"] == "credential list fingerprint"


def test_audited_ballot_that_opens_differently_is_rejected(record):
    audited = record["audited"][0]
    audited["plaintexts"][0] = ["1", "1", "1"]
    assert failure(record)["check"] == "audited ballot"


@pytest.mark.parametrize("field, opening", [
    ("randomness", []), ("randomness", ""), ("plaintexts", []), ("plaintexts", {}),
    ("randomness", "first question only"), ("plaintexts", "first question only"), ("plaintexts", "as numbers"),
])
def test_audited_ballot_without_its_whole_opening_is_rejected(record, field, opening):
    """A published audited ballot proves nothing unless every choice is opened, in the record's format."""
    audited = record["audited"][0]
    if opening == "first question only":
        opening = audited[field][:1]
    elif opening == "as numbers":
        opening = [[int(m) for m in row] for row in audited[field]]
    audited[field] = opening
    assert failure(record)["check"] == "audited ballot"


def test_parallel_verification_agrees_with_serial():
    record, _ = demo_election(ballots=120, questions=1, choices=2, trustees_count=2, threshold=2,
                              audited=0, seed=3, workers=1)
    parallel = verify_record(record, workers=2)
    assert parallel.ok and parallel.summary["result"] == verify_record(record, workers=1).summary["result"]
    record["ballots"][100]["credential"] = record["ballots"][0]["credential"]
    assert verify_record(record, workers=2).failure["object"] == "ballot 101"


@pytest.mark.parametrize("group_name", ["BELENIOS-2048", "Ristretto255"])
def test_election_in_another_group_verifies(group_name):
    try:
        get_group(group_name)
    except InvalidElement:
        pytest.skip(f"{group_name} is not available here")
    record, _ = demo_election(ballots=3, questions=1, choices=2, trustees_count=2, threshold=2,
                              weights="area", audited=1, group_name=group_name, seed=5, workers=1)
    assert verify_record(record, workers=1).ok


def test_impossible_question_rules_are_rejected(record):
    record["election"]["questions"][0]["max"] = 5
    f = failure(record)
    assert (f["check"], f["object"]) == ("election parameters", "election")


def test_record_not_ending_in_the_published_head_is_rejected(record):
    head = verify_record(record, workers=1).summary["event_head"]
    assert verify_record(record, workers=1, head=head).ok
    f = verify_record(record, workers=1, head="0" * 64).failure
    assert (f["check"], f["object"]) == ("event chain", "event chain head")
