"""Side by side: belenios-tool 2.0 `election verify` and ours on the same Belenios archive.

Run: .venv/bin/python bench/bench_belenios.py [--ballots 200] [--questions 3] [--choices 3] [--runs 3]
The archive (written by our writer, weighted, 5% revotes, Pedersen 2-of-3 plus a server key) is
generated once into /tmp; both verifiers run as separate commands, alternately, and the
median of each is compared.
"""
import argparse
import glob
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time

from deliberation.crypto.belenios.writer import write_demo_archive


def make_archive(folder, ballots, questions, choices):
    found = glob.glob(os.path.join(folder, "*.bel"))
    if found:
        return found[0]
    start = time.perf_counter()
    path, _ = write_demo_archive(folder, ballots=ballots, questions=questions, choices=choices, min_choices=1,
                                 max_choices=2, weights="area", revote_rate=0.05, seed=1)
    print(f"generated {path} in {time.perf_counter() - start:.1f} s")
    return path


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command):
    """Run a command; return (wall seconds, CPU seconds of it and its children), failing loudly."""
    cpu, start = children_cpu(), time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=dict(os.environ, BELENIOS_USE_URANDOM="1"))
    wall = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
    return wall, children_cpu() - cpu


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ballots", type=int, default=200)
    parser.add_argument("--questions", type=int, default=3)
    parser.add_argument("--choices", type=int, default=3)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    tool = shutil.which("belenios-tool")
    if tool is None:
        sys.exit("belenios-tool is not installed (apt-get install belenios-tool)")
    folder = f"/tmp/bench-belenios-{args.ballots}x{args.questions}x{args.choices}"
    path = make_archive(folder, args.ballots, args.questions, args.choices)
    ours_cmd = [os.path.join(os.path.dirname(sys.executable), "deliberation"), "verify", "--format", "belenios",
                "--quiet", path]
    theirs_cmd = [tool, "election", "verify", "--dir", folder]
    theirs, ours = [], []
    for run in range(args.runs):
        theirs.append(timed(theirs_cmd))
        ours.append(timed(ours_cmd))
        print(f"run {run + 1}: belenios-tool {theirs[-1][0]:.2f} s wall {theirs[-1][1]:.2f} s CPU; "
              f"ours {ours[-1][0]:.2f} s wall {ours[-1][1]:.2f} s CPU")
    t_wall, o_wall = statistics.median(w for w, _ in theirs), statistics.median(w for w, _ in ours)
    t_cpu, o_cpu = statistics.median(c for _, c in theirs), statistics.median(c for _, c in ours)
    print(f"median of {args.runs}: belenios-tool {t_wall:.2f} s, ours {o_wall:.2f} s on {os.cpu_count()} cores: "
          f"ours is {t_wall / o_wall:.2f}x faster (CPU {t_cpu:.2f} s vs {o_cpu:.2f} s, {t_cpu / o_cpu:.2f}x less work)")
    print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
