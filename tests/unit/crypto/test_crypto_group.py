"""Known-answer and edge-case tests of the groups."""
import hashlib

import gmpy2
import pytest

from deliberation.crypto.ffgroup import BELENIOS_2048, RFC_3526_2048
from deliberation.crypto.group import L_ED25519, InvalidElement, get_group

BASE = "58" + "66" * 31
# RFC 8032 section 7.1, TEST 1.
RFC8032_SECRET = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
RFC8032_PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
# The point (0, -1) of order 2.
ORDER_TWO = (2**255 - 20).to_bytes(32, "little").hex()


def test_ed25519_generator_is_the_rfc8032_base_point(ed25519):
    assert ed25519.encode(ed25519.g_pow(1)) == BASE
    assert ed25519.encode(ed25519.generator) == BASE


def test_ed25519_public_key_matches_rfc8032_vector(ed25519):
    h = bytearray(hashlib.sha512(bytes.fromhex(RFC8032_SECRET)).digest()[:32])
    h[0] &= 248
    h[31] &= 127
    h[31] |= 64
    a = int.from_bytes(h, "little")
    assert ed25519.encode(ed25519.g_pow(a)) == RFC8032_PUBLIC
    assert ed25519.encode(ed25519.pow(ed25519.generator, a)) == RFC8032_PUBLIC


def test_ed25519_order_minus_one_gives_the_negated_base_point(ed25519):
    negated = ed25519.pow(ed25519.generator, L_ED25519 - 1)
    assert ed25519.encode(negated) == "58" + "66" * 30 + "e6"
    assert ed25519.mul(negated, ed25519.generator) == ed25519.identity


def test_ed25519_identity_is_handled_where_libsodium_refuses_it(ed25519):
    g, one = ed25519.generator, ed25519.identity
    assert ed25519.g_pow(0) == one
    assert ed25519.pow(g, 0) == one
    assert ed25519.pow(g, L_ED25519) == one
    assert ed25519.pow(one, 12345) == one
    assert ed25519.mul(one, g) == g
    assert ed25519.div(g, g) == one
    assert ed25519.decode(ed25519.encode(one)) == one


@pytest.mark.parametrize("encoding", [
    ORDER_TWO,
    "01" + "00" * 30 + "80",  # the identity with its sign bit set: x = 0 cannot be negative
    "ed" + "ff" * 30 + "7f",  # y = p: non-canonical
    "00" * 32,  # a point of order 4
    "zz" * 32,
    "58" + "66" * 30,  # too short
    RFC8032_PUBLIC.upper(),
])
def test_ed25519_rejects_small_order_and_malformed_encodings(ed25519, encoding):
    with pytest.raises(InvalidElement):
        ed25519.decode(encoding)


def test_ed25519_rejects_a_point_outside_the_prime_order_subgroup(ed25519):
    mixed = ed25519.mul(ed25519.g_pow(5), bytes.fromhex(ORDER_TWO))
    assert not ed25519.is_valid(mixed)
    with pytest.raises(InvalidElement):
        ed25519.decode(ed25519.encode(mixed))
    with pytest.raises(InvalidElement):
        ed25519.pow(mixed, 3)


def test_scalars_are_canonical_decimal_strings(ed25519):
    assert ed25519.decode_scalar("42") == 42
    for bad in ["042", "-1", "1e3", str(L_ED25519), ""]:
        with pytest.raises(InvalidElement):
            ed25519.decode_scalar(bad)


def test_hash_to_scalar_reduces_sha512_mod_order(ed25519):
    digest = hashlib.sha512(b"tag|a|b").digest()
    assert ed25519.hash_to_scalar("tag", "a", "b") == int.from_bytes(digest, "big") % L_ED25519


@pytest.mark.parametrize("params", [BELENIOS_2048, RFC_3526_2048])
def test_finite_field_parameters_form_a_prime_order_subgroup(params):
    p, q, g = (gmpy2.mpz(params[k]) for k in ("p", "q", "g"))
    assert p.bit_length() == 2048
    assert gmpy2.is_prime(p) and gmpy2.is_prime(q)
    assert (p - 1) % q == 0
    assert gmpy2.powmod(g, q, p) == 1 and g != 1


@pytest.mark.parametrize("name", ["BELENIOS-2048", "RFC-3526-2048"])
def test_finite_field_group_checks_membership(name):
    group = get_group(name)
    x = group.g_pow(group.random_scalar())
    assert group.decode(group.encode(x)) == x
    assert group.decode("1") == group.identity
    for bad in ["0", str(group.p), str(group.p - 1), "007"]:
        with pytest.raises(InvalidElement):
            group.decode(bad)


@pytest.mark.parametrize("name", ["Ed25519", "BELENIOS-2048", "Ristretto255"])
def test_group_laws_hold(name):
    try:
        group = get_group(name)
    except InvalidElement:
        pytest.skip(f"{name} is not available here")
    a, b = group.random_scalar(), group.random_scalar()
    x, y = group.g_pow(a), group.g_pow(b)
    assert group.mul(x, y) == group.g_pow(a + b)
    assert group.div(x, y) == group.g_pow(a - b)
    assert group.pow(x, b) == group.pow(y, a)


def test_ristretto255_multiples_of_the_generator_match_rfc9496():
    try:
        group = get_group("Ristretto255")
    except InvalidElement:
        pytest.skip("the system libsodium is not available")
    expected = [
        "e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76",
        "6a493210f7499cd17fecb510ae0cea23a110e8d5b901f8acadd3095c73a3b919",
        "94741f5d5d52755ece4f23f044ee27d5d1ea1e2bd196b462166b16152a9d0259",
    ]
    assert [group.encode(group.g_pow(k)) for k in (1, 2, 3)] == expected
    with pytest.raises(InvalidElement):
        group.decode("ff" * 32)


def test_scalar_arithmetic_mod_l_matches_libsodium():
    from nacl import bindings

    def enc(k):
        return (k % L_ED25519).to_bytes(32, "little")

    a, b = 2**251 + 12345, L_ED25519 - 7
    assert bindings.crypto_core_ed25519_scalar_add(enc(a), enc(b)) == enc(a + b)
    assert bindings.crypto_core_ed25519_scalar_mul(enc(a), enc(b)) == enc(a * b)
    assert bindings.crypto_core_ed25519_scalar_sub(enc(a), enc(b)) == enc(a - b)
    assert bindings.crypto_core_ed25519_scalar_negate(enc(a)) == enc(-a)
    assert bindings.crypto_core_ed25519_scalar_invert(enc(a)) == enc(pow(a, -1, L_ED25519))
    wide = bytes(range(64))
    assert bindings.crypto_core_ed25519_scalar_reduce(wide) == enc(int.from_bytes(wide, "little"))


def test_scalar_multiplication_matches_pynacl_bindings(ed25519):
    from nacl import bindings

    k = 2**252 + 99
    point = ed25519.g_pow(31337)
    expected = bindings.crypto_scalarmult_ed25519_noclamp(enc_scalar(k), point)
    assert ed25519.pow(point, k) == expected
    assert ed25519.g_pow(k) == bindings.crypto_scalarmult_ed25519_base_noclamp(enc_scalar(k))


def enc_scalar(k):
    return (k % L_ED25519).to_bytes(32, "little")
