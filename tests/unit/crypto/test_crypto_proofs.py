"""Property tests of ElGamal and the proofs: honest ones verify, others fail."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deliberation.crypto import elgamal, proofs
from deliberation.crypto.group import get_group

G = get_group("Ed25519")
SECRET = G.random_scalar()
KEY = G.g_pow(SECRET)
FAST = settings(max_examples=25, deadline=None)

scalars = st.integers(min_value=1, max_value=G.order - 1)


@FAST
@given(m=st.integers(min_value=0, max_value=2000), r=scalars)
def test_decryption_recovers_the_plaintext(m, r):
    ct, _ = elgamal.encrypt(G, KEY, m, r)
    assert elgamal.discrete_log(G, elgamal.decrypt_to_element(G, SECRET, ct), 2000) == m


@FAST
@given(a=st.integers(0, 500), b=st.integers(0, 500), w=st.integers(1, 50))
def test_ciphertexts_add_and_scale_homomorphically(a, b, w):
    ca, _ = elgamal.encrypt(G, KEY, a)
    cb, _ = elgamal.encrypt(G, KEY, b)
    total = elgamal.scale(G, elgamal.add(G, ca, cb), w)
    assert elgamal.decrypt_to_element(G, SECRET, total) == G.g_pow((a + b) * w)


def test_discrete_log_reaches_ten_million():
    assert elgamal.discrete_log(G, G.g_pow(9_876_543), 10_000_000) == 9_876_543
    assert elgamal.discrete_log(G, G.identity, 10_000_000) == 0
    with pytest.raises(ValueError):
        elgamal.discrete_log(G, G.g_pow(10_001), 10_000)


@FAST
@given(lo=st.integers(0, 3), width=st.integers(0, 3), data=st.data())
def test_interval_proof_verifies_for_its_statement_only(lo, width, data):
    hi = lo + width
    m = data.draw(st.integers(lo, hi))
    ct, r = elgamal.encrypt(G, KEY, m)
    proof = proofs.prove_interval(G, "fp", "cred", KEY, ct, r, m, lo, hi)
    assert proofs.verify_interval(G, "fp", "cred", KEY, ct, lo, hi, proof)
    assert not proofs.verify_interval(G, "other election", "cred", KEY, ct, lo, hi, proof)
    assert not proofs.verify_interval(G, "fp", "another voter", KEY, ct, lo, hi, proof)
    other, _ = elgamal.encrypt(G, KEY, m)
    assert not proofs.verify_interval(G, "fp", "cred", KEY, other, lo, hi, proof)


def test_interval_proof_cannot_be_made_for_a_value_outside_the_range():
    ct, r = elgamal.encrypt(G, KEY, 2)
    # An honest prover has no branch to open; pretending m is 1 gives a bad proof.
    proof = proofs.prove_interval(G, "fp", "cred", KEY, ct, r, 1, 0, 1)
    assert not proofs.verify_interval(G, "fp", "cred", KEY, ct, 0, 1, proof)


@FAST
@given(x=scalars, message=st.text(max_size=40))
def test_signature_binds_message_and_key(x, message):
    public = G.g_pow(x)
    sig = proofs.sign(G, "fp", x, message)
    assert proofs.verify_signature(G, "fp", public, message, sig)
    assert not proofs.verify_signature(G, "fp", public, message + "!", sig)
    assert not proofs.verify_signature(G, "fp", G.g_pow(x + 1), message, sig)


@FAST
@given(x=scalars)
def test_proof_of_knowledge_is_bound_to_its_context(x):
    proof = proofs.prove_knowledge(G, "uuid|trustee 1", x)
    assert proofs.verify_knowledge(G, "uuid|trustee 1", G.g_pow(x), proof)
    assert not proofs.verify_knowledge(G, "uuid|trustee 2", G.g_pow(x), proof)


@FAST
@given(s=scalars, r=scalars)
def test_decryption_proof_verifies_only_the_true_factor(s, r):
    alpha = G.g_pow(r)
    factor, proof = proofs.prove_decryption(G, "fp", s, alpha)
    key = G.g_pow(s)
    assert proofs.verify_decryption(G, "fp", key, alpha, factor, proof)
    assert not proofs.verify_decryption(G, "fp", key, alpha, G.mul(factor, G.generator), proof)


def test_proofs_work_in_the_finite_field_group():
    g = get_group("BELENIOS-2048")
    x = g.random_scalar()
    y = g.g_pow(x)
    ct, r = elgamal.encrypt(g, y, 1)
    proof = proofs.prove_interval(g, "fp", "cred", y, ct, r, 1, 0, 1)
    assert proofs.verify_interval(g, "fp", "cred", y, ct, 0, 1, proof)
    assert not proofs.verify_interval(g, "fp", "cred", y, ct, 1, 2, proof + [proof[0]])
    assert elgamal.discrete_log(g, elgamal.decrypt_to_element(g, x, ct), 5) == 1
