"""The verifier's checks on everything but individual ballots.

Each check raises VerificationError naming itself and the object concerned.
"""
from deliberation.crypto import ballot as ballots_mod
from deliberation.crypto import proofs, tally, trustees
from deliberation.crypto.canonical import object_hash
from deliberation.crypto.credentials import (
    CredentialEventError,
    credential_list_fingerprint,
    parse_credential_list,
    replay,
)
from deliberation.crypto.group import InvalidElement
from deliberation.crypto.record import chain_head


class VerificationError(Exception):
    """A check failed; `check` names it and `obj` the object concerned."""

    def __init__(self, check, obj, message):
        super().__init__(f"{obj}: {message}")
        self.check, self.obj, self.message = check, obj, message


def check_credentials(election, items):
    """Check the public credential list and return {credential: weight}."""
    if credential_list_fingerprint(items) != election.params["credentials_fingerprint"]:
        raise VerificationError("credential list fingerprint", "credentials",
                                "the list does not hash to the fingerprint in the election")
    try:
        return parse_credential_list(election.group, items)
    except (InvalidElement, ValueError, KeyError) as exc:
        raise VerificationError("element validity", "credentials", str(exc)) from None


def check_credential_events(election, events, frozen):
    """Replay the chain's revocations and reissues on the frozen list; return the Roster."""
    try:
        return replay(election.group, frozen, events)
    except CredentialEventError as exc:
        raise VerificationError(exc.check, f"event {exc.seq}", exc.message) from None


def check_ballot_credentials(record, roster):
    """Check each ballot's credential was in force where its ballot event stands in the chain."""
    ballots = iter(enumerate(record["ballots"], 1))
    for event in record["events"]:
        if event["type"] == "ballot":
            i, ballot = next(ballots)
            problem = roster.problem(ballot["credential"], event["seq"])
            if problem:
                raise VerificationError(problem[0], f"ballot {i}", f"{problem[1]} (ballot event {event['seq']})")


def _check_trustee(group, uuid, threshold, cert):
    obj = f"trustee {cert['index']}"
    try:
        commitments = [group.decode(c) for c in cert["commitments"]]
    except InvalidElement as exc:
        raise VerificationError("element validity", obj, str(exc)) from None
    if len(commitments) != threshold or commitments[0] == group.identity:
        raise VerificationError("trustee commitments", obj, f"needs {threshold} commitments, the first not trivial")
    pok = proofs.decode_proof(group, cert["proof"])
    if not proofs.verify_knowledge(group, f"{uuid}|trustee {cert['index']}", commitments[0], pok):
        raise VerificationError("trustee proof", obj, "proof of knowledge of the secret does not verify")


def check_trustees(election, public):
    """Check trustees' proofs, shares' signatures, verification keys and the joint key."""
    g = election.group
    if object_hash(public) != election.params["trustees_fingerprint"]:
        raise VerificationError("trustees fingerprint", "trustees",
                                "trustees.json does not hash to the fingerprint in the election")
    certs = {c["index"]: c for c in public["trustees"]}
    threshold = public["threshold"]
    for cert in public["trustees"]:
        _check_trustee(g, election.uuid, threshold, cert)
    for msg in public["shares"]:
        if not trustees.verify_share_signature(certs[msg["dealer"]], msg):
            raise VerificationError("share signature", f"trustee {msg['dealer']}",
                                    f"share for trustee {msg['recipient']} is not signed by its dealer")
    qualified = trustees.qualified_dealers(g, public["trustees"], public["complaints"])
    if public["qualified"] != qualified or len(qualified) < threshold:
        raise VerificationError("trustee commitments", "trustees", "qualified set does not follow from complaints")
    keys = {}
    for j, cert in certs.items():
        keys[j] = trustees.verification_key(g, public["trustees"], qualified, j)
        if cert.get("verification_key") != g.encode(keys[j]):
            raise VerificationError("trustee commitments", f"trustee {j}",
                                    "verification key does not follow from the commitments")
    joint = trustees.joint_public_key(g, public["trustees"], qualified)
    if g.encode(joint) != public["public_key"] or joint != election.public_key:
        raise VerificationError("joint key", "election",
                                "the election key is not the product of the trustees' commitments")
    return keys


def check_events(record, trackers):
    """Check the hash chain and that it lists exactly the record's ballots, in order."""
    events = record["events"]
    try:
        head = chain_head(events)
    except ValueError as exc:
        obj, message = str(exc).split(": ", 1)
        raise VerificationError("event chain", obj, message) from None
    if not events or events[0]["type"] != "election" or events[0]["payload"] != {
        "fingerprint": object_hash(record["election"])
    }:
        raise VerificationError("event chain", "event 1", "does not open the election of this record")
    logged = [e for e in events if e["type"] == "ballot"]
    for pos, e in enumerate(logged):
        tracker = e["payload"]["tracker"]
        if pos >= len(trackers) or trackers[pos] != tracker:
            raise VerificationError("ballot list", f"event {e['seq']}",
                                    f"ballot {tracker[:16]}... is not ballot {pos + 1} of the record")
    if len(logged) != len(trackers):
        raise VerificationError("ballot list", f"ballot {len(logged) + 1}", "ballot is not in the event log")
    audits = [e["payload"]["tracker"] for e in events if e["type"] == "audit"]
    if audits != [ballots_mod.tracker(a["ballot"]) for a in record["audited"]]:
        raise VerificationError("event chain", "audit events", "do not match the audited ballots")
    return head


def check_event_anchors(record):
    """Check the tally, decryption and result events hash what the record holds."""
    expected = {
        "tally": [{"hash": object_hash(record["tally"])}],
        "decryption": [{"trustee": p["trustee"], "hash": object_hash(p)} for p in record["decryptions"]],
        "result": [{"hash": object_hash(record["result"])}],
    }
    for kind, payloads in expected.items():
        if [e["payload"] for e in record["events"] if e["type"] == kind] != payloads:
            raise VerificationError("event chain", f"{kind} event", f"does not match the {kind} in the record")


def check_audited(election, record, trackers):
    """Check each audited ballot opens as claimed and was never cast."""
    cast = set(trackers)
    for i, audited in enumerate(record["audited"], 1):
        try:
            ballots_mod.check_audited_ballot(election, audited)
        except (ballots_mod.BallotError, InvalidElement, KeyError, ValueError) as exc:
            raise VerificationError("audited ballot", f"audited ballot {i}", str(exc)) from None
        if ballots_mod.tracker(audited["ballot"]) in cast:
            raise VerificationError("audited ballot", f"audited ballot {i}", "an audited ballot was also cast")


def check_tally(election, record, computed):
    """Check the published encrypted tally equals the one recomputed from ballots."""
    try:
        published = tally.decode_tally(election, record["tally"])
    except (InvalidElement, KeyError) as exc:
        raise VerificationError("element validity", "tally", str(exc)) from None
    for kind in election.tallies:
        for qi, (row, mine) in enumerate(zip(published[kind], computed[kind]), 1):
            for ci, (a, b) in enumerate(zip(row, mine), 1):
                if a != b:
                    raise VerificationError("encrypted tally", f"{kind} tally question {qi} choice {ci}",
                                            "is not the weighted product of the counted ballots")
    return published


def check_decryptions(election, record, encrypted, keys):
    """Check each partial decryption's proofs against the trustee's verification key."""
    partials = record["decryptions"]
    indices = [p["trustee"] for p in partials]
    if len(set(indices)) != len(indices) or len(indices) < record["trustees"]["threshold"]:
        raise VerificationError("partial decryption", "decryptions", "needs distinct trustees, at least threshold")
    for p in partials:
        if p["trustee"] not in keys or p["trustee"] not in record["trustees"]["qualified"]:
            raise VerificationError("partial decryption", f"trustee {p['trustee']}", "is not a qualified trustee")
        try:
            tally.check_partial_decryption(election, encrypted, p, keys[p["trustee"]])
        except (tally.TallyError, InvalidElement, KeyError) as exc:
            raise VerificationError("partial decryption", f"trustee {p['trustee']}", str(exc)) from None


def check_result(election, record, encrypted, counted, bounds):
    """Check the result decrypts the tally, counts the right number of ballots and stays in bounds.

    `bounds[kind]` is what a count can reach: the counted ballots (headcount) or their total weight.
    """
    if record["result"].get("counted") != str(counted):
        raise VerificationError("last ballot per credential", "result",
                                f"claims {record['result'].get('counted')} counted ballots, not {counted}")
    plaintexts = tally.combined_plaintexts(election, encrypted, record["decryptions"])
    try:
        tally.check_result(election, plaintexts, record["result"])
    except (tally.TallyError, KeyError, AttributeError) as exc:
        raise VerificationError("result", "result", str(exc)) from None
    for kind in election.tallies:
        for qi, row in enumerate(record["result"]["tallies"][kind], 1):
            for ci, count in enumerate(row, 1):
                # g^(n + q) = g^n: without this bound a count could be off by the group order.
                if int(count) > bounds[kind]:
                    raise VerificationError("result", "result", f"{kind} count for question {qi} choice {ci} "
                                            f"exceeds {bounds[kind]}, the most the counted ballots can give")
