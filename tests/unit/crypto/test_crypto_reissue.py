"""A credential revoked and reissued after opening: the verifier replays the chain and names each forgery."""
import copy

import pytest

from deliberation.crypto import ballot as ballots
from deliberation.crypto import elgamal, tally
from deliberation.crypto.canonical import object_hash
from deliberation.crypto.credentials import REISSUE, REVOCATION
from deliberation.crypto.demo import demo_election
from deliberation.crypto.election import Election
from deliberation.crypto.record import rebuild_chain
from deliberation.crypto.verify import verify_record


@pytest.fixture(scope="module")
def simulated_with_reissues():
    """Six voters; the first two lose their credential after voting, get a new one and vote again."""
    return demo_election(ballots=8, questions=1, choices=3, trustees_count=3, threshold=2, weights="area",
                         revote_rate=0.25, audited=1, seed=11, workers=1, reissued=2)


@pytest.fixture
def record(simulated_with_reissues):
    return copy.deepcopy(simulated_with_reissues[0])


@pytest.fixture
def council(simulated_with_reissues):
    return simulated_with_reissues[1]["trustees"]


def failure(record):
    report = verify_record(record, workers=1)
    assert not report.ok
    return report.failure


def seq_of(record, kind, nth=0):
    return [e["seq"] for e in record["events"] if e["type"] == kind][nth]


def event(record, kind, nth=0):
    return [e for e in record["events"] if e["type"] == kind][nth]


def relink(record):
    """Make the chain hash what the record holds, as a forging server would."""
    trackers = iter(ballots.tracker(b) for b in record["ballots"])
    partials = iter(record["decryptions"])
    for e in record["events"]:
        if e["type"] == "ballot":
            e["payload"] = {"tracker": next(trackers)}
        elif e["type"] == "decryption":
            p = next(partials)
            e["payload"] = {"trustee": p["trustee"], "hash": object_hash(p)}
        elif e["type"] in ("tally", "result"):
            e["payload"] = {"hash": object_hash(record[e["type"]])}
    record["events"] = rebuild_chain(record["events"])


def move_ballot(record, ballot_index, after_seq):
    """Move one ballot (and its ballot event) to just after event `after_seq`."""
    ballot = record["ballots"].pop(ballot_index)
    moved = [e for e in record["events"] if e["type"] == "ballot"][ballot_index]
    record["events"].remove(moved)
    at = next(i for i, e in enumerate(record["events"]) if e["seq"] == after_seq) + 1
    record["events"].insert(at, moved)
    before = sum(1 for e in record["events"][:at] if e["type"] == "ballot")
    record["ballots"].insert(before, ballot)


def retally(record, council, counted):
    """Publish a tally, decryptions and result for the ballots at `counted`, signed off by the trustees."""
    election = Election(record["election"])
    g = election.group
    weights = {c["credential"]: int(c["weight"]) for c in record["credentials"]}
    weights.update({e["payload"]["credential"]: int(e["payload"]["weight"])
                    for e in record["events"] if e["type"] == REISSUE})
    items = [([[elgamal.decode(g, ct) for ct in a["choices"]] for a in record["ballots"][i]["answers"]],
              weights[record["ballots"][i]["credential"]]) for i in counted]
    encrypted = tally.compute_tally(election, items)
    record["tally"] = tally.encode_tally(election, encrypted)
    deciders = [t for t in council if t.index in {p["trustee"] for p in record["decryptions"]}]
    record["decryptions"] = [tally.partial_decryption(election, encrypted, t.index, t.share) for t in deciders]
    plaintexts = tally.combined_plaintexts(election, encrypted, record["decryptions"])
    bounds = {"headcount": len(counted), "weight": sum(w for _, w in items)}
    record["result"] = {"tallies": tally.decode_result(election, plaintexts, bounds), "counted": str(len(counted))}
    relink(record)


def test_record_with_revocations_and_reissues_verifies(record):
    report = verify_record(record, workers=1)
    assert report.ok, report.failure
    assert (report.summary["revoked"], report.summary["reissued"]) == (2, 2)
    revoked = {e["payload"]["credential"] for e in record["events"] if e["type"] == REVOCATION}
    voters = len(record["credentials"])
    # Every voter's last ballot counts, none of them cast with a revoked credential.
    assert report.summary["counted"] == voters
    assert any(b["credential"] in revoked for b in record["ballots"])


def test_counting_a_revoked_credentials_ballot_is_rejected(record, council):
    # The forger counts the last ballot of every credential, revoked or not, and publishes a matching result.
    retally(record, council, tally.counted_ballots(record["ballots"]))
    f = failure(record)
    assert f["check"] == "encrypted tally"


def test_ballot_cast_after_its_credential_was_revoked_is_rejected(record):
    revoked = event(record, REVOCATION)["payload"]["credential"]
    first = next(i for i, b in enumerate(record["ballots"]) if b["credential"] == revoked)
    move_ballot(record, first, seq_of(record, REISSUE, 1))
    relink(record)
    f = failure(record)
    assert f["check"] == "revoked credential"
    assert f["message"].endswith(f"was revoked at event {seq_of(record, REVOCATION)} "
                                 f"(ballot event {seq_of(record, REISSUE, 1) + 1})")


def test_new_credential_used_before_it_was_issued_is_rejected(record):
    new = event(record, REISSUE)["payload"]["credential"]
    i = next(i for i, b in enumerate(record["ballots"]) if b["credential"] == new)
    move_ballot(record, i, 1)
    relink(record)
    f = failure(record)
    assert (f["check"], f["object"]) == ("unknown credential", "ballot 1")


def test_reissue_with_a_different_weight_is_rejected(record):
    reissue = event(record, REISSUE)
    reissue["payload"]["weight"] = str(int(reissue["payload"]["weight"]) + 500)
    relink(record)
    assert failure(record) == {
        "check": "credential reissue", "object": f"event {reissue['seq']}",
        "message": f"weight {reissue['payload']['weight']!r} is not {int(reissue['payload']['weight']) - 500}, "
                   "the weight of the credential it replaces"}


def test_reissue_replacing_an_unknown_credential_is_rejected(record):
    g = Election(record["election"]).group
    reissue = event(record, REISSUE)
    reissue["payload"]["replaces"] = g.encode(g.g_pow(4242))
    relink(record)
    f = failure(record)
    assert (f["check"], f["object"]) == ("credential reissue", f"event {reissue['seq']}")
    assert "which is not revoked" in f["message"]


def test_reissue_replacing_a_credential_not_revoked_is_rejected(record):
    # A credential still in force cannot be "replaced": the forger would give one voter two credentials.
    revoked = {e["payload"]["credential"] for e in record["events"] if e["type"] == REVOCATION}
    kept = next(c["credential"] for c in record["credentials"] if c["credential"] not in revoked)
    reissue = event(record, REISSUE)
    reissue["payload"]["replaces"] = kept
    relink(record)
    assert failure(record)["check"] == "credential reissue"


def test_two_replacements_of_one_revoked_credential_are_rejected(record):
    first, second = event(record, REISSUE, 0), event(record, REISSUE, 1)
    second["payload"]["replaces"] = first["payload"]["replaces"]
    relink(record)
    f = failure(record)
    assert (f["check"], f["object"]) == ("credential reissue", f"event {second['seq']}")
    assert "already replaced" in f["message"]


def test_reissue_of_a_credential_already_on_the_list_is_rejected(record):
    reissue = event(record, REISSUE)
    reissue["payload"]["credential"] = record["credentials"][-1]["credential"]
    relink(record)
    assert failure(record)["check"] == "credential reissue"


def test_second_revocation_of_a_credential_is_rejected(record):
    first, second = event(record, REVOCATION, 0), event(record, REVOCATION, 1)
    second["payload"]["credential"] = first["payload"]["credential"]
    relink(record)
    f = failure(record)
    assert (f["check"], f["object"]) == ("credential revocation", f"event {second['seq']}")


def test_revocation_of_a_credential_never_on_the_list_is_rejected(record):
    g = Election(record["election"]).group
    revocation = event(record, REVOCATION)
    revocation["payload"]["credential"] = g.encode(g.g_pow(99))
    relink(record)
    assert failure(record)["check"] == "credential revocation"


def test_revocation_after_the_vote_closed_is_rejected(record):
    events = record["events"]
    close = next(i for i, e in enumerate(events) if e["type"] == "close")
    kept = record["credentials"][-1]["credential"]
    events.insert(close + 1, {"type": REVOCATION, "payload": {"credential": kept}})
    relink(record)
    f = failure(record)
    assert (f["check"], f["object"], f["message"]) == (
        "credential revocation", f"event {close + 2}", "comes while the vote is not open")


def test_count_beyond_the_counted_ballots_is_rejected(record):
    # g^(n + q) = g^n: only the bound tells a count off by the group order from the true one.
    order = Election(record["election"]).group.order
    cells = record["result"]["tallies"]["headcount"][0]
    cells[0] = str(int(cells[0]) + order)
    relink(record)
    f = failure(record)
    assert (f["check"], f["object"]) == ("result", "result")
    assert "exceeds" in f["message"]


def test_revocation_never_followed_by_a_new_credential_verifies(record, council):
    # The voter never fetched the new code (a one-time reveal left unused): they simply do not count.
    reissue = event(record, REISSUE, 1)
    new = reissue["payload"]["credential"]
    record["events"].remove(reissue)
    dropped = [i for i, b in enumerate(record["ballots"]) if b["credential"] == new]
    ballot_events = [e for e in record["events"] if e["type"] == "ballot"]
    for i in reversed(dropped):
        del record["ballots"][i]
        record["events"].remove(ballot_events[i])
    revoked = {e["payload"]["credential"] for e in record["events"] if e["type"] == REVOCATION}
    in_force = {c["credential"] for c in record["credentials"]} - revoked
    in_force |= {e["payload"]["credential"] for e in record["events"] if e["type"] == REISSUE}
    retally(record, council, tally.counted_ballots(record["ballots"], in_force))
    report = verify_record(record, workers=1)
    assert report.ok, report.failure
    assert (report.summary["revoked"], report.summary["reissued"]) == (2, 1)
    assert report.summary["counted"] == len(record["credentials"]) - 1
