"""Time group operations and one selection's encrypt+prove and verify, per group.

Run: .venv/bin/python bench/bench_crypto_primitives.py
"""
import time

from deliberation.crypto import elgamal, proofs
from deliberation.crypto.group import InvalidElement, get_group


def per_call(fn, n, repeats=5):
    """Return the best of `repeats` mean CPU times per call, in microseconds.

    The best run is the least disturbed by other jobs on a shared machine.
    """
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        for _ in range(n):
            fn()
        best = min(best, (time.process_time() - start) / n)
    return best * 1e6


def bench_group(name, n):
    g = get_group(name)
    x = g.g_pow(g.random_scalar())
    k = g.random_scalar()
    enc = g.encode(x)
    y = g.g_pow(g.random_scalar())
    ct, r = elgamal.encrypt(g, y, 1)
    proof = proofs.prove_interval(g, "fp", "cred", y, ct, r, 1, 0, 1)
    powers = [g.identity, g.generator]

    def encrypt_and_prove():
        c, s = elgamal.encrypt(g, y, 1)
        proofs.prove_interval(g, "fp", "cred", y, c, s, 1, 0, 1)

    figures = {
        "pow (variable base)": per_call(lambda: g.pow(x, k), n),
        "g_pow (fixed base)": per_call(lambda: g.g_pow(k), n),
        "mul (group operation)": per_call(lambda: g.mul(x, y), n),
        "decode + validity check": per_call(lambda: g.decode(enc), n),
        "encrypt + prove one selection": per_call(encrypt_and_prove, max(1, n // 10)),
        "verify one selection (0/1 proof)": per_call(
            lambda: proofs.verify_interval(g, "fp", "cred", y, ct, 0, 1, proof, powers), max(1, n // 10)),
    }
    print(f"{name}")
    for label, us in figures.items():
        print(f"  {label:36s} {us:10.1f} us")
    verify_us = figures["verify one selection (0/1 proof)"]
    print(f"  {'=> selections verified per core':36s} {1e6 / verify_us:10.0f} /s")


def main():
    for name, n in [("Ed25519", 500), ("Ristretto255", 500), ("BELENIOS-2048", 40)]:
        try:
            bench_group(name, n)
        except InvalidElement as exc:
            print(f"{name}: skipped ({exc})")


if __name__ == "__main__":
    main()
