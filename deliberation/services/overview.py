"""What is happening in a community now, as one resident may see it: the home page's list."""
from sqlalchemy import or_, select

from ..extensions import db
from ..models import Proposal
from ..models.base import utcnow
from ..models.budget import BudgetCycle
from ..models.decision import Decision
from ..models.vote import Vote

LIMIT = 5


def _in_scope(model, building_id):
    # Community-wide items, and those of the reader's own building; staff (no building) see all.
    if building_id is None:
        return True
    return or_(model.building_id.is_(None), model.building_id == building_id)


def happening_now(community_id, building_id, see_all=False):
    """Return the open votes, proposals collecting support, decisions on notice and budget ballots."""
    scope = (lambda model: True) if see_all else (lambda model: _in_scope(model, building_id))
    votes = db.session.scalars(
        select(Vote).where(Vote.community_id == community_id, Vote.status == "open", scope(Vote))
        .order_by(Vote.id.desc()).limit(LIMIT)).all()
    proposals = db.session.scalars(
        select(Proposal).where(Proposal.community_id == community_id, Proposal.status == "collecting",
                               scope(Proposal))
        .order_by(Proposal.support_count.desc(), Proposal.id.desc()).limit(LIMIT)).all()
    decisions = db.session.scalars(
        select(Decision).where(Decision.community_id == community_id, Decision.notice_ends_at > utcnow(),
                               scope(Decision))
        .order_by(Decision.notice_ends_at).limit(LIMIT)).all()
    cycles = db.session.scalars(
        select(BudgetCycle).where(BudgetCycle.community_id == community_id, BudgetCycle.phase == "voting",
                                  scope(BudgetCycle))
        .order_by(BudgetCycle.id.desc()).limit(LIMIT)).all()
    return {"votes": votes, "proposals": proposals, "decisions": decisions, "cycles": cycles}
