"""Races between real HTTP requests on a threaded server (SQLite and PostgreSQL)."""
import re
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from deliberation.extensions import db
from deliberation.models import InviteCode, User


def post(url, data):
    body = urllib.parse.urlencode(data).encode()
    try:
        with urllib.request.urlopen(urllib.request.Request(url, body), timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_one_invite_code_registers_one_account_under_concurrency(app, client, auth, community, live_server):
    auth.login(community.worker)
    page = client.post("/households/invites", data={"building_id": community.building_b.id,
                                                    "only_unregistered": "1"}).get_data(as_text=True)
    code = re.findall(r'<p class="code">([A-Z0-9-]+)</p>', page)[0]

    def register(i):
        return post(f"{live_server}/register", {
            "code": code, "name": f"居民{i}", "phone": f"1370000{i:04d}", "occupancy": "owner",
            "password": "long-enough", "confirm": "long-enough"})

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(register, range(8)))
    # The winner is redirected (the client follows the 303 to the home page).
    assert statuses.count(200) == 1 and statuses.count(422) == 7, statuses
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id)).where(User.phone.like("1370000%"))) == 1
        assert db.session.scalar(select(func.count(InviteCode.id)).where(InviteCode.used_at.is_not(None))) == 1
