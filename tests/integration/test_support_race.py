"""Fifty simultaneous supports from one resident count once, with no server error (PostgreSQL)."""
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from deliberation.extensions import db
from deliberation.models import AuditEntry, Proposal, Support

from ..factories import make_proposal


def post(url, cookie):
    request = urllib.request.Request(url, b"", headers={"Cookie": cookie, "HX-Request": "true"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def run_race(app, client, auth, community, live_server, attempts):
    with app.app_context():
        pid = make_proposal(community.resident_b)
    auth.login(community.resident_a)
    cookie = f"session={client.get_cookie('session').value}"
    with ThreadPoolExecutor(max_workers=attempts) as pool:
        statuses = list(pool.map(lambda _: post(f"{live_server}/proposals/{pid}/support", cookie), range(attempts)))
    with app.app_context():
        supports = db.session.scalar(select(func.count(Support.id)).where(Support.proposal_id == pid))
        count = db.session.get(Proposal, pid).support_count
        audited = db.session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "proposal.support"))
    return statuses, supports, count, audited


@pytest.mark.postgres
def test_fifty_concurrent_supports_from_one_resident_count_once(app, client, auth, community, live_server):
    statuses, supports, count, audited = run_race(app, client, auth, community, live_server, 50)
    assert not [s for s in statuses if s >= 500], statuses
    assert (supports, count, audited) == (1, 1, 1)


def test_simultaneous_supports_count_once_on_any_database(app, client, auth, community, live_server):
    statuses, supports, count, audited = run_race(app, client, auth, community, live_server, 8)
    assert statuses == [200] * 8
    assert (supports, count, audited) == (1, 1, 1)
