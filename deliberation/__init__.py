"""Community deliberation and verifiable voting."""
import os


def create_app(config=None):
    """Create and configure the application."""
    # Imported here so that the pure packages (crypto, budgeting) load without Flask.
    from flask import Flask

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    app = Flask(
        __name__,
        instance_path=os.environ.get("INSTANCE_PATH", os.path.join(root, "instance")),
        template_folder=os.path.join(root, "templates"),
        static_folder=os.path.join(root, "static"),
    )
    os.makedirs(app.instance_path, exist_ok=True)

    from . import config as settings

    app.config.from_mapping(settings.from_environment(app.instance_path))
    if config:
        app.config.from_mapping(config)
    add_cast_engine(app.config)

    configure_extensions(app)
    configure_blueprints(app)

    from . import cli, web

    web.init_app(app)
    cli.init_app(app)
    from .cast_gateway import CastGateway

    app.wsgi_app = CastGateway(app, app.wsgi_app)
    proxies = app.config.get("TRUSTED_PROXIES", 0)
    if proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        # Outermost, so that the gateway and the app both see the client's address and scheme.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    return app


def add_cast_engine(config):
    """On PostgreSQL, a second pool for the cast endpoint's one-statement inserts: autocommit, no pre-ping
    (services/quick_cast.py, for the cast gateway, retries once on a dropped connection).

    Its commits do not wait for the disk (synchronous_commit off) unless CAST_QUEUE_DURABLE is set. The
    queue row is a delivery receipt, not the ballot box: the ballot counts only once the checker's
    acceptance commits, and that commit waits for the disk, and with it for every earlier WAL record,
    the queued ballot's among them. A database crash in the fraction of a second before that can lose
    a queued ballot; the voter's page, still asking about it, then hears the server has no such ballot
    and sends it again (static/js/votes.js), and the board shows the voter whether it is there.
    """
    uri = config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("postgresql"):
        options = {"url": uri, "isolation_level": "AUTOCOMMIT", "pool_pre_ping": False, "pool_size": 2}
        if not config.get("CAST_QUEUE_DURABLE"):
            from sqlalchemy.engine import make_url  # here: the verifier imports this package without SQLAlchemy

            # Beside, not instead of, any `options` the database URL gives.
            given = make_url(uri).query.get("options")
            options["connect_args"] = {"options": " ".join(filter(None, (given, "-c synchronous_commit=off")))}
        config["SQLALCHEMY_BINDS"] = {"cast": options, **config.get("SQLALCHEMY_BINDS", {})}


def configure_extensions(app):
    from . import models  # noqa: F401  (registers the tables with the metadata)
    from .extensions import babel, csrf, db, limiter, login_manager, migrate
    from .web import select_locale, select_timezone

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(app.template_folder), "migrations"),
                     render_as_batch=True)
    login_manager.init_app(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    csrf.init_app(app)
    limiter.init_app(app)
    with app.app_context():
        configure_sqlite(db.engine)


def configure_sqlite(engine):
    """Make SQLite behave like a server database: foreign keys, WAL, serialised writers."""
    if engine.dialect.name != "sqlite":
        return
    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, connection_record):
        # Let SQLAlchemy emit BEGIN itself so that it can be BEGIN IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        # One writer at a time, decided when the transaction starts: a read followed by
        # a write (invite codes, bookings, ballots) can never act on a stale read.
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def configure_blueprints(app):
    from .views import register_blueprints

    register_blueprints(app)
