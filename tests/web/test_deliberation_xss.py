"""Script and event-handler payloads in every text field render inert."""
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from deliberation.extensions import db
from deliberation.models import Comment, Proposal, Thread

PAYLOADS = [
    '<script>alert("x")</script>',
    '<img src=x onerror=alert(1)>',
    '"><svg onload=alert(1)>',
    '[click](javascript:alert(1))',
]


class ActiveContent(HTMLParser):
    """Collect what a browser would run: inline scripts, on* handlers, javascript: URLs, injected tags."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and not attributes.get("src", "").startswith("/static/"):
            self.found.append(("script", attributes))
        if tag in ("svg", "iframe", "object", "embed") or (tag == "img" and attributes.get("src") == "x"):
            self.found.append((tag, attributes))
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.found.append((tag, name, value))


def assert_inert(html):
    parser = ActiveContent()
    parser.feed(html)
    assert not parser.found, parser.found


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_in_every_text_field_render_inert(app, client, auth, community, payload):
    auth.login(community.resident_a)
    client.post("/proposals/new", data={"title": payload + "标题", "body": payload, "category": "sharing",
                                        "scope": "community", "submit": "1"}, content_type="multipart/form-data")
    client.post(f"/boards/building/{community.building_a.id}", data={"title": payload, "body": payload})
    with app.app_context():
        pid = db.session.execute(select(Proposal.id)).scalar_one()
        board_thread = db.session.execute(select(Thread.id).where(Thread.proposal_id.is_(None))).scalar_one()
        proposal_thread = db.session.execute(select(Thread.id).where(Thread.proposal_id == pid)).scalar_one()
    client.post(f"/threads/{proposal_thread}/comments", data={"body": payload})
    with app.app_context():
        cid = db.session.execute(select(Comment.id).where(Comment.thread_id == proposal_thread)).scalar_one()
    client.post(f"/comments/{cid}/flag", data={"reason": payload})
    auth.logout()
    auth.login(community.worker)
    client.post(f"/comments/{cid}/hide", data={"reason": payload})
    pages = [f"/proposals/{pid}", "/proposals/", f"/threads/{board_thread}",
             f"/boards/building/{community.building_a.id}", "/moderation", f"/search?q=标题",
             f"/comments/{cid}/groups"]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.get_data(as_text=True))
    auth.logout()
    auth.login(community.resident_a)
    assert_inert(client.get("/notifications/").get_data(as_text=True))
