"""Twenty residents race for one slot over real HTTP: exactly one booking, no server error."""
import http.cookiejar
import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from deliberation.extensions import db
from deliberation.models import Booking

from ..factories import make_neighbours, make_resource
from ..web.sharing_helpers import count, tomorrow_at

RACERS = 20


def session(base, phone):
    """A signed-in cookie session for one resident (redirects followed, like a browser)."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    body = urllib.parse.urlencode({"identifier": phone, "password": "password1"}).encode()
    opener.open(urllib.request.Request(f"{base}/login", body), timeout=60).close()
    return opener


def post(opener, url, data):
    try:
        with opener.open(urllib.request.Request(url, urllib.parse.urlencode(data).encode()), timeout=120) as r:
            return r.status
    except urllib.error.HTTPError as error:
        return error.code


def test_twenty_simultaneous_bookings_of_one_slot_make_exactly_one(app, community, live_server):
    with app.app_context():
        resource_id = make_resource(community.id, weekly_quota=1)
        people = make_neighbours(community.id, community.building_a.id, RACERS)
        db.session.remove()
    openers = [session(live_server, person.phone) for person in people]
    start = tomorrow_at(10).isoformat()
    gate = threading.Barrier(RACERS)

    def race(opener):
        gate.wait()
        return post(opener, f"{live_server}/bookings/resources/{resource_id}", {"start": start})

    with ThreadPoolExecutor(max_workers=RACERS) as pool:
        statuses = list(pool.map(race, openers))
    # The winner is redirected to the resource page (200 after the 303); the others get 422.
    assert statuses.count(200) == 1 and statuses.count(422) == RACERS - 1, statuses
    assert count(app, Booking) == 1


def test_same_household_racing_for_different_slots_stays_within_its_quota(app, community, live_server):
    with app.app_context():
        resource_id = make_resource(community.id, weekly_quota=2)
        db.session.remove()
    openers = [session(live_server, community.resident_a.phone) for _ in range(6)]
    gate = threading.Barrier(len(openers))

    def race(args):
        index, opener = args
        gate.wait()
        return post(opener, f"{live_server}/bookings/resources/{resource_id}",
                    {"start": tomorrow_at(9 + index).isoformat()})

    with ThreadPoolExecutor(max_workers=len(openers)) as pool:
        statuses = list(pool.map(race, enumerate(openers)))
    assert statuses.count(200) == 2 and statuses.count(422) == 4, statuses
    assert count(app, Booking) == 2
