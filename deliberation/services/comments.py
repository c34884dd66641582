"""Boards, threads and comments: post, reply, correct, react, and read in three orders."""
from sqlalchemy import delete, select, update
from sqlalchemy.orm import joinedload

from ..domain import consensus
from ..domain.deliberation_rules import may_edit
from ..extensions import db
from ..models import Comment, Reaction, Thread
from ..models.base import utcnow
from ..models.discussion import REACTIONS
from . import audit, delivery, notifications
from .proposals import DeliberationError

ORDERS = ("new", "agreed", "common")
GROUPINGS = ("building", "occupancy")  # common ground across buildings, or between owners and tenants
PAGE_SIZE = 30


def start_thread(author, building_id, title, body):
    """Open a topic on the community board (building_id None) or on a building's board."""
    thread = Thread(community_id=author.community_id, building_id=building_id, author_id=author.id,
                    title=title.strip(), comment_count=0)
    db.session.add(thread)
    db.session.flush()
    audit.record(author, "thread.create", thread, building_id=building_id, title=thread.title)
    _add_comment(thread, author, body, None)
    db.session.commit()
    return thread


def _add_comment(thread, author, body, parent):
    comment = Comment(thread_id=thread.id, author_id=author.id, body=body.strip(),
                      parent_id=parent.id if parent else None)
    db.session.add(comment)
    db.session.execute(update(Thread).where(Thread.id == thread.id)
                       .values(comment_count=Thread.comment_count + 1, last_activity_at=utcnow()))
    db.session.flush()
    return comment


def post_comment(thread, author, body, parent_id=None):
    """Add a comment, or a reply to a top-level comment of the same thread."""
    parent = None
    if parent_id:
        parent = db.session.get(Comment, parent_id)
        if parent is None or parent.thread_id != thread.id or parent.hidden_at is not None:
            raise DeliberationError("bad_parent")
        # One level of replies: answering a reply answers its top-level comment.
        if parent.parent_id is not None:
            parent = db.session.get(Comment, parent.parent_id)
    comment = _add_comment(thread, author, body, parent)
    audit.record(author, "comment.create", comment, thread_id=thread.id, parent_id=comment.parent_id)
    if parent and parent.author_id != author.id and delivery.wants(parent.author_id, "replies"):
        notifications.notify([parent.author_id], "comment.reply", link=f"/threads/{thread.id}#comment-{comment.id}",
                             name=author.name, title=thread.title)
    db.session.commit()
    if parent:
        delivery.email_immediately()
    return comment


def edit_comment(comment, author, body, now=None):
    """Correct a comment within 15 minutes of posting; it is then marked as edited."""
    now = now or utcnow()
    if comment.author_id != author.id or not may_edit(comment.created_at, now):
        raise DeliberationError("edit_window")
    comment.body = body.strip()
    comment.edited_at = now
    audit.record(author, "comment.edit", comment)
    db.session.commit()
    return comment


def react(comment, user, kind):
    """Record agree / disagree / pass; choosing the same again takes the reaction back."""
    if kind not in REACTIONS:
        raise DeliberationError("bad_reaction")
    previous = db.session.execute(select(Reaction).where(Reaction.comment_id == comment.id,
                                                         Reaction.user_id == user.id)).scalar_one_or_none()
    if previous is not None:
        _bump(comment, previous.kind, -1)
        db.session.execute(delete(Reaction).where(Reaction.id == previous.id))
    if previous is None or previous.kind != kind:
        db.session.add(Reaction(comment_id=comment.id, user_id=user.id, kind=kind,
                                building_id=user.building_id, occupancy=user.occupancy))
        _bump(comment, kind, +1)
    audit.record(user, "comment.react", comment, kind=kind, undo=previous is not None and previous.kind == kind)
    db.session.commit()
    db.session.refresh(comment)
    return comment


def _bump(comment, kind, step):
    column = getattr(Comment, f"{'pass' if kind == 'pass' else kind}_count")
    db.session.execute(update(Comment).where(Comment.id == comment.id).values({column: column + step}))


def ids_on_page(top, replies):
    """Ids of the top-level comments shown and of their replies."""
    return [c.id for c in top] + [r.id for shown in replies.values() for r in shown]


def my_reactions(user, comment_ids):
    if not comment_ids:
        return {}
    return dict(db.session.execute(select(Reaction.comment_id, Reaction.kind).where(
        Reaction.user_id == user.id, Reaction.comment_id.in_(comment_ids))).all())


def thread_comments(thread, order="new", page=1, grouping="building"):
    """Top-level comments of one page in the chosen order, each with its replies; constant query count."""
    top = list(db.session.execute(
        select(Comment).where(Comment.thread_id == thread.id, Comment.parent_id.is_(None))
        .options(joinedload(Comment.author)).order_by(Comment.id)).scalars())
    if order == "agreed":
        top.sort(key=lambda c: (-(c.agree_count - c.disagree_count), -c.id))
    elif order == "common":
        ranked = consensus.common_ground_order([c.id for c in top], reactions_for(thread, by=grouping))
        by_id = {c.id: c for c in top}
        top = [by_id[cid] for cid in ranked]
    else:
        top.reverse()
    more = len(top) > page * PAGE_SIZE
    top = top[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
    replies = {}
    if top:
        for reply in db.session.execute(
                select(Comment).where(Comment.parent_id.in_([c.id for c in top]))
                .options(joinedload(Comment.author)).order_by(Comment.id)).scalars():
            replies.setdefault(reply.parent_id, []).append(reply)
    return top, replies, more


def reactions_for(thread, by="building"):
    """(comment id, group, kind) for every reaction in the thread; group is a building id or occupancy."""
    group = Reaction.building_id if by == "building" else Reaction.occupancy
    rows = db.session.execute(select(Reaction.comment_id, group, Reaction.kind).join(Comment)
                              .where(Comment.thread_id == thread.id)).all()
    return [(cid, g, kind) for cid, g, kind in rows]


def agreement_by_group(comment):
    """Per group (buildings, then owners and tenants), the reactions to one comment."""
    rows = db.session.execute(select(Reaction.building_id, Reaction.occupancy, Reaction.kind)
                              .where(Reaction.comment_id == comment.id)).all()
    by_building = consensus.tally([(comment.id, b, k) for b, _, k in rows]).get(comment.id)
    by_occupancy = consensus.tally([(comment.id, o, k) for _, o, k in rows]).get(comment.id)
    return (by_building.groups if by_building else {}), (by_occupancy.groups if by_occupancy else {})


def board_threads(community_id, building_id, page=1, per_page=20):
    """Topics of a board (not proposal threads), most recently active first."""
    query = (select(Thread).where(Thread.community_id == community_id, Thread.proposal_id.is_(None))
             .options(joinedload(Thread.author)))
    query = query.where(Thread.building_id.is_(None) if building_id is None else Thread.building_id == building_id)
    rows = db.session.execute(query.order_by(Thread.last_activity_at.desc(), Thread.id.desc())
                              .offset((page - 1) * per_page).limit(per_page + 1)).scalars().all()
    return rows[:per_page], len(rows) > per_page
