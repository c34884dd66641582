"""Time the homomorphic tally and threshold decryption of 10,000 ballots.

Run: .venv/bin/python bench/bench_crypto_tally.py [--ballots N] [--choices K]
Ballots are random encryptions (no proofs needed to tally), weighted by floor area.
"""
import argparse
import os
import random
import time
from concurrent.futures import ProcessPoolExecutor

from deliberation.crypto import elgamal, tally, trustees
from deliberation.crypto.election import Election, election_params
from deliberation.crypto.group import get_group


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ballots", type=int, default=10_000)
    parser.add_argument("--choices", type=int, default=10)
    parser.add_argument("--group", default="Ed25519")
    args = parser.parse_args()
    g = get_group(args.group)
    council, public = trustees.run_ceremony(g, "bench", 3, 2)
    key = g.decode(public["public_key"])
    question = {"question": "q", "choices": [str(i) for i in range(args.choices)], "min": 1, "max": 1}
    election = Election(election_params("bench", "bench", g, key, [question], "", "", ("headcount", "weight")))
    rng = random.Random(1)
    ballots, weights = [], []
    for _ in range(args.ballots):
        pick = rng.randrange(args.choices)
        ballots.append([[elgamal.encrypt(g, key, int(i == pick))[0] for i in range(args.choices)]])
        weights.append(rng.randint(3000, 15000))

    start = time.perf_counter()
    with ProcessPoolExecutor() as pool:
        encrypted = tally.compute_tally(election, list(zip(ballots, weights)), pool.map)
    tallied = time.perf_counter()
    partials = [tally.partial_decryption(election, encrypted, t.index, t.share) for t in council[:2]]
    plaintexts = tally.combined_plaintexts(election, encrypted, partials)
    result = tally.decode_result(election, plaintexts, {"headcount": args.ballots, "weight": sum(weights)})
    done = time.perf_counter()
    print(f"{args.group}: {args.ballots} ballots x {args.choices} choices, headcount + area tallies")
    print(f"  homomorphic tally, both kinds, {os.cpu_count()} processes: {tallied - start:6.1f} s")
    print(f"  2 partial decryptions + combine + discrete logs up to {sum(weights)}: {done - tallied:6.1f} s")
    print(f"  total:                            {done - start:6.1f} s")
    assert sum(int(c) for c in result["headcount"][0]) == args.ballots


if __name__ == "__main__":
    main()
