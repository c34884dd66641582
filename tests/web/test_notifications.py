"""Notices: the centre and its header counter, preferences, e-mail over SMTP, the digest, group-robot webhooks."""
import json
import re
import socket
import threading
from email import message_from_bytes
from email.header import decode_header, make_header
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from sqlalchemy import select

from deliberation.extensions import db
from deliberation.models import Notification, User
from deliberation.services import notifications, proposals

from ..factories import make_proposal, make_thread

HX = {"HX-Request": "true"}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    """A local SMTP server (aiosmtpd) collecting what it receives."""
    from aiosmtpd.controller import Controller

    class Inbox:
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):
            message = message_from_bytes(envelope.content)
            self.messages.append((envelope.rcpt_tos, str(make_header(decode_header(message["Subject"]))),
                                  message.get_payload(decode=True).decode("utf-8")))
            return "250 OK"

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    inbox.port = controller.port
    yield inbox
    controller.stop()


@pytest.fixture
def robot():
    """A local HTTP server standing in for a WeChat Work / DingTalk group robot."""
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers["Content-Length"])
            received.append(json.loads(self.rfile.read(length)))
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"errcode":0}')

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.received = received
    server.url = f"http://127.0.0.1:{server.server_port}/robot/send?key=abc"
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


def give_email(app, user_id, address, locale=None):
    with app.app_context():
        user = db.session.get(User, user_id)
        user.email, user.locale = address, locale
        db.session.commit()


def test_unread_counter_partial_shows_and_clears(app, client, auth, community):
    with app.app_context():
        notifications.notify([community.resident_a.id], "comment.reply", link="/boards", name="李四", title="楼道灯")
        db.session.commit()
    auth.login(community.resident_a)
    partial = client.get("/notifications/unread", headers=HX).get_data(as_text=True)
    assert partial.lstrip().startswith('<a id="unread-count"') and 'hx-trigger="every 30s"' in partial
    assert '<span class="count"' in partial
    assert "李四" in client.get("/notifications/").get_data(as_text=True)
    assert client.post("/notifications/read-all").status_code == 303
    assert '<span class="count"' not in client.get("/notifications/unread", headers=HX).get_data(as_text=True)


def test_nobody_reads_or_marks_another_users_notice(app, client, auth, community):
    with app.app_context():
        notifications.notify([community.resident_b.id], "comment.reply", link="/", name="x", title="y")
        db.session.commit()
        nid = db.session.execute(select(Notification.id)).scalar_one()
    auth.login(community.resident_a)
    assert client.post(f"/notifications/{nid}/read").status_code == 404
    with app.app_context():
        assert db.session.get(Notification, nid).read_at is None


def test_preferences_are_saved_and_bad_choice_refused(app, client, auth, community):
    auth.login(community.resident_a)
    assert client.post("/notifications/preferences", data={"email_mode": "weekly"}).status_code == 422
    assert client.post("/notifications/preferences", data={"email_mode": "off"}).status_code == 303
    page = client.get("/notifications/preferences").get_data(as_text=True)
    assert re.search(r'<input checked[^>]*value="off"', page)


def test_reply_is_emailed_at_once_to_who_asked_for_it(app, client, auth, community, smtp):
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=smtp.port, MAIL_FROM="office@example.org")
    give_email(app, community.resident_a.id, "zhang@example.org", "en")
    with app.app_context():
        tid = make_thread(community.resident_a)
    auth.login(community.resident_a)
    client.post("/notifications/preferences", data={"email_mode": "immediate", "notify_replies": "y"})
    auth.logout()
    with app.app_context():
        top = db.session.execute(select(notifications.Notification)).scalars().all()
        assert top == []
        from deliberation.models import Comment
        cid = db.session.execute(select(Comment.id).where(Comment.thread_id == tid)).scalar_one()
    auth.login(community.resident_b)
    client.post(f"/threads/{tid}/comments", data={"body": "我来修", "parent_id": cid})
    assert len(smtp.messages) == 1
    recipients, subject, body = smtp.messages[0]
    assert recipients == ["zhang@example.org"] and "测试社区" in subject
    assert "李四 replied to your comment" in body


def test_digest_command_sends_one_email_per_user_once(app, runner, community, smtp):
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=smtp.port)
    give_email(app, community.resident_a.id, "zhang@example.org")
    with app.app_context():
        for title in ("楼道灯", "电梯"):
            notifications.notify([community.resident_a.id], "comment.reply", link="/", name="李四", title=title)
        db.session.commit()
    from deliberation.digest_cli import digest

    result = runner.invoke(digest)
    assert "1 digest" in result.output
    assert len(smtp.messages) == 1
    _, subject, body = smtp.messages[0]
    assert "2" in subject and "楼道灯" in body and "电梯" in body
    assert "0 digest" in runner.invoke(digest).output


def test_new_proposal_is_posted_to_the_group_robot(app, client, auth, community, robot):
    with app.app_context():
        proposals.update_settings(community.id, None, 10, None, robot.url)
    auth.login(community.resident_a)
    client.post("/proposals/new", data={"title": "共享工具间", "body": "借工具", "category": "sharing",
                                        "scope": "community", "submit": "1"}, content_type="multipart/form-data")
    assert len(robot.received) == 1
    message = robot.received[0]
    assert message["msgtype"] == "text" and "共享工具间" in message["text"]["content"]


def test_unreachable_robot_is_logged_not_raised(app, client, auth, community, caplog):
    with app.app_context():
        proposals.update_settings(community.id, None, 10, None, f"http://127.0.0.1:{free_port()}/robot")
        pid = make_proposal(community.resident_a, status="draft")
    auth.login(community.resident_a)
    assert client.post(f"/proposals/{pid}/submit").status_code == 303
    assert "webhook" in caplog.text


def test_a_decision_recorded_by_any_area_is_posted_after_commit(app, community, robot):
    from deliberation.models import Proposal
    from deliberation.services.proposal_lifecycle import transition

    with app.app_context():
        proposals.update_settings(community.id, None, 10, None, robot.url)
        pid = make_proposal(community.resident_a)
        proposal = db.session.get(Proposal, pid)
        transition(proposal, "on_agenda", None)
        db.session.commit()
        transition(proposal, "rejected", None, note="预算不足")
        db.session.rollback()
        assert len(robot.received) == 1  # the new proposal's announcement, not the rolled-back decision
        proposal = db.session.get(Proposal, pid)
        transition(proposal, "accepted", None)
        db.session.commit()
    assert len(robot.received) == 2 and "加装电梯" in robot.received[1]["text"]["content"]


def test_muted_supporter_is_not_told_about_the_agenda(app, client, auth, community):
    with app.app_context():
        proposals.update_settings(community.id, None, 1, None, "")
        pid = make_proposal(community.resident_b)
    auth.login(community.resident_a)
    client.post("/notifications/preferences", data={"email_mode": "off"})
    client.post(f"/proposals/{pid}/support")
    with app.app_context():
        told = db.session.execute(select(Notification.user_id).where(
            Notification.kind == "proposal.on_agenda")).scalars().all()
        assert told == [community.resident_b.id]
