"""Full-text search indexes that work for Chinese: SQLite FTS5 trigram tables, PostgreSQL pg_trgm GIN indexes.

The same statements go into the Alembic revision (see SQLITE_DDL and POSTGRES_DDL).
"""
from sqlalchemy import event, text

SQLITE_DDL = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS proposal_fts USING fts5("
    "title, body, content='proposal', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS proposal_fts_ai AFTER INSERT ON proposal BEGIN "
    "INSERT INTO proposal_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    "CREATE TRIGGER IF NOT EXISTS proposal_fts_ad AFTER DELETE ON proposal BEGIN "
    "INSERT INTO proposal_fts(proposal_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body); END",
    "CREATE TRIGGER IF NOT EXISTS proposal_fts_au AFTER UPDATE OF title, body ON proposal BEGIN "
    "INSERT INTO proposal_fts(proposal_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body); "
    "INSERT INTO proposal_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    "CREATE VIRTUAL TABLE IF NOT EXISTS comment_fts USING fts5("
    "body, content='comment', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS comment_fts_ai AFTER INSERT ON comment BEGIN "
    "INSERT INTO comment_fts(rowid, body) VALUES (new.id, new.body); END",
    "CREATE TRIGGER IF NOT EXISTS comment_fts_ad AFTER DELETE ON comment BEGIN "
    "INSERT INTO comment_fts(comment_fts, rowid, body) VALUES ('delete', old.id, old.body); END",
    "CREATE TRIGGER IF NOT EXISTS comment_fts_au AFTER UPDATE OF body ON comment BEGIN "
    "INSERT INTO comment_fts(comment_fts, rowid, body) VALUES ('delete', old.id, old.body); "
    "INSERT INTO comment_fts(rowid, body) VALUES (new.id, new.body); END",
    # Index rows that existed before the tables did (an upgrade of a live database).
    "INSERT INTO proposal_fts(proposal_fts) VALUES ('rebuild')",
    "INSERT INTO comment_fts(comment_fts) VALUES ('rebuild')",
]

POSTGRES_DDL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS ix_proposal_search_trgm ON proposal "
    "USING gin ((title || ' ' || body) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS ix_comment_body_trgm ON comment USING gin (body gin_trgm_ops)",
]

# The downgrade: DROP these (PostgreSQL keeps the extension, other tables may use it).
SQLITE_DROP = ["DROP TABLE IF EXISTS proposal_fts", "DROP TABLE IF EXISTS comment_fts"]
POSTGRES_DROP = ["DROP INDEX IF EXISTS ix_proposal_search_trgm", "DROP INDEX IF EXISTS ix_comment_body_trgm"]


def install_search_index(connection):
    """Create the search index for this connection's database (idempotent)."""
    statements = {"sqlite": SQLITE_DDL, "postgresql": POSTGRES_DDL}.get(connection.dialect.name, [])
    for statement in statements:
        connection.execute(text(statement))


def listen(metadata):
    """Install the search index whenever create_all builds the tables (tests, demo, first start)."""

    @event.listens_for(metadata, "after_create")
    def after_create(target, connection, **kw):
        install_search_index(connection)
