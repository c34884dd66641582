"""Councils: appointing members, scheduling meetings, attendance, minutes and roll calls, with their checks."""
import pytest
from sqlalchemy import select

from deliberation.extensions import db
from deliberation.models import AgendaItem, AuditEntry, Council, CouncilMember, Meeting, Notification, RollCallVote

from .. import council_world


@pytest.fixture
def world(app, community):
    with app.app_context():
        return council_world.build(community)


def schedule(client, auth, world, **extra):
    auth.login(world.chair)
    data = {"title": "三月议事会", "scheduled_at": "2026-03-12T19:00", "location": "社区活动室",
            "proposals": [world.proposal], "free_items": "物业费收支通报", **extra}
    response = client.post(f"/councils/{world.council.id}/meetings/new", data=data)
    auth.logout()
    return response


def meeting_and_items(app):
    with app.app_context():
        meeting = db.session.scalars(select(Meeting)).one()
        return meeting.id, [i.id for i in meeting.items]


def audit_actions(app):
    with app.app_context():
        return [e.action for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.seq))]


def test_chair_schedules_meeting_and_residents_are_notified(app, client, auth, world, community):
    response = schedule(client, auth, world)
    assert response.status_code == 303
    with app.app_context():
        meeting = db.session.scalars(select(Meeting)).one()
        assert [i.title for i in meeting.items] == ["小区加装电动车充电桩", "物业费收支通报"]
        notified = set(db.session.scalars(select(Notification.user_id).where(Notification.kind == "meeting.scheduled")))
    assert community.resident_a.id in notified and world.members[2].id in notified
    assert "meeting.schedule" in audit_actions(app)


def test_secretary_cannot_schedule_and_nothing_changes(app, client, auth, world):
    auth.login(world.secretary)
    response = client.post(f"/councils/{world.council.id}/meetings/new",
                           data={"title": "x", "scheduled_at": "2026-03-12T19:00", "free_items": "a"})
    assert response.status_code == 404
    with app.app_context():
        assert db.session.scalars(select(Meeting)).all() == []


def test_empty_agenda_is_refused_with_a_message(app, client, auth, world):
    response = schedule(client, auth, world, proposals=[], free_items="")
    assert response.status_code == 422
    assert "至少" in response.get_data(as_text=True) or "at least" in response.get_data(as_text=True)


def record_attendance(client, auth, user, meeting_id, present_ids):
    auth.login(user)
    response = client.post(f"/councils/meetings/{meeting_id}/attendance", data={"present": present_ids})
    auth.logout()
    return response


def test_secretary_records_attendance_and_quorum_is_shown(app, client, auth, world):
    schedule(client, auth, world)
    meeting_id, _ = meeting_and_items(app)
    member_ids = [world.council.members[u.id] for u in world.members]
    assert record_attendance(client, auth, world.secretary, meeting_id, member_ids[:3]).status_code == 303
    auth.login(world.chair)
    page = client.get(f"/councils/meetings/{meeting_id}").get_data(as_text=True)
    assert "5 位成员中 3 位出席" in page or "3 of 5 members present" in page
    assert "meeting.attendance" in audit_actions(app)


def test_exactly_half_present_shows_no_quorum(app, client, auth, community):
    with app.app_context():
        from ..factories import make_council, make_user
        people = [make_user(community.id, f"委员{i}", f"1360000000{i}", community.households[0].id) for i in range(4)]
        council = make_council(community.id, [(people[0].id, "chair"), (people[1].id, "secretary"),
                                              (people[2].id, "member"), (people[3].id, "member")])
    auth.login(people[0])
    client.post(f"/councils/{council.id}/meetings/new",
                data={"title": "会议", "scheduled_at": "2026-03-12T19:00", "free_items": "议题"})
    meeting_id, (item_id,) = meeting_and_items(app)
    client.post(f"/councils/meetings/{meeting_id}/attendance",
                data={"present": [council.members[people[0].id], council.members[people[1].id]]})
    response = client.post(f"/councils/meetings/items/{item_id}/roll-call",
                           data={f"choice-{council.members[people[0].id]}": "yes",
                                 f"choice-{council.members[people[1].id]}": "yes"})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(AgendaItem, item_id).outcome == "no_quorum"


def test_secretary_of_another_council_gets_404_and_nothing_changes(app, client, auth, world):
    schedule(client, auth, world)
    meeting_id, (item_id, _) = meeting_and_items(app)
    auth.login(world.b_secretary)
    assert client.post(f"/councils/meetings/{meeting_id}/minutes", data={"minutes": "伪造纪要"}).status_code == 404
    assert client.post(f"/councils/meetings/{meeting_id}/attendance", data={"present": []}).status_code == 404
    assert client.post(f"/councils/meetings/items/{item_id}/roll-call", data={}).status_code == 404
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        assert meeting.minutes == "" and meeting.attendance == []


def test_ordinary_member_cannot_record_minutes(app, client, auth, world):
    schedule(client, auth, world)
    meeting_id, _ = meeting_and_items(app)
    auth.login(world.members[2])
    assert client.post(f"/councils/meetings/{meeting_id}/minutes", data={"minutes": "x"}).status_code == 404


def test_secretary_saves_markdown_minutes_shown_safely(app, client, auth, world):
    schedule(client, auth, world)
    meeting_id, _ = meeting_and_items(app)
    auth.login(world.secretary)
    response = client.post(f"/councils/meetings/{meeting_id}/minutes",
                           data={"minutes": "## 决议\n\n- **同意**加装\n\n<script>alert(1)</script>"})
    assert response.status_code == 303
    page = client.get(f"/councils/meetings/{meeting_id}").get_data(as_text=True)
    assert "<strong>同意</strong>" in page and "<script>alert" not in page
    assert "meeting.minutes" in audit_actions(app)


def test_roll_call_counts_under_council_rule_with_recusal(app, client, auth, world):
    schedule(client, auth, world)
    meeting_id, (item_id, _) = meeting_and_items(app)
    seats = [world.council.members[u.id] for u in world.members]
    record_attendance(client, auth, world.secretary, meeting_id, seats[:4])
    auth.login(world.secretary)
    votes = {f"choice-{seats[0]}": "yes", f"choice-{seats[1]}": "yes", f"choice-{seats[2]}": "no",
             f"choice-{seats[3]}": "recused", f"conflict-{seats[3]}": "施工方是我亲属的公司"}
    response = client.post(f"/councils/meetings/items/{item_id}/roll-call", data=votes,
                           headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith(f'<article id="item-{item_id}"') and "施工方是我亲属的公司" in html
    with app.app_context():
        assert db.session.get(AgendaItem, item_id).outcome == "adopted"
    assert "meeting.roll_call" in audit_actions(app)


def test_recusal_without_declaration_is_refused_and_nothing_recorded(app, client, auth, world):
    schedule(client, auth, world)
    meeting_id, (item_id, _) = meeting_and_items(app)
    seats = [world.council.members[u.id] for u in world.members]
    record_attendance(client, auth, world.secretary, meeting_id, seats[:3])
    auth.login(world.chair)
    response = client.post(f"/councils/meetings/items/{item_id}/roll-call",
                           data={f"choice-{seats[0]}": "yes", f"choice-{seats[1]}": "yes",
                                 f"choice-{seats[2]}": "recused"}, headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert "利益冲突" in response.get_data(as_text=True) or "conflict of interest" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(RollCallVote)).all() == []


def test_worker_appoints_member_audited_and_former_members_stay(app, client, auth, world, community):
    auth.login(community.worker)
    response = client.post(f"/councils/{world.council.id}/members",
                           data={"appoint-user_id": community.resident_b.id, "appoint-role": "member",
                                 "appoint-term_start": "2026-01-01"})
    assert response.status_code == 303
    member_id = world.council.members[world.members[4].id]
    assert client.post(f"/councils/{world.council.id}/members/{member_id}/end").status_code == 303
    page = client.get(f"/councils/{world.council.id}").get_data(as_text=True)
    assert "李四" in page and "孙委员" in page
    actions = audit_actions(app)
    assert "council.appoint" in actions and "council.end_term" in actions
    with app.app_context():
        assert db.session.get(CouncilMember, member_id).term_end is not None


def test_second_chair_is_refused(app, client, auth, world, community):
    auth.login(community.worker)
    response = client.post(f"/councils/{world.council.id}/members",
                           data={"appoint-user_id": community.resident_b.id, "appoint-role": "chair",
                                 "appoint-term_start": "2026-01-01"})
    assert response.status_code == 422


def test_council_member_cannot_appoint(app, client, auth, world, community):
    auth.login(world.chair)
    response = client.post(f"/councils/{world.council.id}/members",
                           data={"appoint-user_id": community.resident_b.id, "appoint-role": "member",
                                 "appoint-term_start": "2026-01-01"})
    assert response.status_code == 404
    assert "council.appoint" not in audit_actions(app)


def test_resident_of_other_building_gets_404_on_building_council(app, client, auth, world, community):
    auth.login(community.resident_a)
    assert client.get(f"/councils/{world.b_council.id}").status_code == 404
    auth.login(community.resident_b)
    assert client.get(f"/councils/{world.b_council.id}").status_code == 200


def test_rule_changed_after_scheduling_does_not_recount_the_meeting(app, client, auth, world, community):
    schedule(client, auth, world)
    meeting_id, (item_id, _) = meeting_and_items(app)
    auth.login(community.worker)
    client.post(f"/councils/{world.council.id}/rule", data={"rule-rule": "majority_members",
                                                            "rule-quorum_percent": 50})
    seats = [world.council.members[u.id] for u in world.members]
    record_attendance(client, auth, world.secretary, meeting_id, seats[:3])
    auth.login(world.secretary)
    client.post(f"/councils/meetings/items/{item_id}/roll-call",
                data={f"choice-{seats[0]}": "yes", f"choice-{seats[1]}": "yes", f"choice-{seats[2]}": "no"})
    with app.app_context():
        # 2 of 3 present is a majority of those present, though not of all 5 members.
        assert db.session.get(Meeting, meeting_id).rule == "majority_present"
        assert db.session.get(AgendaItem, item_id).outcome == "adopted"


def test_worker_sets_up_a_building_council(app, client, auth, community):
    auth.login(community.worker)
    response = client.post("/councils/", data={"council-name": "1号楼楼委会",
                                               "council-building_id": community.building_a.id,
                                               "council-rule": "majority_members"})
    assert response.status_code == 303
    with app.app_context():
        council = db.session.scalars(select(Council)).one()
        assert council.building_id == community.building_a.id and council.rule == "majority_members"


def test_resident_cannot_set_up_a_council(app, client, auth, community):
    auth.login(community.resident_a)
    response = client.post("/councils/", data={"council-name": "x", "council-building_id": 0,
                                               "council-rule": "majority_present"})
    assert response.status_code == 403
