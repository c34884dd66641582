"""Fixtures in the flaskr style: app, client, runner, auth, plus a small community."""
import os
import shutil
import threading

import pytest
from sqlalchemy import create_engine, text
from werkzeug.serving import make_server

from deliberation import create_app
from deliberation.extensions import db
from deliberation.services import vote_checker

from .factories import Community

def _driver_url(url):
    return url.replace("postgresql://", "postgresql+psycopg://", 1) if url.startswith("postgresql://") else url


def _worker_database(url):
    """Give each pytest-xdist worker a database of its own on the same PostgreSQL server."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker or not url or not url.startswith("postgres"):
        return url
    base, name = url.rsplit("/", 1)
    own = f"{name}_{worker}"
    admin = create_engine(_driver_url(url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{own}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{own}"'))
    admin.dispose()
    # Everything that reads the environment (subprocesses, the migrations test) follows.
    os.environ["DATABASE_URL"] = f"{base}/{own}"
    return os.environ["DATABASE_URL"]


DATABASE_URL = _worker_database(os.environ.get("DATABASE_URL"))
ON_POSTGRES = bool(DATABASE_URL and DATABASE_URL.startswith("postgres"))
TEST_CONFIG = {
    "TESTING": True,
    "WTF_CSRF_ENABLED": False,
    "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
    "SECRET_KEY": "test-secret",
    "RATELIMIT_ENABLED": False,
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "postgres" in item.keywords and not ON_POSTGRES:
            item.add_marker(pytest.mark.skip(reason="needs DATABASE_URL pointing at PostgreSQL"))


def _config(tmp_path, **extra):
    url = DATABASE_URL or f"sqlite:///{tmp_path / 'test.sqlite'}"
    return {**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url, **extra}


@pytest.fixture(scope="session")
def schema_template(tmp_path_factory):
    """Build the schema once per run: a template SQLite file, or the tables on PostgreSQL."""
    base = tmp_path_factory.mktemp("schema")
    app = create_app(_config(base))
    with app.app_context():
        db.drop_all()
        db.create_all()
        for engine in db.engines.values():
            engine.dispose()
    return base / "test.sqlite"


def _empty_tables():
    tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
    db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    db.session.commit()


@pytest.fixture
def make_app(tmp_path, schema_template):
    """Return a factory of apps sharing this test's fresh, empty database."""
    if not ON_POSTGRES:
        shutil.copy(schema_template, tmp_path / "test.sqlite")
    created = []

    def factory(**extra):
        app = create_app(_config(tmp_path, **extra))
        created.append(app)
        return app

    yield factory
    for app in created:
        vote_checker.stop(app)
        with app.app_context():
            db.session.remove()
            for engine in db.engines.values():
                engine.dispose()


@pytest.fixture
def app(make_app):
    """A fresh app on an empty database. No app context stays pushed (as in flaskr): on SQLite
    an open transaction in the test would hold the write lock that requests need."""
    app = make_app()
    if ON_POSTGRES:
        with app.app_context():
            _empty_tables()
    return app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, user_or_phone, password="password1"):
        ident = getattr(user_or_phone, "phone", None) or getattr(user_or_phone, "email", None) or user_or_phone
        return self._client.post("/login", data={"identifier": ident, "password": password})

    def logout(self):
        return self._client.post("/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def community(app):
    """Two buildings with households, a worker, an auditor and residents in each building."""
    with app.app_context():
        return Community.build()


@pytest.fixture
def live_server(app):
    """Serve the app on a real threaded HTTP server, for races between real requests."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
