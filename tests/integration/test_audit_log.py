from sqlalchemy import delete, select, update

from deliberation.extensions import db
from deliberation.models import AuditEntry, User
from deliberation.services import audit, residents


def make_entries(app, community, n=4):
    with app.app_context():
        worker = db.session.get(User, community.worker.id)
        for i in range(n):
            audit.record(worker, "test.action", None, number=i)
        db.session.commit()


def test_audit_verify_accepts_an_intact_log(app, runner, community):
    make_entries(app, community)
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0 and "intact: 4 entries" in result.output


def test_audit_verify_names_an_edited_entry(app, runner, community):
    make_entries(app, community)
    with app.app_context():
        db.session.execute(update(AuditEntry).where(AuditEntry.seq == 2).values(actor_name="someone else"))
        db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and "entry #2" in result.output and "edited" in result.output


def test_audit_verify_names_a_deleted_entry(app, runner, community):
    make_entries(app, community)
    with app.app_context():
        db.session.execute(delete(AuditEntry).where(AuditEntry.seq == 3))
        db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and "entry #4" in result.output and "deleted" in result.output


def test_audit_verify_names_reordered_entries(app, runner, community):
    make_entries(app, community)
    with app.app_context():
        first, second = (db.session.execute(select(AuditEntry).where(AuditEntry.seq == s)).scalar_one()
                         for s in (2, 3))
        first.seq, second.seq = 100, 101
        db.session.flush()
        first.seq, second.seq = 3, 2
        db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and "entry #2" in result.output


def test_governance_actions_are_audited_with_actor_and_object(app, community):
    with app.app_context():
        worker = db.session.get(User, community.worker.id)
        resident = db.session.get(User, community.resident_a.id)
        residents.change_status(resident, "suspend", worker, "complaint")
        entry = db.session.execute(select(AuditEntry).order_by(AuditEntry.seq.desc())).scalars().first()
        assert (entry.action, entry.actor_id, entry.object_type, entry.object_id) == (
            "resident.suspend", worker.id, "user", str(resident.id))
        assert entry.created_at.tzinfo is not None


def test_audit_page_is_for_workers_and_auditors_only(client, auth, community, app):
    make_entries(app, community, 2)
    auth.login(community.resident_a)
    assert client.get("/audit/").status_code == 403
    auth.logout()
    auth.login(community.auditor)
    page = client.get("/audit/?action=test.action").get_data(as_text=True)
    assert page.count("<code>test.action</code>") == 2
    assert "哈希链完整" in client.get("/audit/?check=1").get_data(as_text=True)
