"""Councils: scheduling a meeting for a large community, a busy decision page, settling due decisions.

Run from the repository root: .venv/bin/python bench/bench_councils.py [--residents N] [--objections M]
(SQLite in a temporary folder, or DATABASE_URL).
"""
import argparse
import os
import statistics
import tempfile
import time as clock
import timeit
from datetime import date, timedelta


def build():
    from deliberation import create_app
    from deliberation.extensions import db

    folder = tempfile.mkdtemp(prefix="bench-councils-")
    os.environ["INSTANCE_PATH"] = folder
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False,
                      "WTF_CSRF_ENABLED": False, "PASSWORD_HASH_METHOD": "scrypt:1024:8:1"})
    with app.app_context():
        db.drop_all()
        db.create_all()
    return app, url


def seed(app, residents):
    """One community, residents in households, a nine-member council; return the council's id."""
    from deliberation.extensions import db
    from deliberation.models import Building, Community, Council, CouncilMember, Household, User

    with app.app_context():
        community = Community(name="测试社区")
        building = Building(name="1号楼", community=community)
        db.session.add_all([community, building])
        db.session.flush()
        people = []
        for n in range(residents):
            household = Household(building=building, unit="1", room=str(10000 + n), floor_area=9000,
                                  owner_name="业主")
            person = User(community_id=community.id, name=f"居民{n}", phone=f"139{n:08d}", status="verified",
                          household=household, password_hash="x")
            people.append(person)
        db.session.add_all(people)
        council = Council(community_id=community.id, name="居民议事会")
        council.members = [CouncilMember(user=p, role=("chair", "secretary")[i] if i < 2 else "member",
                                         term_start=date(2025, 1, 1)) for i, p in enumerate(people[:9])]
        db.session.add(council)
        people[1].set_password("password1")
        db.session.commit()
        return council.id, people[1].phone


def timed(fn):
    start = clock.perf_counter()
    result = fn()
    return result, clock.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--residents", type=int, default=2000)
    parser.add_argument("--objections", type=int, default=300)
    parser.add_argument("--due", type=int, default=20)
    args = parser.parse_args()

    from deliberation.domain.roll_call import outcome

    per_call = min(timeit.repeat(lambda: outcome("two_thirds_present", 9, ["yes"] * 5 + ["no", "recused"]),
                                 number=10000, repeat=5)) / 10000
    print(f"roll-call outcome (domain): {per_call * 1e6:.1f} us per item")

    app, url = build()
    print("database:", url.split(":")[0])
    council_id, secretary_phone = seed(app, args.residents)

    from deliberation.extensions import db
    from deliberation.models import Council, Decision, Objection
    from deliberation.models.base import utcnow
    from deliberation.services import decisions, meetings

    with app.app_context():
        council = db.session.get(Council, council_id)
        chair = council.members[0].user
        meeting, seconds = timed(lambda: meetings.schedule_meeting(
            council, "会议", utcnow() - timedelta(days=20), "", [], [f"议题{i}" for i in range(args.due + 1)],
            chair))
        print(f"schedule a meeting, notifying {args.residents} residents: {seconds * 1000:.0f} ms")
        present = {m.id for m in council.members[:7]}
        meetings.record_attendance(meeting, present, chair)
        for item in meeting.items:
            meetings.record_roll_call(item, {m: ("yes", "") for m in present}, chair)
        busy = decisions.publish(meeting.items[0], "决议", "正文", "none", chair, now=utcnow())
        for n in range(args.objections):
            db.session.add(Objection(decision_id=busy.id, author_id=20 + n % 1000, reasons="理由" * 40,
                                     answer="答复" * 30, answered_at=utcnow(), answered_by_id=chair.id))
        db.session.commit()
        _, seconds = timed(lambda: [decisions.publish(item, "决议", "正文", "none", chair,
                                                      now=utcnow() - timedelta(days=10))
                                    for item in meeting.items[1:]])
        print(f"publish a decision, notifying {args.residents} residents: {seconds / args.due * 1000:.0f} ms")
        busy_id = busy.id

    client = app.test_client()
    client.post("/login", data={"identifier": secretary_phone, "password": "password1"})
    times = []
    for _ in range(15):
        _, seconds = timed(lambda: client.get(f"/decisions/{busy_id}").close())
        times.append(seconds)
    print(f"decision page with {args.objections} answered objections: median {statistics.median(times) * 1000:.0f} ms")

    with app.app_context():
        count, seconds = timed(decisions.settle_due)
        print(f"settle {count} due decisions: {seconds * 1000:.0f} ms ({seconds / max(count, 1) * 1000:.1f} ms each)")
        assert db.session.scalar(db.select(db.func.count(Decision.id)).where(Decision.took_effect_at.is_(None))) == 1


if __name__ == "__main__":
    main()
