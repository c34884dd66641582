import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import IntegrityError

from deliberation.extensions import db
from deliberation.models.base import include_in_autogenerate

from .. import vote_world
from ..conftest import ON_POSTGRES


def _empty_database(tmp_path):
    if not ON_POSTGRES:
        return f"sqlite:///{tmp_path / 'migrated.sqlite'}"
    base = os.environ["DATABASE_URL"]
    name = f"migrations_{os.getpid()}"
    admin = create_engine(base.replace("postgresql://", "postgresql+psycopg://", 1),
                          isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        conn.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return base.rsplit("/", 1)[0] + "/" + name


def test_upgrade_from_empty_matches_the_models(make_app, tmp_path):
    app = make_app(SQLALCHEMY_DATABASE_URI=_empty_database(tmp_path))
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True,
                                                             "include_object": include_in_autogenerate})
            diff = compare_metadata(context, db.metadata)
        for engine in db.engines.values():
            engine.dispose()
    _drop(app.config["SQLALCHEMY_DATABASE_URI"])
    assert diff == []


def _drop(url):
    if not ON_POSTGRES:
        return
    base, name = url.rsplit("/", 1)
    admin = create_engine(os.environ["DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://", 1),
                          isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


def test_the_migrated_database_keeps_a_vote_status_to_the_state_machine(make_app, tmp_path):
    app = make_app(SQLALCHEMY_DATABASE_URI=_empty_database(tmp_path))
    with app.app_context():
        upgrade()
        allowed = _vote_status_check(db.engine)
        downgrade(revision="0006")
        before = _vote_status_check(db.engine)
        upgrade()
        again = _vote_status_check(db.engine)
        for engine in db.engines.values():
            engine.dispose()
    _drop(app.config["SQLALCHEMY_DATABASE_URI"])
    assert "'tallying'" in allowed and "'published'" in allowed and again == allowed
    assert before is None


def test_the_database_refuses_a_vote_status_outside_the_state_machine(app, community):
    with app.app_context():
        world = vote_world.open_vote(community)
        db.session.execute(text("UPDATE vote SET status = 'tallying' WHERE id = :id"), {"id": world.id})
        with pytest.raises(IntegrityError):
            db.session.execute(text("UPDATE vote SET status = 'opened' WHERE id = :id"), {"id": world.id})
        db.session.rollback()


def _vote_status_check(engine):
    checks = {c["name"]: c["sqltext"] for c in inspect(engine).get_check_constraints("vote")}
    return checks.get("ck_vote_status")
