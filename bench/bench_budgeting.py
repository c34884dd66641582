"""Time our Equal Shares (add1 completion, greedy fill) against pabutools on one file.

    .venv/bin/python bench/bench_budgeting.py [FILE.pb] [--skip-reference]

Both sides get the parsed election and run MES + add1 + greedy fill; the script
prints both times, the ratio and whether the selected sets agree.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from deliberation.budgeting import equal_shares, parse_pb

DEFAULT_FILE = Path(__file__).resolve().parents[1] / ".." / "shared" / "pabulib" / (
    "Poland_Warszawa_2023_Mokotow.pb"
)


def time_ours(path: Path) -> tuple[float, set[str]]:
    """Return our run time in seconds (parsing excluded) and the selected ids."""
    instance, profile, _ = parse_pb(path)
    start = time.perf_counter()
    outcome = equal_shares(instance, profile, completion="add1", fill="greedy")
    return time.perf_counter() - start, set(outcome.selected)


def time_reference(path: Path) -> tuple[float, set[str]]:
    """Return pabutools' run time in seconds (parsing excluded) and the selected ids."""
    from pabutools.election import (
        Additive_Cardinal_Sat, ApprovalBallot, ApprovalProfile, Cost_Sat, parse_pabulib,
    )
    from pabutools.rules import (
        exhaustion_by_budget_increase, greedy_utilitarian_welfare, method_of_equal_shares,
    )

    instance, profile = parse_pabulib(str(path))
    if instance.meta["vote_type"] == "ordinal":
        profile = ApprovalProfile([ApprovalBallot(b) for b in profile])
    sat = Additive_Cardinal_Sat if instance.meta["vote_type"] == "cumulative" else Cost_Sat
    start = time.perf_counter()
    outcome = exhaustion_by_budget_increase(
        instance, profile, method_of_equal_shares, {"sat_class": sat},
        budget_step=profile.num_ballots(),
    )
    outcome = greedy_utilitarian_welfare(
        instance, profile, sat_class=sat, initial_budget_allocation=outcome,
    )
    return time.perf_counter() - start, {p.name for p in outcome}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--skip-reference", action="store_true",
                        help="time only our implementation (pabutools takes minutes)")
    args = parser.parse_args()
    ours, selected = time_ours(args.file)
    print(f"file: {args.file.name}")
    print(f"ours:      {ours:8.2f} s  ({len(selected)} projects)")
    if args.skip_reference:
        return
    reference, expected = time_reference(args.file)
    print(f"pabutools: {reference:8.2f} s  ({len(expected)} projects)")
    print(f"ratio:     {reference / ours:8.1f}x faster")
    print(f"same selected set: {selected == expected}")


if __name__ == "__main__":
    main()
