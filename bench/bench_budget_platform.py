"""Time a city-sized cycle through the platform: import a .pb file, tally it as the background job does, export it.

    .venv/bin/python bench/bench_budget_platform.py [FILE.pb] [--rule mes|greedy]

Uses a temporary SQLite database; prints wall-clock seconds for each step, the number of
ballots, the selected projects and whether they equal the rule run directly on the file.
"""
import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from deliberation import create_app  # noqa: E402
from deliberation.budgeting import equal_shares, greedy, parse_pb  # noqa: E402
from deliberation.extensions import db  # noqa: E402

DEFAULT_FILE = Path(__file__).resolve().parents[2] / "shared" / "pabulib" / "Poland_Warszawa_2023_Mokotow.pb"


def timed(label, fn):
    start = time.perf_counter()
    value = fn()
    print(f"{label:<28} {time.perf_counter() - start:8.2f} s")
    return value


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file", nargs="?", default=str(DEFAULT_FILE))
    parser.add_argument("--rule", default="mes", choices=("mes", "greedy"))
    args = parser.parse_args()
    text = Path(args.file).read_text(encoding="utf-8")
    folder = tempfile.mkdtemp()
    os.environ["INSTANCE_PATH"] = folder
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite", "TESTING": True})
    with app.app_context():
        from deliberation.models import Community, User
        from deliberation.services import budget_pabulib, budget_tally

        db.create_all()
        community = Community(name="bench")
        db.session.add(community)
        db.session.flush()
        worker = User(community_id=community.id, name="worker", phone="1", status="verified")
        worker.set_password("password1")
        db.session.add(worker)
        db.session.commit()
        cycle = timed("import .pb", lambda: budget_pabulib.import_pb(community.id, worker, text, args.rule))
        result = timed("tally (job, with progress)", lambda: budget_tally.start_tally(cycle, worker, background=False))
        timed("result page data reload", lambda: db.session.get(type(cycle), cycle.id).result.explanation)
        timed("export .pb", lambda: budget_pabulib.export_pb(cycle))
        instance, profile, _ = parse_pb(text)
        direct = timed("rule on the parsed file", lambda: (
            greedy(instance, profile) if args.rule == "greedy" else equal_shares(instance, profile)))
        print(f"ballots {len(profile)}, selected {len(result.selected)}, "
              f"same set as the rule on the file: {set(result.selected) == set(direct.selected)}")


if __name__ == "__main__":
    main()
