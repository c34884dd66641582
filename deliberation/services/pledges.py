"""Residents pledge money or materials to a project; the organiser records fulfilment."""
from sqlalchemy import select

from ..domain.booking_rules import RuleBroken
from ..extensions import db
from ..models import Pledge
from ..models.base import utcnow
from . import audit

MAX_FEN = 100_000_000  # one million yuan: anything larger is a typing mistake


def pledge(project, user, kind, amount=0, description=""):
    """Record a pledge of money (amount in fen) or materials (described)."""
    if kind == "money" and not 0 < amount <= MAX_FEN:
        raise RuleBroken("bad_amount")
    if kind == "materials" and not description.strip():
        raise RuleBroken("no_description")
    item = Pledge(project_id=project.id, user_id=user.id, kind=kind,
                  amount=amount if kind == "money" else 0, description=description.strip())
    db.session.add(item)
    db.session.flush()
    audit.record(user, "pledge.create", item, project=project.id, kind=kind, amount=item.amount,
                 description=item.description)
    db.session.commit()
    return item


def fulfil(item, actor):
    if item.status != "pledged":
        raise RuleBroken("wrong_status")
    item.status, item.fulfilled_at, item.confirmed_by_id = "fulfilled", utcnow(), actor.id
    audit.record(actor, "pledge.fulfil", item, project=item.project_id)
    db.session.commit()


def withdraw(item, user):
    if item.status != "pledged":
        raise RuleBroken("wrong_status")
    item.status = "withdrawn"
    audit.record(user, "pledge.withdraw", item, project=item.project_id)
    db.session.commit()


def of_project(project_id):
    """Return the project's pledges and a summary of money pledged and received (fen)."""
    items = db.session.execute(select(Pledge).where(Pledge.project_id == project_id)
                               .order_by(Pledge.id.desc())).scalars().all()
    live = [p for p in items if p.status != "withdrawn"]
    summary = {
        "money_pledged": sum(p.amount for p in live if p.kind == "money"),
        "money_received": sum(p.amount for p in live if p.kind == "money" and p.status == "fulfilled"),
        "materials": sum(1 for p in live if p.kind == "materials"),
        "materials_received": sum(1 for p in live if p.kind == "materials" and p.status == "fulfilled"),
    }
    return items, summary
