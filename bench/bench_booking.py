"""Sharing: how fast the week calendar renders and bookings commit, on SQLite or DATABASE_URL.

Run from the repository root: .venv/bin/python bench/bench_booking.py [--bookings N] [--racers R]
"""
import argparse
import os
import random
import statistics
import tempfile
import threading
import time as clock
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import logging

from werkzeug.serving import make_server

TZ = ZoneInfo("Asia/Shanghai")


def build(args):
    from deliberation import create_app
    from deliberation.extensions import db

    folder = tempfile.mkdtemp(prefix="bench-booking-")
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False,
                      "WTF_CSRF_ENABLED": False, "PASSWORD_HASH_METHOD": "scrypt:1024:8:1"})
    with app.app_context():
        db.drop_all()
        db.create_all()
    return app, url


def seed(app, args):
    """One community, a court with many past bookings, and residents in separate households."""
    from deliberation.extensions import db
    from deliberation.models import Booking, Building, Community, Household, Resource, User

    with app.app_context():
        community = Community(name="测试社区")
        building = Building(name="1号楼", community=community)
        db.session.add_all([community, building])
        db.session.flush()
        court = Resource(community_id=community.id, name="篮球场", kind="court", slot_minutes=60,
                         opens_minute=6 * 60, closes_minute=22 * 60, weekly_quota=0, horizon_days=90)
        db.session.add(court)
        people = []
        for n in range(max(args.racers, 50)):
            household = Household(building=building, unit="1", room=str(1000 + n), floor_area=9000, owner_name="业主")
            person = User(community_id=community.id, name=f"居民{n}", phone=f"1390000{n:04d}", status="verified",
                          household=household)
            person.set_password("password1")
            db.session.add_all([household, person])
            people.append(person)
        db.session.flush()
        # History: args.bookings past one-hour bookings, one per slot, going back from yesterday.
        start = datetime.combine(datetime.now(TZ).date() - timedelta(days=1), time(6), tzinfo=TZ)
        rows, slot = [], start
        for n in range(args.bookings):
            person = people[n % len(people)]
            rows.append(Booking(resource_id=court.id, household_id=person.household_id, user_id=person.id,
                                starts_at=slot, ends_at=slot + timedelta(hours=1), status="returned"))
            slot -= timedelta(hours=1)
            if slot.hour < 6:
                slot = datetime.combine(slot.date() - timedelta(days=1), time(21), tzinfo=TZ)
        db.session.add_all(rows)
        db.session.commit()
        return court.id, [(p.id, p.phone) for p in people]


def bench_week(app, court_id, user_id, repeat=50):
    from flask_login import login_user

    from deliberation.extensions import db
    from deliberation.models import Resource, User
    from deliberation.services import bookings

    times = []
    with app.test_request_context():
        user = db.session.get(User, user_id)
        login_user(user)
        resource = db.session.get(Resource, court_id)
        monday = datetime.now(TZ).date() - timedelta(days=datetime.now(TZ).weekday())
        for _ in range(repeat):
            began = clock.perf_counter()
            bookings.week(resource, monday, user)
            times.append(clock.perf_counter() - began)
        db.session.rollback()
    return statistics.median(times)


def bench_pages(app, court_id, phone, repeat=30):
    client = app.test_client()
    client.post("/login", data={"identifier": phone, "password": "password1"})
    times = []
    for _ in range(repeat):
        began = clock.perf_counter()
        response = client.get(f"/resources/{court_id}", headers={"HX-Request": "true"})
        times.append(clock.perf_counter() - began)
        assert response.status_code == 200
    return statistics.median(times)


def bench_sequential_bookings(app, court_id, people, count=100):
    """Book count distinct future slots one after another through the service (with audit entries)."""
    from deliberation.extensions import db
    from deliberation.models import User
    from deliberation.services import bookings

    first = datetime.combine(datetime.now(TZ).date() + timedelta(days=2), time(6), tzinfo=TZ)
    began = clock.perf_counter()
    with app.app_context():
        for n in range(count):
            day, hour = divmod(n, 16)
            user = db.session.get(User, people[n % len(people)][0])
            bookings.book(court_id, user, first + timedelta(days=day, hours=hour))
    return count / (clock.perf_counter() - began)


def bench_race(app, court_id, people, racers):
    """racers signed-in residents post the same slot at once over real HTTP; return (wall time, winners)."""
    import http.cookiejar
    import urllib.error
    import urllib.parse
    import urllib.request

    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    openers = []
    for _, phone in people[:racers]:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        opener.open(f"{base}/login", urllib.parse.urlencode({"identifier": phone, "password": "password1"}).encode())
        openers.append(opener)
    slot = datetime.combine(datetime.now(TZ).date() + timedelta(days=30), time(10), tzinfo=TZ).isoformat()
    gate = threading.Barrier(racers + 1)
    statuses = []

    def race(opener):
        gate.wait()
        try:
            with opener.open(f"{base}/bookings/resources/{court_id}", urllib.parse.urlencode({"start": slot}).encode()) as r:
                statuses.append(r.status)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)

    threads = [threading.Thread(target=race, args=(o,)) for o in openers]
    for t in threads:
        t.start()
    gate.wait()
    began = clock.perf_counter()
    for t in threads:
        t.join()
    elapsed = clock.perf_counter() - began
    server.shutdown()
    return elapsed, statuses.count(200), sum(1 for s in statuses if s >= 500)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bookings", type=int, default=20000, help="past bookings of the resource")
    parser.add_argument("--racers", type=int, default=20)
    args = parser.parse_args()
    random.seed(1)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    app, url = build(args)
    court_id, people = seed(app, args)
    print(f"database: {url.split('@')[-1] if '@' in url else 'sqlite'}; {args.bookings} past bookings")
    print(f"week calendar (service, 7 days x 16 slots): {bench_week(app, court_id, people[0][0]) * 1000:.1f} ms median")
    print(f"week partial over HTTP (test client):       {bench_pages(app, court_id, people[0][1]) * 1000:.1f} ms median")
    print(f"sequential bookings (lock, checks, audit):  {bench_sequential_bookings(app, court_id, people):.0f} /s")
    elapsed, winners, errors = bench_race(app, court_id, people, args.racers)
    print(f"race of {args.racers} for one slot: {elapsed * 1000:.0f} ms wall, {winners} booking(s), {errors} server errors")


if __name__ == "__main__":
    main()
