"""Verify a demo-election record of 10,000 ballots x 10 choices on all cores.

Run: .venv/bin/python bench/bench_verify_record.py [--ballots N] [--group NAME] [--workers W]
The record is generated once and kept in /tmp for later runs.
"""
import argparse
import os
import resource
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
    def cpu_seconds():
        own = resource.getrusage(resource.RUSAGE_SELF)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

    wall, cpu = time.perf_counter(), cpu_seconds()
    report = verify_record(path, workers=args.workers, progress=stderr_progress)
    wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
    assert report.ok, report.failure
    selections = report.summary["selections"]
    workers = args.workers or os.cpu_count()
    print(f"{args.group}: verified {report.summary['ballots']} ballots, {selections} selections "
          f"in {wall:.1f} s with {workers} workers: {selections / wall:.0f} selections/s wall clock")
    print(f"  CPU time {cpu:.1f} s: {selections / cpu:.0f} selections per CPU-second, "
          f"{workers * selections / cpu:.0f}/s on {workers} otherwise idle cores; "
          f"load average {os.getloadavg()[0]:.1f} (other jobs share this machine)")


if __name__ == "__main__":
    main()
