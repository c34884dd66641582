"""A due decision viewed by many residents at once takes effect exactly once (SQLite and PostgreSQL)."""
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from urllib.parse import urlencode

from sqlalchemy import func, select

from deliberation.extensions import db
from deliberation.models import AuditEntry, Project

from .. import council_world
from ..council_world import publish


def signed_in_opener(base, phone):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    opener.open(f"{base}/login", urlencode({"identifier": phone, "password": "password1"}).encode(), timeout=60)
    return opener


def test_due_decision_takes_effect_once_under_concurrent_views(app, community, live_server):
    with app.app_context():
        world = council_world.build(community)
    decision_id = publish(app, world, published_days_ago=8)
    openers = [signed_in_opener(live_server, phone) for phone in
               (community.resident_a.phone, community.resident_b.phone, world.chair.phone, world.secretary.phone)]

    def view(i):
        with openers[i % len(openers)].open(f"{live_server}/decisions/{decision_id}", timeout=60) as response:
            return response.status

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(view, range(8)))
    assert statuses == [200] * 8
    with app.app_context():
        assert db.session.scalar(select(func.count(AuditEntry.id))
                                 .where(AuditEntry.action == "decision.take_effect")) == 1
        assert db.session.scalar(select(func.count(Project.id))) == 1
