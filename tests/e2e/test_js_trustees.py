"""The key ceremony and partial decryptions in JS, checked by the Python verifier."""
import copy
import json
import secrets

import pytest

from deliberation.crypto import ballot as ballots
from deliberation.crypto import credentials as creds
from deliberation.crypto import elgamal, keyfile, tally, trustees
from deliberation.crypto.canonical import object_hash
from deliberation.crypto.checks import check_trustees
from deliberation.crypto.group import get_group
from deliberation.crypto.record import EventLog, write_record
from deliberation.crypto.verify import verify_record

from .js_crypto_helpers import call, election_for, load_library, public_trustees

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def page(browser):
    context = browser.new_context()
    yield load_library(context.new_page())
    context.close()


def js_ceremony(page, group_name, uuid, n=3, threshold=2):
    """Run a whole ceremony with JS trustees; return (certificates, messages, complaints, states)."""
    made = [call(page, "trustee.create", group_name, uuid, i, threshold, f"委员{i}") for i in range(1, n + 1)]
    certificates = [m["certificate"] for m in made]
    messages = [msg for m in made for msg in call(page, "trustee.deal", m["state"], certificates)]
    received = [call(page, "trustee.receive", m["state"], certificates, messages) for m in made]
    complaints = [c for r in received for c in r["complaints"]]
    return certificates, messages, complaints, [r["state"] for r in received]


def decide(page, election, states, tally_json, js_indices):
    """Return partial decryptions: JS for js_indices, Python (from the states) for the rest."""
    encrypted = tally.decode_tally(election, tally_json)
    partials = []
    for state in states:
        if state["index"] in js_indices:
            partials.append(call(page, "trustee.partialDecryption", election.params, tally_json, state["index"], state))
        else:
            share = election.group.decode_scalar(state["share"])
            partials.append(tally.partial_decryption(election, encrypted, state["index"], share))
    return partials


def one_ballot_tally(group, uuid, public, selection):
    """Return (election, encrypted tally) of one Python-built ballot for trustees.json `public`."""
    voters = [creds.generate_credential()]
    election, _ = election_for(group, uuid, public, voters)
    ballot, _ = ballots.build_ballot(election, voters[0], [selection])
    cts = [[elgamal.decode(group, ct) for ct in ballot["answers"][0]["choices"]]]
    return election, tally.compute_tally(election, [(cts, 1)])


def run_election(election, cred_list, ballot_list, partials_for, voters, audited=()):
    """Tally ballots, decrypt with partials_for(tally_json), and return the whole record."""
    g = election.group
    log = EventLog()
    log.append("election", {"fingerprint": election.fingerprint})
    for b in ballot_list:
        log.append("ballot", {"tracker": ballots.tracker(b)})
    for a in audited:
        log.append("audit", {"tracker": ballots.tracker(a["ballot"])})
    log.append("close", {})
    weight_of = creds.parse_credential_list(g, cred_list)
    counted = [([[elgamal.decode(g, ct) for ct in a["choices"]] for a in ballot_list[i]["answers"]],
                weight_of[ballot_list[i]["credential"]]) for i in tally.counted_ballots(ballot_list)]
    encrypted = tally.compute_tally(election, counted)
    tally_json = tally.encode_tally(election, encrypted)
    log.append("tally", {"hash": object_hash(tally_json)})
    partials = partials_for(tally_json)
    for p in partials:
        log.append("decryption", {"trustee": p["trustee"], "hash": object_hash(p)})
    plaintexts = tally.combined_plaintexts(election, encrypted, partials)
    bounds = {"headcount": voters, "weight": sum(weight_of.values())}
    result = {"tallies": tally.decode_result(election, plaintexts, bounds), "counted": str(len(counted))}
    log.append("result", {"hash": object_hash(result)})
    return {"election": election.params, "credentials": cred_list, "ballots": ballot_list, "audited": list(audited),
            "events": log.events, "tally": tally_json, "decryptions": partials, "result": result}


@pytest.mark.parametrize("group_name", ["Ed25519", "Ristretto255", "BELENIOS-2048", "RFC-3526-2048"])
def test_js_ceremony_passes_python_checks_and_decrypts_the_tally(page, tmp_path, group_name):
    group, uuid = get_group(group_name), secrets.token_hex(8)
    certificates, messages, complaints, states = js_ceremony(page, group_name, uuid)
    assert complaints == []
    public = public_trustees(group, certificates, messages, complaints)
    voters = [creds.generate_credential() for _ in range(3)]
    election, cred_list = election_for(group, uuid, public, voters, weights=[8800, 12000, 9550])
    keys = check_trustees(election, public)
    for state in states:
        assert call(page, "trustee.verificationKey", state) == group.encode(keys[state["index"]])
    cast = [call(page, "encryptBallot", election.params, c, [sel])["ballot"]
            for c, sel in zip(voters, ([1, 0], [1, 0], [0, 1]))]
    challenged = call(page, "encryptBallot", election.params, voters[2], [[1, 0]])
    audited = [call(page, "auditRecord", election.params, challenged["ballot"], challenged["randomness"], [[1, 0]])]
    record = run_election(election, cred_list, cast, lambda t: decide(page, election, states[1:], t, {2, 3}), 3,
                          audited)
    record["trustees"] = public
    assert record["result"]["tallies"] == {"headcount": [["2", "1"]], "weight": [["20800", "9550"]]}
    write_record(record, tmp_path / "record.zip")
    report = verify_record(str(tmp_path / "record.zip"), workers=1)
    assert report.ok, report.failure
    assert {"check": "audited ballots", "count": 1} in report.checks


def test_mixed_ceremony_two_python_trustees_and_one_js(page, tmp_path):
    group, uuid = get_group("Ed25519"), secrets.token_hex(8)
    council = [trustees.Trustee(group, uuid, i, 2) for i in (1, 2)]
    made = call(page, "trustee.create", "Ed25519", uuid, 3, 2, "王阿姨")
    certificates = [t.certificate() for t in council] + [made["certificate"]]
    messages = [m for t in council for m in t.deal(certificates)]
    messages += call(page, "trustee.deal", made["state"], certificates)
    complaints = [c for t in council for c in t.receive(certificates, messages)]
    js = call(page, "trustee.receive", made["state"], certificates, messages)
    assert complaints == [] and js["complaints"] == []
    public = public_trustees(group, certificates, messages, [])
    for t in council:
        t.finish(public["qualified"])
    voters = [creds.generate_credential() for _ in range(2)]
    election, cred_list = election_for(group, uuid, public, voters)
    check_trustees(election, public)
    cast = [ballots.build_ballot(election, c, [sel])[0] for c, sel in zip(voters, ([0, 1], [0, 1]))]
    states = [council[0].secret_material(), js["state"]]
    record = run_election(election, cred_list, cast, lambda t: decide(page, election, states, t, {3}), 2)
    record["trustees"] = public
    assert record["result"]["tallies"]["headcount"] == [["0", "2"]]
    write_record(record, tmp_path / "record")
    assert verify_record(str(tmp_path / "record"), workers=1).ok


def test_share_with_tampered_ciphertext_draws_a_complaint_in_js(page):
    group, uuid = get_group("Ed25519"), secrets.token_hex(8)
    dealer = trustees.Trustee(group, uuid, 1, 2)
    made = call(page, "trustee.create", "Ed25519", uuid, 2, 2, "")
    certificates = [dealer.certificate(), made["certificate"]]
    honest = dealer.deal(certificates)
    forged = copy.deepcopy(honest)
    forged[0]["ciphertext"] = ("0" if forged[0]["ciphertext"][0] != "0" else "1") + forged[0]["ciphertext"][1:]
    out = call(page, "trustee.receive", made["state"], certificates, forged)
    assert out["complaints"] == [{"accuser": 2, "dealer": 1, "reason": "bad signature on share message"}]
    assert call(page, "trustee.receive", made["state"], certificates, honest)["complaints"] == []


def test_share_off_the_commitments_draws_a_complaint_in_js(page):
    group, uuid = get_group("Ed25519"), secrets.token_hex(8)
    dealer = trustees.Trustee(group, uuid, 1, 2)
    made = call(page, "trustee.create", "Ed25519", uuid, 2, 2, "")
    certificates = [dealer.certificate(), made["certificate"]]
    cheat = trustees.seal_share(dealer, made["certificate"], dealer.evaluate(2) + 1)
    out = call(page, "trustee.receive", made["state"], certificates, [cheat])
    assert out["complaints"] == [
        {"accuser": 2, "dealer": 1, "reason": "share from trustee 1 does not match its commitments"}
    ]


def test_python_trustee_complains_about_a_js_share_with_a_forged_signature(page):
    group, uuid = get_group("Ed25519"), secrets.token_hex(8)
    made = call(page, "trustee.create", "Ed25519", uuid, 1, 2, "")
    recipient = trustees.Trustee(group, uuid, 2, 2)
    certificates = [made["certificate"], recipient.certificate()]
    [msg] = call(page, "trustee.deal", made["state"], certificates)
    assert recipient.receive(certificates, [msg]) == []
    msg["signature"] = msg["signature"][:-2] + ("00" if msg["signature"][-2:] != "00" else "01")
    assert recipient.receive(certificates, [msg])[0]["reason"] == "bad signature on share message"


def test_keyfile_sealed_in_js_opens_in_python(page):
    made = call(page, "trustee.create", "Ed25519", secrets.token_hex(8), 1, 2, "")
    sealed = call(page, "keyfile.seal", made["state"], "芝麻开门 open sesame", {"n": 2**10})
    assert keyfile.unseal(json.loads(sealed), "芝麻开门 open sesame") == made["state"]
    with pytest.raises(keyfile.WrongPassphrase):
        keyfile.unseal(json.loads(sealed), "open sesame")


def test_keyfile_sealed_in_python_opens_in_js_and_decrypts(page, tmp_path):
    group = get_group("Ed25519")
    council, public = trustees.run_ceremony(group, secrets.token_hex(8), 3, 2)
    path = tmp_path / "trustee-2.key"
    keyfile.save(path, council[1].secret_material(), "长城 great wall", n=2**10)
    text = path.read_text()
    state = call(page, "keyfile.unseal", text, "长城 great wall")
    assert state == council[1].secret_material()
    refused = page.evaluate("async (t) => { try { await BallotCrypto.keyfile.unseal(t, 'wrong'); return 'opened'; }"
                            " catch (e) { return e.name; } }", text)
    assert refused == "WrongPassphrase"
    election, encrypted = one_ballot_tally(group, council[0].uuid, public, [1, 0])
    partial = call(page, "trustee.partialDecryption", election.params, tally.encode_tally(election, encrypted), 2, state)
    key = group.decode(public["trustees"][1]["verification_key"])
    tally.check_partial_decryption(election, encrypted, partial, key)


def test_js_partial_decryption_fails_against_another_trustees_key(page):
    group = get_group("Ed25519")
    council, public = trustees.run_ceremony(group, secrets.token_hex(8), 3, 2)
    election, encrypted = one_ballot_tally(group, council[0].uuid, public, [0, 1])
    state = council[2].secret_material()
    partial = call(page, "trustee.partialDecryption", election.params, tally.encode_tally(election, encrypted), 3, state)
    key_of_trustee_1 = group.decode(public["trustees"][0]["verification_key"])
    with pytest.raises(tally.TallyError, match="trustee 3: decryption proof for headcount tally question 1 choice 1"):
        tally.check_partial_decryption(election, encrypted, partial, key_of_trustee_1)


def test_missing_share_draws_a_complaint_in_js(page):
    uuid = secrets.token_hex(8)
    made = [call(page, "trustee.create", "Ed25519", uuid, i, 2, "") for i in (1, 2)]
    certificates = [m["certificate"] for m in made]
    out = call(page, "trustee.receive", made[1]["state"], certificates, [])
    assert out["complaints"] == [{"accuser": 2, "dealer": 1, "reason": "no share received from trustee 1"}]


def test_dealer_disqualified_by_another_trustee_is_left_out_by_finish(page):
    group, uuid = get_group("Ed25519"), secrets.token_hex(8)
    cheat = trustees.Trustee(group, uuid, 1, 2)
    made = [call(page, "trustee.create", "Ed25519", uuid, i, 2, "") for i in (2, 3)]
    certificates = [cheat.certificate()] + [m["certificate"] for m in made]
    messages = [trustees.seal_share(cheat, certificates[1], cheat.evaluate(2)),
                trustees.seal_share(cheat, certificates[2], cheat.evaluate(3) + 1)]
    messages += [msg for m in made for msg in call(page, "trustee.deal", m["state"], certificates)]
    honest, accuser = (call(page, "trustee.receive", m["state"], certificates, messages) for m in made)
    assert honest["complaints"] == [] and [c["dealer"] for c in accuser["complaints"]] == [1]
    public = public_trustees(group, certificates, messages, accuser["complaints"])
    assert public["qualified"] == [2, 3]
    election, _ = election_for(group, uuid, public, [creds.generate_credential()])
    keys = check_trustees(election, public)
    assert call(page, "trustee.verificationKey", honest["state"]) != group.encode(keys[2])
    finished = call(page, "trustee.finish", honest["state"], public["qualified"])
    assert call(page, "trustee.verificationKey", finished) == group.encode(keys[2])
    assert call(page, "trustee.verificationKey", accuser["state"]) == group.encode(keys[3])
