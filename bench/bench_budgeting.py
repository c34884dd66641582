"""Time our Equal Shares (add1 completion, greedy fill) against pabutools on one file.

    .venv/bin/python bench/bench_budgeting.py [FILE.pb] [--skip-reference]

Both sides get the parsed election and run MES + add1 + greedy fill; the script
prints both times (wall clock and CPU time of this process; the CPU time is less
disturbed by other jobs on the machine), the ratios and whether the selected sets
agree. On cumulative files pabutools' fill ranks by points per cost, so the sets may
differ there by the fill alone.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from deliberation.budgeting import equal_shares, parse_pb

DEFAULT_FILE = Path(__file__).resolve().parents[1] / ".." / "shared" / "pabulib" / (
    "Poland_Warszawa_2023_Mokotow.pb"
)


class Timer:
    """Measure wall-clock and CPU time of a block."""

    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu


def time_ours(path: Path) -> tuple[Timer, set[str]]:
    """Return our run time (parsing excluded) and the selected ids."""
    instance, profile, _ = parse_pb(path)
    with Timer() as timer:
        outcome = equal_shares(instance, profile, completion="add1", fill="greedy")
    return timer, set(outcome.selected)


def time_reference(path: Path) -> tuple[Timer, set[str]]:
    """Return pabutools' run time (parsing excluded) and the selected ids."""
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
    with Timer() as timer:
        outcome = exhaustion_by_budget_increase(
            instance, profile, method_of_equal_shares, {"sat_class": sat},
            budget_step=profile.num_ballots(),
        )
        outcome = greedy_utilitarian_welfare(
            instance, profile, sat_class=sat, initial_budget_allocation=outcome,
        )
    return timer, {p.name for p in outcome}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--skip-reference", action="store_true",
                        help="time only our implementation (pabutools takes minutes)")
    args = parser.parse_args()
    ours, selected = time_ours(args.file)
    print(f"file: {args.file.name}  (load average {os.getloadavg()[0]:.1f})")
    print(f"ours:      wall {ours.wall:8.2f} s  cpu {ours.cpu:8.2f} s  ({len(selected)} projects)",
          flush=True)
    if args.skip_reference:
        return
    reference, expected = time_reference(args.file)
    print(f"pabutools: wall {reference.wall:8.2f} s  cpu {reference.cpu:8.2f} s  "
          f"({len(expected)} projects)")
    print(f"ratio:     wall {reference.wall / ours.wall:8.1f}x  cpu {reference.cpu / ours.cpu:8.1f}x")
    print(f"same selected set: {selected == expected}")


if __name__ == "__main__":
    main()
