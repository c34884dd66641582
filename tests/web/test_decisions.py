"""Published decisions: public notice, objections and answers, taking effect, the printable notice."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from deliberation.extensions import db
from deliberation.models import AuditEntry, Decision, Objection, Project, Proposal, ProposalEvent, User
from deliberation.services import decisions, projects

from .. import council_world
from ..council_world import NOW, publish


@pytest.fixture
def world(app, community):
    with app.app_context():
        return council_world.build(community)


def actions(app):
    with app.app_context():
        return [e.action for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.seq))]


def test_decision_page_shows_text_breakdown_and_notice(client, auth, app, world, community):
    decision_id = publish(app, world)
    auth.login(community.resident_b)
    page = client.get(f"/decisions/{decision_id}").get_data(as_text=True)
    assert "<strong>20 个</strong>" in page and "关于加装充电桩的决议" in page
    assert "<td>3</td><td>1</td><td>0</td><td>0</td>" in page
    assert "decision.publish" in actions(app)


def test_resident_in_scope_objects_during_notice_period(client, auth, app, world, community):
    decision_id = publish(app, world)
    auth.login(community.resident_b)
    response = client.post(f"/decisions/{decision_id}/objections", data={"reasons": "充电桩离儿童游乐区太近。"},
                           headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.get_data(as_text=True).lstrip().startswith('<section id="objections"')
    with app.app_context():
        assert db.session.scalars(select(Objection.reasons)).all() == ["充电桩离儿童游乐区太近。"]
    assert "decision.object" in actions(app)


def test_objection_after_notice_period_is_refused(client, auth, app, world, community):
    decision_id = publish(app, world, published_days_ago=8)
    auth.login(community.resident_b)
    response = client.post(f"/decisions/{decision_id}/objections", data={"reasons": "我反对这个决定。"})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalars(select(Objection)).all() == []


def test_empty_objection_is_refused_with_message(client, auth, app, world, community):
    decision_id = publish(app, world)
    auth.login(community.resident_a)
    response = client.post(f"/decisions/{decision_id}/objections", data={"reasons": " "})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalars(select(Objection)).all() == []


def test_resident_of_other_building_gets_404_on_building_decision(client, auth, app, world, community):
    decision_id = publish(app, world, council="b_council", proposal="b_proposal", votes=("yes", "yes"))
    auth.login(community.resident_a)
    assert client.get(f"/decisions/{decision_id}").status_code == 404
    assert client.post(f"/decisions/{decision_id}/objections", data={"reasons": "我不住这栋但反对"}).status_code == 404
    with app.app_context():
        assert db.session.scalars(select(Objection)).all() == []
    auth.login(community.resident_b)
    assert client.get(f"/decisions/{decision_id}").status_code == 200


def file_objection(app, decision_id, author_id, days_ago):
    with app.app_context():
        decision = db.session.get(Decision, decision_id)
        decisions.file_objection(decision, db.session.get(User, author_id), "噪音扰民",
                                 now=NOW - timedelta(days=days_ago))
        return decision.objections[0].id


def test_decision_with_unanswered_objection_cannot_take_effect(client, auth, app, world, community):
    decision_id = publish(app, world, published_days_ago=8)
    file_objection(app, decision_id, community.resident_b.id, days_ago=5)
    auth.login(world.chair)
    page = client.get(f"/decisions/{decision_id}").get_data(as_text=True)
    client.post(f"/decisions/{decision_id}/take-effect")
    with app.app_context():
        assert db.session.get(Decision, decision_id).took_effect_at is None
        assert db.session.get(Proposal, world.proposal).status == "on_agenda"
    assert "decision.take_effect" not in actions(app)
    assert "Every objection must be answered" in page or "每一条异议" in page


def test_answered_objection_lets_decision_take_effect_and_proposal_becomes_project(client, auth, app, world,
                                                                                  community):
    decision_id = publish(app, world, published_days_ago=8)
    objection_id = file_objection(app, decision_id, community.resident_b.id, days_ago=5)
    auth.login(world.secretary)
    response = client.post(f"/decisions/objections/{objection_id}/answer",
                           data={f"answer{objection_id}-answer": "充电桩将设在远离游乐区的北侧。"})
    assert response.status_code == 303
    assert client.post(f"/decisions/{decision_id}/take-effect").status_code == 303
    with app.app_context():
        assert db.session.get(Decision, decision_id).took_effect_at is not None
        proposal = db.session.get(Proposal, world.proposal)
        assert proposal.status == "accepted"
        project = db.session.scalars(select(Project).where(Project.proposal_id == proposal.id)).one()
        assert project.budget == 1_280_000
        events = select(ProposalEvent).where(ProposalEvent.proposal_id == proposal.id).order_by(ProposalEvent.id)
        kinds = [e.kind for e in db.session.scalars(events)]
    assert kinds == ["decision", "status", "project"]
    assert {"decision.answer", "decision.take_effect", "project.create"} <= set(actions(app))


def test_only_officers_of_that_council_answer_objections(client, auth, app, world, community):
    decision_id = publish(app, world)
    objection_id = file_objection(app, decision_id, community.resident_b.id, days_ago=0)
    for outsider in (world.b_secretary, world.members[2], community.resident_a):
        auth.login(outsider)
        response = client.post(f"/decisions/objections/{objection_id}/answer",
                               data={f"answer{objection_id}-answer": "不予采纳"})
        assert response.status_code == 404
    with app.app_context():
        assert db.session.get(Objection, objection_id).answered_at is None


def test_due_decision_takes_effect_when_viewed(client, auth, app, world, community):
    decision_id = publish(app, world, effect="send_to_vote", published_days_ago=8)
    auth.login(community.resident_a)
    client.get(f"/decisions/{decision_id}")
    with app.app_context():
        decision = db.session.get(Decision, decision_id)
        assert decision.took_effect_at is not None and decision.vote_id is None
        assert db.session.get(Proposal, world.proposal).status == "voting"


def test_settle_command_puts_due_decisions_into_effect(app, world, runner):
    decision_id = publish(app, world, effect="accept", published_days_ago=9)
    result = runner.invoke(args=["decisions", "settle"])
    assert "1 decision" in result.output
    with app.app_context():
        assert db.session.get(Decision, decision_id).took_effect_at is not None


def test_rejected_item_cannot_publish_an_acceptance(app, world):
    with pytest.raises(decisions.DecisionError):
        publish(app, world, effect="accept", votes=("yes", "no", "no", "no"))


def test_print_notice_has_qr_code_and_dates(client, auth, app, world, community):
    decision_id = publish(app, world)
    auth.login(community.resident_a)
    page = client.get(f"/decisions/{decision_id}/print").get_data(as_text=True)
    assert 'src="data:image/svg+xml' in page and "notice.css" in page
    assert f"/decisions/{decision_id}" in page


def test_voting_module_links_its_vote_to_a_decision_that_sent_the_proposal(app, world):
    decision_id = publish(app, world, effect="send_to_vote", published_days_ago=8)
    with app.app_context():
        decision = db.session.get(Decision, decision_id)
        with pytest.raises(decisions.DecisionError):
            decisions.link_vote(decision, 42, None)
        decisions.settle(decision)
        decisions.link_vote(decision, 42, None)
        assert db.session.get(Decision, decision_id).vote_id == 42
        assert "vote" in [kind for _, kind, _, _ in projects.timeline(db.session.get(Proposal, world.proposal))]
