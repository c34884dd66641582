"""The audit log, for workers and auditors."""
from datetime import datetime, time, timezone

from flask import Blueprint, request
from sqlalchemy import func, select

from ..extensions import db
from ..models import AuditEntry
from ..permissions import can_view_audit, require
from ..services.audit import check_chain
from ..web import render

bp = Blueprint("audit", __name__, url_prefix="/audit")
PAGE_SIZE = 50


def _day(value, end=False):
    try:
        day = datetime.strptime(value or "", "%Y-%m-%d").date()
    except ValueError:
        return None
    return datetime.combine(day, time.max if end else time.min, tzinfo=timezone.utc)


@bp.get("/")
@require(can_view_audit)
def index():
    """Show the log newest first, filtered by action, actor, object and dates."""
    query = select(AuditEntry)
    filters = {k: (request.args.get(k) or "").strip() for k in ("action", "actor", "object_type", "since", "until")}
    if filters["action"]:
        query = query.where(AuditEntry.action.startswith(filters["action"]))
    if filters["actor"]:
        query = query.where(AuditEntry.actor_name.contains(filters["actor"]))
    if filters["object_type"]:
        query = query.where(AuditEntry.object_type == filters["object_type"])
    if _day(filters["since"]):
        query = query.where(AuditEntry.created_at >= _day(filters["since"]))
    if _day(filters["until"]):
        query = query.where(AuditEntry.created_at <= _day(filters["until"], end=True))
    before = request.args.get("before", type=int)
    if before:
        query = query.where(AuditEntry.seq < before)
    entries = db.session.execute(query.order_by(AuditEntry.seq.desc()).limit(PAGE_SIZE + 1)).scalars().all()
    more = len(entries) > PAGE_SIZE
    entries = entries[:PAGE_SIZE]
    actions = db.session.execute(select(AuditEntry.action).distinct().order_by(AuditEntry.action)).scalars().all()
    total = db.session.scalar(select(func.count(AuditEntry.id)))
    chain_break = check_chain() if request.args.get("check") else None
    return render("audit/index.html", "audit/_rows.html", entries=entries, filters=filters,
                  actions=actions, more=more, total=total, checked=bool(request.args.get("check")),
                  chain_break=chain_break)
