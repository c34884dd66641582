"""Every action of the councils area leaves an audit entry."""
import io
from datetime import date, timedelta

from PIL import Image
from sqlalchemy import select

from deliberation.extensions import db
from deliberation.models import AgendaItem, AuditEntry, Decision, Meeting, Milestone, Objection, Project

from .. import council_world
from .test_projects import app  # noqa: F401  (photos go to the test's own instance folder)


def png():
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(out, "PNG")
    out.seek(0)
    return out


def only(app, model):
    with app.app_context():
        return db.session.scalars(select(model)).one().id


def test_every_council_action_is_audited(app, client, auth, community):
    with app.app_context():
        world = council_world.build(community)
    seats = [world.council.members[u.id] for u in world.members]
    auth.login(community.worker)
    client.post("/councils/", data={"council-name": "业主委员会", "council-building_id": 0,
                                    "council-rule": "two_thirds_present"})
    client.post(f"/councils/{world.council.id}/rule", data={"rule-rule": "majority_present", "rule-quorum_percent": 50})
    client.post(f"/councils/{world.council.id}/members", data={
        "appoint-user_id": community.resident_b.id, "appoint-role": "member", "appoint-term_start": "2026-01-01"})
    client.post(f"/councils/{world.council.id}/members/{seats[4]}/end")
    auth.login(world.chair)
    client.post(f"/councils/{world.council.id}/meetings/new", data={
        "title": "下周议事会", "scheduled_at": f"{date.today() + timedelta(days=7)}T19:00", "proposals": [world.proposal]})
    meeting = only(app, Meeting)
    item = only(app, AgendaItem)
    auth.login(world.secretary)
    client.post(f"/councils/meetings/{meeting}/attendance", data={"present": seats[:3]})
    client.post(f"/councils/meetings/{meeting}/minutes", data={"minutes": "纪要"})
    client.post(f"/councils/meetings/items/{item}/roll-call",
                data={f"choice-{seats[0]}": "yes", f"choice-{seats[1]}": "yes", f"choice-{seats[2]}": "no"})
    client.post(f"/decisions/items/{item}/publish", data={
        f"item{item}-title": "决议", f"item{item}-text": "同意。", f"item{item}-effect": "accept",
        f"item{item}-notice_days": 1})
    decision = only(app, Decision)
    auth.login(community.resident_a)
    client.post(f"/decisions/{decision}/objections", data={"reasons": "请再考虑选址。"})
    objection = only(app, Objection)
    auth.login(world.secretary)
    client.post(f"/decisions/objections/{objection}/answer", data={f"answer{objection}-answer": "已调整选址。"})
    with app.app_context():
        row = db.session.get(Decision, decision)
        row.notice_ends_at = row.published_at
        db.session.commit()
    client.post(f"/decisions/{decision}/take-effect")
    project = only(app, Project)
    client.post(f"/projects/{project}/budget", data={"budget": "9800"})
    client.post(f"/projects/{project}/milestones", data={"title": "进场施工"})
    client.post(f"/projects/{project}/milestones/{only(app, Milestone)}/done")
    client.post(f"/projects/{project}/updates", data={"body": "已进场。", "photos": [(png(), "a.png")]},
                content_type="multipart/form-data")
    client.post(f"/projects/{project}/spending", data={"amount": "120", "description": "材料", "spent_on": "2026-05-20"})
    client.post(f"/projects/{project}/status", data={"status": "in_progress"})
    client.post(f"/projects/{project}/follow")
    client.post(f"/projects/{project}/follow")
    with app.app_context():
        actions = set(db.session.scalars(select(AuditEntry.action)))
    expected = {"council.create", "council.rule", "council.appoint", "council.end_term", "meeting.schedule",
                "meeting.attendance", "meeting.minutes", "meeting.roll_call", "decision.publish",
                "decision.object", "decision.answer", "decision.take_effect", "proposal.accepted",
                "project.create", "project.budget", "project.milestone", "project.milestone_done",
                "project.update", "project.spending", "project.status", "project.follow",
                "project.unfollow"}
    assert expected - actions == set()
