import os

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from deliberation.extensions import db
from deliberation.models.base import include_in_autogenerate

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
