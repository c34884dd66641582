"""Exponential ElGamal: encryption of small integers, homomorphic sums."""
import math
from typing import NamedTuple


class Ciphertext(NamedTuple):
    """An ElGamal pair (alpha, beta) = (g^r, y^r g^m)."""

    alpha: object
    beta: object


def encrypt(group, public_key, m, r=None):
    """Encrypt the integer m under public_key; return (ciphertext, r)."""
    if r is None:
        r = group.random_scalar()
    alpha = group.g_pow(r)
    beta = group.mul(group.pow(public_key, r), group.g_pow(m))
    return Ciphertext(alpha, beta), r


def add(group, a, b):
    """Return an encryption of the sum of the plaintexts of a and b."""
    return Ciphertext(group.mul(a.alpha, b.alpha), group.mul(a.beta, b.beta))


def scale(group, c, k):
    """Return an encryption of k times the plaintext of c."""
    if k == 1:
        return c
    return Ciphertext(group.pow(c.alpha, k), group.pow(c.beta, k))


def zero(group):
    """Return the trivial encryption of 0, the neutral element for `add`."""
    return Ciphertext(group.identity, group.identity)


def encode(group, c):
    """Return the JSON form of a ciphertext."""
    return {"alpha": group.encode(c.alpha), "beta": group.encode(c.beta)}


def decode(group, obj):
    """Parse and check a JSON ciphertext."""
    return Ciphertext(group.decode(obj["alpha"]), group.decode(obj["beta"]))


def decrypt_to_element(group, secret_key, c):
    """Return g^m for a ciphertext, given the whole secret key."""
    return group.div(c.beta, group.pow(c.alpha, secret_key))


class DiscreteLog:
    """Baby-step giant-step solver for g^m with 0 <= m <= bound; build once, reuse."""

    def __init__(self, group, bound):
        self.group, self.bound = group, bound
        self.step = max(1, math.isqrt(bound) + 1)
        self.baby = {}
        x = group.identity
        for j in range(self.step):
            self.baby.setdefault(x, j)
            x = group.mul(x, group.generator)
        self.giant = group.g_pow(-self.step)

    def solve(self, target):
        """Return m with g^m == target, or raise ValueError past the bound."""
        y = target
        for i in range(self.bound // self.step + 1):
            j = self.baby.get(y)
            if j is not None and i * self.step + j <= self.bound:
                return i * self.step + j
            y = self.group.mul(y, self.giant)
        raise ValueError(f"discrete log not found below {self.bound}")


def discrete_log(group, target, bound):
    """Find m in [0, bound] with g^m == target by baby-step giant-step."""
    return DiscreteLog(group, bound).solve(target)
