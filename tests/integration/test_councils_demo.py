"""The demo seed shows the councils area alive."""
from sqlalchemy import select

from deliberation.extensions import db
from deliberation.models import Decision, Meeting, Milestone, Objection, Project, Spending
from deliberation.models.base import utcnow
from deliberation.services import demo


def test_demo_council_holds_meeting_and_publishes_two_decisions(app, client):
    with app.app_context():
        demo.seed()  # calls seed_councils among the areas' seeds
        meeting = db.session.scalars(select(Meeting).where(Meeting.title == "2026 年第三次居民议事会")).one()
        assert meeting.minutes and len(meeting.present_member_ids()) == 4
        assert [i.outcome for i in meeting.items][:3] == ["adopted", "adopted", "rejected"]
        in_effect, in_notice = db.session.scalars(select(Decision).where(Decision.meeting_id == meeting.id)
                                                  .order_by(Decision.id)).all()
        assert in_effect.took_effect_at is not None
        assert in_notice.took_effect_at is None and in_notice.notice_ends_at > utcnow()
        objection = db.session.scalars(select(Objection).where(Objection.decision_id == in_notice.id)).one()
        assert objection.answered_at is not None
        project = db.session.scalars(select(Project).where(Project.proposal_id == in_effect.proposals[0].id)).one()
        assert project.status == "in_progress"
        assert len(db.session.scalars(select(Milestone).where(Milestone.project_id == project.id)).all()) == 3
        assert sum(db.session.scalars(select(Spending.amount).where(Spending.project_id == project.id))) > 0
        project_id, decision_id = project.id, in_notice.id
    client.post("/login", data={"identifier": "13800000002", "password": demo.PASSWORD})
    assert client.get(f"/projects/{project_id}").status_code == 200
    assert client.get(f"/decisions/{decision_id}/print").status_code == 200
