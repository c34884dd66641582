"""Search proposals and comments, in Chinese too: FTS5 trigram on SQLite, pg_trgm on PostgreSQL."""
from sqlalchemy import and_, literal_column, or_, select, text
from sqlalchemy.orm import contains_eager, joinedload

from ..extensions import db
from ..models import Comment, Proposal, Thread
from .proposals import visible_buildings, visible_filter

LIMIT = 20
# The expression the PostgreSQL GIN index covers; the query must spell it the same way to use it.
PROPOSAL_TEXT = literal_column("(proposal.title || ' ' || proposal.body)")


def _like_pattern(query):
    escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _fts_phrase(query):
    return '"' + query.replace('"', '""') + '"'


def _proposal_match(query):
    dialect = db.engine.dialect.name
    if dialect == "sqlite" and len(query) >= 3:
        ids = text("SELECT rowid FROM proposal_fts WHERE proposal_fts MATCH :q").bindparams(q=_fts_phrase(query))
        return Proposal.id.in_(ids.columns(literal_column("rowid")))
    if dialect == "postgresql":
        return PROPOSAL_TEXT.ilike(_like_pattern(query), escape="\\")
    pattern = _like_pattern(query)
    return or_(Proposal.title.like(pattern, escape="\\"), Proposal.body.like(pattern, escape="\\"))


def _comment_match(query):
    dialect = db.engine.dialect.name
    if dialect == "sqlite" and len(query) >= 3:
        ids = text("SELECT rowid FROM comment_fts WHERE comment_fts MATCH :q").bindparams(q=_fts_phrase(query))
        return Comment.id.in_(ids.columns(literal_column("rowid")))
    if dialect == "postgresql":
        return Comment.body.ilike(_like_pattern(query), escape="\\")
    return Comment.body.like(_like_pattern(query), escape="\\")


def search(user, query, category=None, status=None, scope=None):
    """Proposals and comments matching the words that this user may see, newest first."""
    query = (query or "").strip()[:100]
    if not query:
        return [], []
    proposal_filters = [*visible_filter(user), Proposal.status != "draft"]
    if category:
        proposal_filters.append(Proposal.category == category)
    if status:
        proposal_filters.append(Proposal.status == status)
    if scope == "community":
        proposal_filters.append(Proposal.building_id.is_(None))
    elif scope and scope.isdigit():
        proposal_filters.append(Proposal.building_id == int(scope))
    proposals = db.session.execute(
        select(Proposal).where(*proposal_filters, _proposal_match(query))
        .options(joinedload(Proposal.building)).order_by(Proposal.id.desc()).limit(LIMIT)).scalars().all()
    # Each matching comment reaches its thread and proposal by primary key, so the newest few are found
    # without building the whole set of visible threads first.
    comments = db.session.execute(
        select(Comment).join(Thread, Comment.thread_id == Thread.id)
        .outerjoin(Proposal, Thread.proposal_id == Proposal.id)
        .where(_comment_match(query), Comment.hidden_at.is_(None),
               *_thread_filters(user, proposal_filters, category or status, scope))
        .options(contains_eager(Comment.thread), joinedload(Comment.author))
        .order_by(Comment.id.desc()).limit(LIMIT)).scalars().all()
    return proposals, comments


def _thread_filters(user, proposal_filters, only_proposals, scope):
    buildings = visible_buildings(user)
    filters = [Thread.community_id == user.community_id]
    if scope == "community":
        filters.append(Thread.building_id.is_(None))
    elif scope and scope.isdigit():
        filters.append(Thread.building_id == int(scope))
    board = Thread.proposal_id.is_(None) & or_(Thread.building_id.is_(None), Thread.building_id.in_(buildings))
    on_proposal = and_(Thread.proposal_id.is_not(None), *proposal_filters)
    filters.append(on_proposal if only_proposals else or_(board, on_proposal))
    return filters
