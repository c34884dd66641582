"""The key ceremony, threshold decryption and trustees' key files."""
import itertools

import pytest

from deliberation.crypto import elgamal, keyfile, proofs, trustees
from deliberation.crypto.group import get_group

G = get_group("Ed25519")


@pytest.fixture(scope="module")
def ceremony():
    return trustees.run_ceremony(G, "uuid-1", 4, 3)


def test_ceremony_produces_a_joint_key_with_proofs(ceremony):
    council, public = ceremony
    assert public["qualified"] == [1, 2, 3, 4] and public["complaints"] == []
    assert len(public["shares"]) == 4 * 3
    for cert in public["trustees"]:
        pok = proofs.decode_proof(G, cert["proof"])
        assert proofs.verify_knowledge(G, f"uuid-1|trustee {cert['index']}", G.decode(cert["commitments"][0]), pok)
        assert G.g_pow(council[cert["index"] - 1].share) == G.decode(cert["verification_key"])


def test_any_threshold_of_trustees_decrypts(ceremony):
    council, public = ceremony
    ct, _ = elgamal.encrypt(G, G.decode(public["public_key"]), 7)
    for subset in itertools.combinations(council, 3):
        indices = [t.index for t in subset]
        shared = G.prod(
            G.pow(G.pow(ct.alpha, t.share), trustees.lagrange_coefficient(G, t.index, indices)) for t in subset
        )
        assert G.div(ct.beta, shared) == G.g_pow(7)


def test_fewer_than_threshold_trustees_do_not_decrypt(ceremony):
    council, public = ceremony
    ct, _ = elgamal.encrypt(G, G.decode(public["public_key"]), 7)
    subset = council[:2]
    indices = [t.index for t in subset]
    shared = G.prod(G.pow(G.pow(ct.alpha, t.share), trustees.lagrange_coefficient(G, t.index, indices)) for t in subset)
    assert G.div(ct.beta, shared) != G.g_pow(7)


def test_bad_share_draws_a_complaint_and_disqualifies_the_dealer():
    council = [trustees.Trustee(G, "uuid-2", i, 2) for i in (1, 2, 3)]
    certs = [t.certificate() for t in council]
    messages = [m for t in council for m in t.deal(certs)]
    cheat = council[0]
    forged = trustees.seal_share(cheat, certs[1], cheat.evaluate(2) + 1)
    messages = [forged if (m["dealer"], m["recipient"]) == (1, 2) else m for m in messages]
    complaints = council[1].receive(certs, messages)
    assert complaints == [{"accuser": 2, "dealer": 1, "reason": "share from trustee 1 does not match its commitments"}]
    assert not trustees.resolve_complaint(G, certs[0], complaints[0], cheat.evaluate(2) + 1)
    assert trustees.resolve_complaint(G, certs[0], complaints[0], cheat.evaluate(2))


def test_share_with_a_forged_signature_is_refused():
    council = [trustees.Trustee(G, "uuid-3", i, 2) for i in (1, 2)]
    certs = [t.certificate() for t in council]
    msg = council[0].deal(certs)[0]
    msg["ciphertext"] = msg["ciphertext"][:-2] + ("00" if msg["ciphertext"][-2:] != "00" else "11")
    assert not trustees.verify_share_signature(certs[0], msg)
    assert council[1].receive(certs, [msg])[0]["reason"] == "bad signature on share message"


def test_key_file_opens_with_its_passphrase_only(tmp_path):
    path = tmp_path / "trustee-1.key"
    keyfile.save(path, {"share": "12345"}, "correct horse", n=2**10)
    assert keyfile.load(path, "correct horse") == {"share": "12345"}
    with pytest.raises(keyfile.WrongPassphrase):
        keyfile.load(path, "wrong horse")
    assert (path.stat().st_mode & 0o777) == 0o600


def test_trustee_secret_round_trips_through_a_key_file(tmp_path, ceremony):
    council, _ = ceremony
    path = tmp_path / "t.key"
    keyfile.save(path, council[0].secret_material(), "pass", n=2**10)
    restored = keyfile.load(path, "pass")
    assert int(restored["share"]) == council[0].share


def test_dealer_who_answers_a_false_complaint_stays_qualified(ceremony):
    council, public = ceremony
    certs = public["trustees"]
    false_claim = {"accuser": 2, "dealer": 1, "reason": "lie", "revealed_share": str(council[0].evaluate(2))}
    unanswered = {"accuser": 3, "dealer": 4, "reason": "bad share"}
    assert trustees.qualified_dealers(G, certs, [false_claim, unanswered]) == [1, 2, 3]
