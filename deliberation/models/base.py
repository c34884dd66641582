"""Column helpers shared by the models."""
from datetime import datetime, timezone

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator


def utcnow():
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """Store timezone-aware UTC datetimes on every backend (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("naive datetime given; use UTC-aware datetimes")
            value = value.astimezone(timezone.utc)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value


# Objects created by hand-written DDL in the revisions, which the models do not describe:
# the full-text search tables (SQLite FTS5 and its shadow tables) and trigram indexes.
UNMODELLED_PREFIXES = ("proposal_fts", "comment_fts")
UNMODELLED_INDEXES = ("ix_proposal_search_trgm", "ix_comment_body_trgm")


def include_in_autogenerate(obj, name, type_, reflected, compare_to):
    """Tell Alembic to leave alone what the models do not describe."""
    if type_ == "table" and name and name.startswith(UNMODELLED_PREFIXES):
        return False
    if type_ == "index" and name in UNMODELLED_INDEXES:
        return False
    return True
