"""The bucket method agrees with raising each element to its weight."""
from hypothesis import given, settings
from hypothesis import strategies as st

from deliberation.crypto.group import get_group
from deliberation.crypto.multiexp import weighted_product

G = get_group("Ed25519")
POINTS = [G.g_pow(k) for k in range(1, 41)]


@settings(max_examples=20, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=2**20), max_size=40))
def test_weighted_product_matches_naive_powers(weights):
    points = POINTS[:len(weights)]
    expected = G.prod(G.pow(x, w) for x, w in zip(points, weights))
    assert weighted_product(G, points, weights) == expected


def test_weighted_product_in_a_finite_field_group():
    g = get_group("BELENIOS-2048")
    points = [g.g_pow(k) for k in (3, 5, 7)]
    assert weighted_product(g, points, [10000, 0, 1]) == g.g_pow(3 * 10000 + 7)
