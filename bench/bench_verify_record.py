"""Verify a demo-election record of 10,000 ballots x 10 choices on all cores.

Run: .venv/bin/python bench/bench_verify_record.py [--ballots N] [--group NAME] [--workers W]
The record is generated once and kept in /tmp for later runs.
"""
import argparse
import os
import time

from deliberation.crypto.demo import demo_election
from deliberation.crypto.record import write_record
from deliberation.crypto.verify import stderr_progress, verify_record


def make_record(path, ballots, choices, group):
    if os.path.exists(path):
        return
    start = time.perf_counter()
    record, _ = demo_election(ballots=ballots, questions=1, choices=choices, trustees_count=3, threshold=2,
                              group_name=group, seed=1)
    write_record(record, path)
    elapsed = time.perf_counter() - start
    print(f"generated {path} in {elapsed:.1f} s ({ballots * choices / elapsed:.0f} selections encrypted+proved/s)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ballots", type=int, default=10_000)
    parser.add_argument("--choices", type=int, default=10)
    parser.add_argument("--group", default="Ed25519")
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    path = f"/tmp/bench-record-{args.group}-{args.ballots}x{args.choices}.zip"
    make_record(path, args.ballots, args.choices, args.group)
    wall, cpu = time.perf_counter(), time.process_time()
    report = verify_record(path, workers=args.workers, progress=stderr_progress)
    wall = time.perf_counter() - wall
    assert report.ok, report.failure
    selections = report.summary["selections"]
    load = os.getloadavg()[0]
    print(f"{args.group}: verified {report.summary['ballots']} ballots, {selections} selections "
          f"in {wall:.1f} s with {args.workers or os.cpu_count()} workers: {selections / wall:.0f} selections/s "
          f"(load average {load:.1f} at the end)")


if __name__ == "__main__":
    main()
