"""Proposals: write, submit, support, threshold, withdraw, images, timeline."""
import io

from PIL import Image
from sqlalchemy import func, select

from deliberation.extensions import db
from deliberation.models import AuditEntry, Notification, Proposal, ProposalImage, Support
from deliberation.models import Council, CouncilMember
from deliberation.services import proposals as proposal_service

from ..factories import make_proposal, make_user

HX = {"HX-Request": "true"}


def png():
    out = io.BytesIO()
    Image.new("RGB", (12, 8), "blue").save(out, "PNG")
    out.seek(0)
    return out


def new_proposal(client, **extra):
    data = {"title": "加装电梯", "body": "老人上下楼太难了。", "category": "co_building", "scope": "community",
            "estimated_cost": "350000.50", **extra}
    return client.post("/proposals/new", data=data, content_type="multipart/form-data")


def test_resident_saves_a_draft_that_only_they_see(app, client, auth, community):
    auth.login(community.resident_a)
    response = new_proposal(client)
    assert response.status_code == 303
    with app.app_context():
        proposal = db.session.execute(select(Proposal)).scalar_one()
        assert proposal.status == "draft" and proposal.estimated_cost == 35000050
    auth.logout()
    auth.login(community.resident_b)
    assert client.get(f"/proposals/{proposal.id}").status_code == 404


def test_submitted_proposal_is_listed_and_shows_its_timeline(app, client, auth, community):
    auth.login(community.resident_a)
    location = new_proposal(client, submit="1").headers["Location"]
    page = client.get(location).get_data(as_text=True)
    assert "加装电梯" in page and "¥350,000.50" in page
    assert "Collecting support" in page or "征集附议" in page
    assert "加装电梯" in client.get("/proposals/").get_data(as_text=True)


def test_bad_cost_is_refused_with_422_and_nothing_saved(app, client, auth, community):
    auth.login(community.resident_a)
    response = new_proposal(client, estimated_cost="一万")
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count(Proposal.id))) == 0


def test_resident_cannot_propose_for_another_building(app, client, auth, community):
    auth.login(community.resident_a)
    response = new_proposal(client, scope=str(community.building_b.id))
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count(Proposal.id))) == 0


def test_images_are_stored_and_served_only_to_those_who_see_the_proposal(app, client, auth, community, tmp_path):
    app.instance_path = str(tmp_path)
    auth.login(community.resident_a)
    response = new_proposal(client, scope=str(community.building_a.id), submit="1", images=[(png(), "a.png")])
    assert response.status_code == 303
    with app.app_context():
        image = db.session.execute(select(ProposalImage)).scalar_one()
        url = f"/proposals/{image.proposal_id}/images/{image.id}"
    served = client.get(url)
    assert served.status_code == 200 and served.mimetype == "image/png"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    served.close()
    auth.logout()
    auth.login(community.resident_b)
    assert client.get(url).status_code == 404


def test_seventh_image_is_refused(app, client, auth, community, tmp_path):
    app.instance_path = str(tmp_path)
    auth.login(community.resident_a)
    response = new_proposal(client, images=[(png(), f"{i}.png") for i in range(7)])
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count(ProposalImage.id))) == 0


def test_support_counts_once_and_updates_the_counter_in_place(app, client, auth, community):
    with app.app_context():
        pid = make_proposal(community.resident_b)
    auth.login(community.resident_a)
    first = client.post(f"/proposals/{pid}/support", headers=HX)
    assert first.status_code == 200
    assert first.get_data(as_text=True).lstrip().startswith(f'<div id="support-{pid}"')
    client.post(f"/proposals/{pid}/support", headers=HX)
    with app.app_context():
        assert db.session.scalar(select(func.count(Support.id))) == 1
        assert db.session.get(Proposal, pid).support_count == 1


def test_support_can_be_withdrawn_while_collecting(app, client, auth, community):
    with app.app_context():
        pid = make_proposal(community.resident_b)
    auth.login(community.resident_a)
    client.post(f"/proposals/{pid}/support")
    assert client.post(f"/proposals/{pid}/unsupport").status_code == 303
    with app.app_context():
        assert db.session.get(Proposal, pid).support_count == 0
        actions = db.session.execute(select(AuditEntry.action)).scalars().all()
        assert "proposal.support" in actions and "proposal.unsupport" in actions


def test_author_cannot_support_own_proposal(app, client, auth, community):
    with app.app_context():
        pid = make_proposal(community.resident_a)
    auth.login(community.resident_a)
    assert client.post(f"/proposals/{pid}/support", headers=HX).status_code == 422
    with app.app_context():
        assert db.session.get(Proposal, pid).support_count == 0


def test_threshold_puts_proposal_on_agenda_and_notifies_council(app, client, auth, community):
    from datetime import date

    with app.app_context():
        proposal_service.update_settings(community.id, None, 2, None, "")
        member = make_user(community.id, "议事员", "13700000009", community.households[1].id)
        council = Council(community_id=community.id, name="议事会")
        council.members.append(CouncilMember(user_id=member.id, role="chair", term_start=date(2020, 1, 1)))
        db.session.add(council)
        db.session.commit()
        third = make_user(community.id, "王五", "13700000010", community.households[2].id)
        pid = make_proposal(community.resident_b)
    for person in (community.resident_a, third):
        auth.login(person)
        client.post(f"/proposals/{pid}/support")
        auth.logout()
    with app.app_context():
        proposal = db.session.get(Proposal, pid)
        assert proposal.status == "on_agenda"
        assert [e.to_status for e in proposal.events] == ["collecting", "on_agenda"]
        notices = db.session.execute(select(Notification).where(Notification.kind == "proposal.on_agenda")).scalars()
        # The council, and the author and supporters (who keep proposal notices on by default).
        assert sorted(n.user_id for n in notices) == sorted(
            [member.id, community.resident_b.id, community.resident_a.id, third.id])


def test_percentage_threshold_counts_households_in_scope(app, client, auth, community):
    with app.app_context():
        proposal_service.update_settings(community.id, None, None, 25, "")
        pid = make_proposal(community.resident_b, building_id=community.building_b.id)
        # Building B has 4 households: 25 % is one support.
        other = make_user(community.id, "赵六", "13700000011", community.households[5].id)
    auth.login(other)
    client.post(f"/proposals/{pid}/support")
    with app.app_context():
        assert db.session.get(Proposal, pid).status == "on_agenda"


def test_withdrawn_proposal_is_audited_on_its_timeline(app, client, auth, community):
    with app.app_context():
        pid = make_proposal(community.resident_a)
    auth.login(community.resident_a)
    assert client.post(f"/proposals/{pid}/withdraw").status_code == 303
    with app.app_context():
        assert db.session.get(Proposal, pid).status == "withdrawn"
        assert "proposal.withdrawn" in db.session.execute(select(AuditEntry.action)).scalars().all()


def test_other_resident_cannot_withdraw(app, client, auth, community):
    with app.app_context():
        pid = make_proposal(community.resident_a)
    auth.login(community.resident_b)
    assert client.post(f"/proposals/{pid}/withdraw").status_code == 404
    with app.app_context():
        assert db.session.get(Proposal, pid).status == "collecting"


def test_list_loads_more_as_a_partial(app, client, auth, community):
    with app.app_context():
        for i in range(25):
            make_proposal(community.resident_b, title=f"提案{i:02d}")
    auth.login(community.resident_a)
    first = client.get("/proposals/").get_data(as_text=True)
    assert "提案24" in first and "提案04" not in first and "/proposals/?page=2" in first
    more = client.get("/proposals/?page=2", headers=HX).get_data(as_text=True)
    assert more.lstrip().startswith('<div id="proposals-page-2"') and "提案04" in more


def test_staff_set_the_threshold_residents_cannot(app, client, auth, community):
    auth.login(community.resident_a)
    assert client.post("/proposals/settings", data={"support_threshold_count": "3"}).status_code == 403
    auth.logout()
    auth.login(community.worker)
    assert client.post("/proposals/settings", data={"support_threshold_count": "3"}).status_code == 303
    assert client.post("/proposals/settings", data={"support_threshold_percent": "300"}).status_code == 422
    with app.app_context():
        assert proposal_service.settings_for(community.id).support_threshold_count == 3


def test_hidden_proposal_stays_visible_to_author_and_moderators_only(app, client, auth, community):
    with app.app_context():
        pid = make_proposal(community.resident_a, title="卖保健品")
    auth.login(community.resident_b)
    client.post(f"/proposals/{pid}/flag", data={"reason": "广告"})
    assert client.post(f"/proposals/{pid}/hide", data={"reason": "x"}).status_code == 404
    auth.logout()
    auth.login(community.worker)
    assert client.post(f"/proposals/{pid}/hide", data={"reason": "商业广告"}).status_code == 303
    assert "商业广告" in client.get(f"/proposals/{pid}").get_data(as_text=True)
    auth.logout()
    auth.login(community.resident_b)
    assert client.get(f"/proposals/{pid}").status_code == 404
    assert "卖保健品" not in client.get("/proposals/").get_data(as_text=True)
    auth.logout()
    auth.login(community.resident_a)
    assert "商业广告" in client.get(f"/proposals/{pid}").get_data(as_text=True)
    with app.app_context():
        notice = db.session.execute(select(Notification).where(Notification.kind == "proposal.hidden")).scalar_one()
        assert notice.user_id == community.resident_a.id
        assert "proposal.hide" in db.session.execute(select(AuditEntry.action)).scalars().all()


def test_markdown_body_is_formatted_and_links_are_safe(app, client, auth, community):
    with app.app_context():
        pid = make_proposal(community.resident_a, body="**重要**\n\n- 一楼\n- 二楼\n\n[街道通知](https://example.org)")
    auth.login(community.resident_b)
    page = client.get(f"/proposals/{pid}").get_data(as_text=True)
    assert "<strong>重要</strong>" in page and "<li>一楼</li>" in page
    assert 'href="https://example.org"' in page and 'rel="nofollow noopener noreferrer"' in page
