"""Append governance actions to the audit hash chain, and check it."""
import json

from sqlalchemy import select

from ..domain.audit_chain import GENESIS, entry_hash, verify_chain
from ..extensions import db
from ..models import AuditEntry, AuditHead
from ..models.base import utcnow


def _hashed_fields(entry):
    return {
        "seq": entry.seq,
        "created_at": entry.created_at.isoformat(),
        "actor_id": entry.actor_id,
        "actor_name": entry.actor_name,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "details": entry.details,
    }


def _lock_head():
    # FOR UPDATE holds the head row until commit on PostgreSQL; SQLite's write
    # transaction (BEGIN IMMEDIATE, see create_app) already serialises writers.
    # Once locked, the head stays this transaction's: later entries reuse it.
    transaction = db.session().get_transaction()
    held = db.session.info.get("audit_head")
    if held is not None and held[0] is transaction and transaction is not None:
        return held[1]
    head = _fetch_head()
    db.session.info["audit_head"] = (db.session().get_transaction(), head)
    return head


def _fetch_head():
    stmt = select(AuditHead).where(AuditHead.id == 1).with_for_update()
    head = db.session.execute(stmt.execution_options(populate_existing=True)).scalar_one_or_none()
    if head is None:
        head = AuditHead(id=1, seq=0, hash=GENESIS)
        db.session.add(head)
        db.session.flush()
    return head


def record(actor, action, obj=None, **details):
    """Add an audit entry in the current transaction; the caller commits."""
    head = _lock_head()
    entry = AuditEntry(
        seq=head.seq + 1,
        created_at=utcnow(),
        actor_id=getattr(actor, "id", None),
        actor_name=getattr(actor, "name", "") or "system",
        action=action,
        object_type=type(obj).__name__.lower() if obj is not None else "",
        object_id=str(getattr(obj, "id", "") or "") if obj is not None else "",
        details=json.dumps(details, sort_keys=True, ensure_ascii=False, default=str),
        prev_hash=head.hash,
    )
    entry.hash = entry_hash(head.hash, _hashed_fields(entry))
    head.seq, head.hash = entry.seq, entry.hash
    db.session.add(entry)
    return entry


def check_chain():
    """Return the first break in the stored chain, or None when it is intact."""
    entries = db.session.execute(select(AuditEntry).order_by(AuditEntry.seq)).scalars()
    head = db.session.get(AuditHead, 1)
    rows = (
        {"seq": e.seq, "prev_hash": e.prev_hash, "hash": e.hash, "fields": _hashed_fields(e)}
        for e in entries
    )
    return verify_chain(rows, head.hash if head else None)
