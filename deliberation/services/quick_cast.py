"""The cast gateway's two statements: queue a resident's ballot, and tell them it is still being checked.

Each is one statement that re-checks in the database what the login (session version, an active
account) and permissions.is_building_member would check, without loading the account. Whatever
does not fit (staff, a stale session, a duplicate, a settled ballot, bad input) gets None and goes
the ordinary way, through the app, which gives the precise and translated answer.
Needs no application context: the caller gives the engine (deliberation/cast_gateway.py).
"""
from functools import lru_cache
from typing import NamedTuple

from sqlalchemy import and_, bindparam, literal, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ..crypto.canonical import sha256_hex
from ..models import CastSubmission, Household, User
from ..models.base import utcnow
from .vote_casting import Submission, VoteError, ballot_bytes, check_open

INSERTS = {"postgresql": pg_insert, "sqlite": sqlite_insert}


def submit(engine, view, session_ident, ballot, now=None):
    """Queue a ballot for a verified resident of the open vote `view`; the Submission, or None."""
    now, resident = now or utcnow(), _resident(session_ident)
    try:
        check_open(view, now)
        body = ballot_bytes(ballot)
    except VoteError:
        return None
    if resident is None or engine.dialect.name not in INSERTS:
        return None
    tracker = sha256_hex(body)
    params = {"vote": view.id, "tracker": tracker, "body": body.decode(), "now": now, **resident,
              **_scope(view)}
    return Submission(view.id, tracker) if _insert(engine.dialect, view.building_id is not None).first(
        engine, params) else None


def still_pending(engine, view, session_ident, tracker):
    """True if this resident's ballot `tracker` is still waiting for the checker, else None (ask the app)."""
    resident = _resident(session_ident)
    if resident is None or view.status != "open":
        return None
    params = {"vote": view.id, "tracker": tracker, **resident, **_scope(view)}
    return _pending(engine.dialect, view.building_id is not None).first(engine, params) or None


def _resident(session_ident):
    parsed = User.parse_id(session_ident)
    return None if parsed is None else dict(zip(("user", "version"), parsed))


def _scope(view):
    return {"community": view.community_id, "building": view.building_id}


def _residents(in_building):
    """The signed-in account, if it is a verified resident of the vote's community (and building)."""
    users, homes = User.__table__, Household.__table__
    joined = users.outerjoin(homes, homes.c.id == users.c.household_id)
    where = [users.c.id == bindparam("user"), users.c.session_version == bindparam("version"),
             users.c.status == "verified", users.c.community_id == bindparam("community")]
    if in_building:
        where.append(homes.c.building_id == bindparam("building"))
    return joined, and_(*where)


@lru_cache(maxsize=8)
def _insert(dialect, in_building):
    users, queue = User.__table__, CastSubmission.__table__
    joined, resident = _residents(in_building)
    values = select(bindparam("vote", type_=queue.c.vote_id.type), bindparam("tracker", type_=queue.c.tracker.type),
                    bindparam("body", type_=queue.c.body.type), users.c.id,
                    bindparam("now", type_=queue.c.submitted_at.type), literal("pending"))
    statement = (INSERTS[dialect.name](queue)
                 .from_select(["vote_id", "tracker", "body", "user_id", "submitted_at", "status"],
                              values.select_from(joined).where(resident))
                 .on_conflict_do_nothing().returning(queue.c.id))
    return Compiled.of(statement, dialect, ("vote", "tracker", "body", "now", "user", "version", "community",
                                            "building"))


@lru_cache(maxsize=8)
def _pending(dialect, in_building):
    queue = CastSubmission.__table__
    joined, resident = _residents(in_building)
    statement = select(queue.c.id).select_from(joined.join(queue, queue.c.user_id == User.__table__.c.id)).where(
        resident, queue.c.vote_id == bindparam("vote"), queue.c.tracker == bindparam("tracker"),
        queue.c.status == "pending")
    return Compiled.of(statement, dialect, ("vote", "tracker", "user", "version", "community", "building"))


class Compiled(NamedTuple):
    """A statement compiled once for a dialect and run on the driver's own connection.

    SQLAlchemy's execution layer (statement cache lookup, result set-up) costs more CPU than the
    driver's execute of one small statement; the bind processors still apply.
    """

    sql: str
    order: tuple | None  # parameter names in order, for a positional paramstyle
    constants: dict
    processors: dict

    @classmethod
    def of(cls, statement, dialect, names):
        compiled = statement.compile(dialect=dialect)
        # The statement's own literals ('pending', 'verified'), bound once: construct_params with
        # every caller-given name set to None returns them beside those names.
        given = dict.fromkeys(names)
        constants = {name: value for name, value in compiled.construct_params(given).items() if name not in given}
        processors = {compiled.bind_names[bind]: process for bind in compiled.binds.values()
                      if (process := bind.type.bind_processor(dialect)) is not None}
        return cls(compiled.string, tuple(compiled.positiontup) if compiled.positional else None, constants,
                   processors)

    def first(self, engine, params):
        """Run as a transaction of its own; return the first column of the first row, or None.

        A pooled connection that died meanwhile fails the attempt and is thrown away; the second
        attempt takes a fresh one (a repeated insert is harmless: ON CONFLICT DO NOTHING).
        """
        values = {**self.constants, **params}
        for name, process in self.processors.items():
            values[name] = process(values[name])
        if self.order is not None:
            values = [values[name] for name in self.order]
        for attempt in (1, 2):
            connection = engine.raw_connection()
            try:
                cursor = connection.cursor()
                cursor.execute(self.sql, values)
                row = cursor.fetchone()
                connection.commit()
                return row[0] if row else None
            except engine.dialect.loaded_dbapi.Error as error:
                if attempt == 2 or not engine.dialect.is_disconnect(error, connection.dbapi_connection, None):
                    connection.rollback()
                    raise
                connection.invalidate()
            finally:
                connection.close()
