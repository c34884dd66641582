"""Volunteer tasks, confirmed hours in the append-only time bank, pledges, and CSV exports."""
import csv
import io

import pytest

from deliberation.extensions import db
from deliberation.models import AuditEntry, Pledge, TaskSignup, TimeBankEntry, VolunteerTask
from deliberation.models.volunteering import LedgerIsAppendOnly
from deliberation.services import timebank

from ..factories import make_booking, make_other_community, make_project, make_resource, make_user
from .sharing_helpers import count, tomorrow_at

TASK = {"title": "楼道粉刷", "starts_at": "2026-11-14T09:00", "planned_minutes": "180", "place": "2号楼",
        "people_needed": "2", "skills": "刷漆", "description": ""}


@pytest.fixture
def project_id(app, community):
    with app.app_context():
        return make_project(community.id)


@pytest.fixture(autouse=True)
def english(client):
    """Read the pages in English, whatever the default language: the assertions quote English text."""
    client.set_cookie("lang", "en")


def post_task(client, project_id, **changes):
    return client.post(f"/projects/{project_id}/tasks", data={**TASK, **changes})


def task_id(app):
    with app.app_context():
        return db.session.scalar(db.select(VolunteerTask.id))


def signup_of(app, user_id):
    with app.app_context():
        return db.session.scalar(db.select(TaskSignup.id).where(TaskSignup.user_id == user_id))


def test_only_organisers_post_tasks_and_bad_input_is_refused(app, client, auth, community, project_id):
    auth.login(community.resident_a)
    assert post_task(client, project_id).status_code == 404
    auth.logout()
    auth.login(community.worker)
    assert post_task(client, project_id, people_needed="0").status_code == 422
    assert count(app, VolunteerTask) == 0
    assert post_task(client, project_id).status_code == 303
    assert count(app, VolunteerTask) == 1


def test_sign_up_until_the_task_is_full(app, client, auth, community, project_id):
    auth.login(community.worker)
    post_task(client, project_id, people_needed="1")
    tid = task_id(app)
    auth.logout()
    auth.login(community.resident_a)
    assert client.post(f"/tasks/{tid}/signup").status_code == 303
    assert client.post(f"/tasks/{tid}/signup").status_code == 422  # twice
    auth.logout()
    auth.login(community.resident_b)
    response = client.post(f"/tasks/{tid}/signup")
    assert response.status_code == 422 and "all the volunteers it needs" in response.get_data(as_text=True)
    assert count(app, TaskSignup) == 1


def test_confirmed_hours_reach_the_volunteers_ledger_with_an_audit_entry(app, client, auth, community, project_id):
    auth.login(community.worker)
    post_task(client, project_id)
    tid = task_id(app)
    auth.logout()
    auth.login(community.resident_a)
    client.post(f"/tasks/{tid}/signup")
    sid = signup_of(app, community.resident_a.id)
    assert client.post(f"/signups/{sid}/confirm", data={"attended": "1", "minutes": "150"}).status_code == 404
    auth.logout()
    auth.login(community.worker)
    organiser_page = client.get(f"/projects/{project_id}/volunteer").get_data(as_text=True)
    assert f'action="/signups/{sid}/confirm"' in organiser_page and '<option value="180" selected>' in organiser_page
    assert client.post(f"/signups/{sid}/confirm", data={"attended": "1", "minutes": "150"}).status_code == 303
    # A correction is a new, negative line: the first entry stays as it was.
    assert client.post(f"/signups/{sid}/confirm", data={"attended": "1", "minutes": "120"}).status_code == 303
    with app.app_context():
        minutes = db.session.scalars(db.select(TimeBankEntry.minutes).order_by(TimeBankEntry.id)).all()
        assert minutes == [150, -30]
        assert db.session.scalar(db.select(db.func.count()).where(AuditEntry.action == "timebank.confirm")) == 2
    auth.logout()
    auth.login(community.resident_a)
    page = client.get("/timebank/me").get_data(as_text=True)
    assert "楼道粉刷" in page and ">2<" in page


def test_hours_cannot_be_confirmed_before_the_task_begins(app, client, auth, community, project_id):
    auth.login(community.worker)
    post_task(client, project_id, starts_at="2099-01-01T09:00")
    tid = task_id(app)
    auth.logout()
    auth.login(community.resident_a)
    client.post(f"/tasks/{tid}/signup")
    auth.logout()
    auth.login(community.worker)
    sid = signup_of(app, community.resident_a.id)
    response = client.post(f"/signups/{sid}/confirm", data={"attended": "1", "minutes": "60"})
    assert response.status_code == 422 and count(app, TimeBankEntry) == 0


def test_ledger_entries_cannot_be_changed_or_deleted(app, community):
    with app.app_context():
        entry = TimeBankEntry(community_id=community.id, user_id=community.resident_a.id, minutes=60,
                              earned_on=tomorrow_at(9), note="测试")
        db.session.add(entry)
        db.session.commit()
        entry.minutes = 600
        with pytest.raises(LedgerIsAppendOnly):
            db.session.commit()
        db.session.rollback()
        db.session.delete(entry)
        with pytest.raises(LedgerIsAppendOnly):
            db.session.commit()
        db.session.rollback()
        assert db.session.scalar(db.select(TimeBankEntry.minutes)) == 60


def test_time_bank_totals_equal_the_sum_of_confirmed_entries(app, client, auth, community, project_id):
    auth.login(community.worker)
    post_task(client, project_id, people_needed="3")
    tid = task_id(app)
    with app.app_context():
        neighbour = make_user(community.id, "王五", "13800000003", community.households[1].id)
    for person in (community.resident_a, community.resident_b, neighbour):
        auth.logout()
        auth.login(person)
        client.post(f"/tasks/{tid}/signup")
    auth.logout()
    auth.login(community.worker)
    for person, minutes in ((community.resident_a, "90"), (community.resident_b, "180"), (neighbour, "60")):
        client.post(f"/signups/{signup_of(app, person.id)}/confirm", data={"attended": "1", "minutes": minutes})
    client.post(f"/signups/{signup_of(app, neighbour.id)}/confirm", data={"attended": "0", "minutes": "30"})
    with app.app_context():
        buildings, months, total = timebank.totals(community.id)
        entries = db.session.scalars(db.select(TimeBankEntry.minutes)).all()
        assert total == sum(entries) == timebank.total_minutes(community.id) == 270
        assert dict(buildings) == {"1号楼": 90, "2号楼": 180}
        assert months == [("2026-11", 270)]
    page = client.get("/timebank").get_data(as_text=True)
    assert 'id="timebank-total">4.5<' in page and "<svg" in page


def test_absent_volunteer_gets_no_hours(app, client, auth, community, project_id):
    auth.login(community.worker)
    post_task(client, project_id)
    tid = task_id(app)
    auth.logout()
    auth.login(community.resident_a)
    client.post(f"/tasks/{tid}/signup")
    auth.logout()
    auth.login(community.worker)
    client.post(f"/signups/{signup_of(app, community.resident_a.id)}/confirm", data={"attended": "0", "minutes": "60"})
    assert count(app, TimeBankEntry) == 0


def test_pledges_and_their_fulfilment_show_on_the_project(app, client, auth, community, project_id):
    auth.login(community.resident_a)
    assert client.post(f"/projects/{project_id}/pledges", data={"kind": "money", "amount": "50.5"}).status_code == 303
    assert client.post(f"/projects/{project_id}/pledges",
                       data={"kind": "materials", "description": "两桶乳胶漆"}).status_code == 303
    bad = client.post(f"/projects/{project_id}/pledges", data={"kind": "money", "amount": "1e3"})
    assert bad.status_code == 422 and count(app, Pledge) == 2
    with app.app_context():
        money_id = db.session.scalar(db.select(Pledge.id).where(Pledge.kind == "money"))
        assert db.session.get(Pledge, money_id).amount == 5050
    assert client.post(f"/pledges/{money_id}/fulfil").status_code == 404
    auth.logout()
    auth.login(community.worker)
    assert client.post(f"/pledges/{money_id}/fulfil").status_code == 303
    page = client.get(f"/projects/{project_id}/pledges").get_data(as_text=True)
    assert "两桶乳胶漆" in page and "¥50.50" in page


def test_projects_of_another_community_are_invisible(app, client, auth, community):
    with app.app_context():
        foreign = make_project(make_other_community(), "外区项目")
    auth.login(community.resident_a)
    assert client.get(f"/projects/{foreign}/volunteer").status_code == 404
    assert client.post(f"/projects/{foreign}/pledges", data={"kind": "money", "amount": "10"}).status_code == 404
    assert count(app, Pledge) == 0


def test_exports_are_utf8_with_bom_and_only_for_staff(app, client, auth, community, project_id):
    with app.app_context():
        rid = make_resource(community.id, name="=篮球场")
        make_booking(rid, community.households[0].id, community.resident_a.id, tomorrow_at(10))
    auth.login(community.resident_a)
    client.post(f"/projects/{project_id}/pledges", data={"kind": "money", "amount": "200"})
    assert client.get("/bookings/export.csv").status_code == 403
    auth.logout()
    auth.login(community.worker)
    for path in ("/bookings/export.csv", "/timebank/hours.csv", "/pledges.csv"):
        response = client.get(path)
        assert response.status_code == 200 and response.mimetype == "text/csv"
        assert response.data.startswith(b"\xef\xbb\xbf"), path
    rows = list(csv.reader(io.StringIO(client.get("/bookings/export.csv").data.decode("utf-8-sig"))))
    assert rows[1][1] == "'=篮球场" and rows[1][5] == "张三"  # a formula-looking name is defused
    assert rows[1][6] == "Confirmed"
    pledges = list(csv.reader(io.StringIO(client.get("/pledges.csv").data.decode("utf-8-sig"))))
    assert pledges[1][3:5] == ["Money", "200.00"]


def test_project_contributions_partial_sums_tasks_hours_and_pledges(app, client, auth, community, project_id):
    from flask import render_template_string

    from deliberation.models import Project

    auth.login(community.worker)
    post_task(client, project_id)
    auth.logout()
    auth.login(community.resident_a)
    client.post(f"/tasks/{task_id(app)}/signup")
    client.post(f"/projects/{project_id}/pledges", data={"kind": "money", "amount": "120"})
    with app.test_request_context(headers={"Cookie": "lang=en"}):
        html = render_template_string('{% include "sharing/_project_contributions.html" %}',
                                      project=db.session.get(Project, project_id))
        db.session.remove()
    assert html.lstrip().startswith('<section id="project-contributions"')
    assert "Volunteers signed up: 1 of 2 places, in 1 tasks" in html and "¥120.00" in html
