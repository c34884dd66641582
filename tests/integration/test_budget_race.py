"""Simultaneous ballots over real HTTP: one ballot per voter, no server error (SQLite and PostgreSQL)."""
import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from deliberation.extensions import db

from ..web.budget_helpers import ballots_of, make_cycle
from .test_booking_race import session

RACERS = 12


def post(opener, url, data):
    body = urllib.parse.urlencode(data, doseq=True).encode()
    try:
        with opener.open(urllib.request.Request(url, body), timeout=120) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_one_voter_sending_many_ballots_at_once_keeps_exactly_one(app, community, live_server):
    with app.app_context():
        c = make_cycle(community.id, [("a", "长椅", 40000), ("b", "路灯", 50000), ("c", "花园", 30000)])
        db.session.remove()
    openers = [session(live_server, community.resident_a.phone) for _ in range(RACERS)]
    gate = threading.Barrier(RACERS)
    choices = [["a"], ["b"], ["c"], ["a", "b"]]

    def race(args):
        index, opener = args
        gate.wait()
        return post(opener, f"{live_server}/budget/{c.id}/ballot", {"project": choices[index % 4]})

    with ThreadPoolExecutor(max_workers=RACERS) as pool:
        statuses = list(pool.map(race, enumerate(openers)))
    assert all(s == 200 for s in statuses), statuses
    stored = ballots_of(app, c.id)
    assert len(stored) == 1 and stored[0][0] == f"u{community.resident_a.id}"
    assert stored[0][1] in choices
