"""Flag and hide comments and proposals; authors are told, everything is audited."""
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import Comment, Flag, Proposal, ProposalModeration
from ..models.base import utcnow
from ..permissions import can_moderate_scope, is_staff
from . import audit, delivery, notifications
from .proposals import DeliberationError


def _scope(obj):
    if isinstance(obj, Comment):
        return obj.thread.community_id, obj.thread.building_id
    return obj.community_id, obj.building_id


def flag(obj, user, reason):
    """Ask moderators to look at a comment or proposal; a second flag by the same person is ignored."""
    community_id, building_id = _scope(obj)
    kind = "comment" if isinstance(obj, Comment) else "proposal"
    exists = db.session.execute(select(Flag.id).where(Flag.object_type == kind, Flag.object_id == obj.id,
                                                      Flag.user_id == user.id)).first()
    if exists:
        return False
    db.session.add(Flag(community_id=community_id, building_id=building_id, object_type=kind,
                        object_id=obj.id, user_id=user.id, reason=reason.strip()))
    audit.record(user, f"{kind}.flag", obj, reason=reason.strip())
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


def _resolve_flags(kind, object_id):
    for item in db.session.execute(select(Flag).where(Flag.object_type == kind, Flag.object_id == object_id,
                                                      Flag.resolved_at.is_(None))).scalars():
        item.resolved_at = utcnow()


def hide_comment(comment, moderator, reason):
    if comment.hidden_at is not None:
        raise DeliberationError("already_hidden")
    comment.hidden_at, comment.hidden_by_id, comment.hidden_reason = utcnow(), moderator.id, reason.strip()
    _resolve_flags("comment", comment.id)
    audit.record(moderator, "comment.hide", comment, reason=comment.hidden_reason)
    notifications.notify([comment.author_id], "comment.hidden", link=f"/threads/{comment.thread_id}",
                         reason=comment.hidden_reason, title=comment.thread.title)
    db.session.commit()
    delivery.email_immediately()


def unhide_comment(comment, moderator):
    comment.hidden_at, comment.hidden_by_id, comment.hidden_reason = None, None, ""
    audit.record(moderator, "comment.unhide", comment)
    db.session.commit()


def hide_proposal(proposal, moderator, reason):
    if proposal.moderation is not None:
        raise DeliberationError("already_hidden")
    db.session.add(ProposalModeration(proposal_id=proposal.id, hidden_by_id=moderator.id, reason=reason.strip()))
    _resolve_flags("proposal", proposal.id)
    audit.record(moderator, "proposal.hide", proposal, reason=reason.strip())
    notifications.notify([proposal.author_id], "proposal.hidden", link=f"/proposals/{proposal.id}",
                         reason=reason.strip(), title=proposal.title)
    db.session.commit()
    delivery.email_immediately()


def unhide_proposal(proposal, moderator):
    if proposal.moderation is not None:
        db.session.delete(proposal.moderation)
    audit.record(moderator, "proposal.unhide", proposal)
    db.session.commit()
    db.session.expire(proposal, ["moderation"])


def open_flags(moderator):
    """Unresolved flags in the scopes this moderator looks after, oldest first."""
    query = select(Flag).where(Flag.community_id == moderator.community_id, Flag.resolved_at.is_(None))
    if not is_staff(moderator):
        buildings = [g.building_id for g in moderator.roles if g.role == "captain" and g.building_id]
        if not buildings:
            return []
        query = query.where(Flag.building_id.in_(buildings))
    flags = db.session.execute(query.order_by(Flag.id)).scalars().all()
    return [f for f in flags if can_moderate_scope(moderator, f.building_id)]


def flagged_object(item):
    model = Comment if item.object_type == "comment" else Proposal
    return db.session.get(model, item.object_id)


