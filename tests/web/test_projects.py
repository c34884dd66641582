"""Projects: progress updates with photos, spending in fen, milestones, followers and the timeline."""
import io
import os

import pytest
from PIL import Image
from sqlalchemy import select

from deliberation.extensions import db
from deliberation.models import AuditEntry, Notification, Project, ProjectUpdate, Proposal, Spending, UpdatePhoto
from deliberation.services import projects

from ..conftest import ON_POSTGRES, _empty_tables
from ..factories import make_agenda_proposal, make_user


@pytest.fixture
def app(make_app, tmp_path, monkeypatch):
    """The usual fresh app, with its own instance folder so that uploaded photos stay in the test."""
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path / "instance"))
    app = make_app()
    if ON_POSTGRES:
        with app.app_context():
            _empty_tables()
    return app


@pytest.fixture
def project(app, community):
    """A project started from an accepted building-A proposal, and a council member to report on it."""
    with app.app_context():
        proposal_id = make_agenda_proposal(community.id, community.resident_a.id, "1号楼加装扶手",
                                           building_id=community.building_a.id, estimated_cost=500_000)
        proposal = db.session.get(Proposal, proposal_id)
        proposal.status = "accepted"
        started = projects.start_project(proposal, None)
        db.session.commit()
        member = make_user(community.id, "吴委员", "13700000003", community.households[1].id, roles=("council",))
        return {"id": started.id, "member": member, "proposal": proposal_id}


def photo(fmt="PNG"):
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(out, fmt)
    out.seek(0)
    return out


def test_council_member_posts_update_with_photo_and_followers_are_told(app, client, auth, project, community):
    auth.login(project["member"])
    response = client.post(f"/projects/{project['id']}/updates",
                           data={"body": "扶手已安装到三楼。", "photos": [(photo(), "IMG_0001.png")]},
                           content_type="multipart/form-data")
    assert response.status_code == 303
    with app.app_context():
        stored = db.session.scalars(select(UpdatePhoto)).one()
        told = db.session.scalars(select(Notification.user_id).where(Notification.kind == "project.update")).all()
        path = os.path.join(app.instance_path, "uploads", "projects", stored.name)
        name = stored.name
    assert told == [community.resident_a.id] and os.path.isfile(path) and "IMG" not in name
    served = client.get(f"/projects/photos/{name}")
    assert served.mimetype == "image/png" and served.headers["X-Content-Type-Options"] == "nosniff"
    served.close()


def test_update_with_a_non_image_is_refused_and_nothing_stored(app, client, auth, project):
    auth.login(project["member"])
    response = client.post(f"/projects/{project['id']}/updates",
                           data={"body": "进度", "photos": [(photo(), "ok.png"), (io.BytesIO(b"<html>"), "x.jpg")]},
                           content_type="multipart/form-data")
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalars(select(ProjectUpdate)).all() == []
    folder = os.path.join(app.instance_path, "uploads", "projects")
    assert not os.path.isdir(folder) or os.listdir(folder) == []


def test_spending_is_entered_in_yuan_and_stored_in_fen(app, client, auth, project):
    auth.login(project["member"])
    response = client.post(f"/projects/{project['id']}/spending",
                           data={"amount": "1,280.5", "description": "不锈钢扶手材料", "spent_on": "2026-04-02"})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.scalars(select(Spending.amount)).all() == [128050]
        assert "project.spending" in db.session.scalars(select(AuditEntry.action)).all()
    page = client.get(f"/projects/{project['id']}").get_data(as_text=True)
    assert "¥1,280.50" in page and "¥3,719.50" in page


@pytest.mark.parametrize("amount", ["12.345", "-5", "abc", "0"])
def test_bad_amount_is_refused_with_a_message(app, client, auth, project, amount):
    auth.login(project["member"])
    response = client.post(f"/projects/{project['id']}/spending",
                           data={"amount": amount, "description": "材料", "spent_on": "2026-04-02"})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalars(select(Spending)).all() == []


def test_resident_cannot_report_spending(app, client, auth, project, community):
    auth.login(community.resident_a)
    response = client.post(f"/projects/{project['id']}/spending",
                           data={"amount": "100", "description": "材料", "spent_on": "2026-04-02"})
    assert response.status_code == 404


def test_resident_of_other_building_gets_404_on_building_project(client, auth, project, community):
    auth.login(community.resident_b)
    assert client.get(f"/projects/{project['id']}").status_code == 404
    assert client.post(f"/projects/{project['id']}/follow").status_code == 404


def test_resident_follows_with_htmx_and_it_is_audited(app, client, auth, project, community):
    with app.app_context():
        resident = make_user(community.id, "周阿姨", "13700000099", community.households[2].id)
    auth.login(resident)
    response = client.post(f"/projects/{project['id']}/follow", headers={"HX-Request": "true"})
    assert response.get_data(as_text=True).lstrip().startswith('<form id="follow"')
    with app.app_context():
        assert resident.id in projects.follower_ids(db.session.get(Project, project["id"]))
        assert "project.follow" in db.session.scalars(select(AuditEntry.action)).all()


def test_completing_the_project_completes_the_proposal_and_timeline_shows_it(app, client, auth, project):
    auth.login(project["member"])
    client.post(f"/projects/{project['id']}/milestones", data={"title": "材料进场", "due_on": "2026-04-10"})
    client.post(f"/projects/{project['id']}/status", data={"status": "in_progress"})
    client.post(f"/projects/{project['id']}/status", data={"status": "completed"})
    with app.app_context():
        assert db.session.get(Proposal, project["proposal"]).status == "completed"
        steps = [kind for _, kind, _, _ in projects.timeline(db.session.get(Proposal, project["proposal"]))]
    assert steps[0] == "proposed" and "project" in steps and steps[-1] == "status"
    page = client.get(f"/projects/{project['id']}").get_data(as_text=True)
    assert 'id="timeline"' in page and "材料进场" in page


def test_completed_project_cannot_restart(app, client, auth, project):
    with app.app_context():
        db.session.get(Project, project["id"]).status = "completed"
        db.session.commit()
    auth.login(project["member"])
    client.post(f"/projects/{project['id']}/status", data={"status": "in_progress"})
    with app.app_context():
        assert db.session.get(Project, project["id"]).status == "completed"
