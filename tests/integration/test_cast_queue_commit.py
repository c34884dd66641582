"""On PostgreSQL the cast gateway's queue insert does not wait for the disk; the ballot box does."""
import pytest
from sqlalchemy import text

from deliberation.extensions import db

pytestmark = pytest.mark.postgres


def _synchronous_commit(app):
    with app.app_context():
        with db.engines["cast"].connect() as queue:
            queued = queue.execute(text("show synchronous_commit")).scalar()
        return queued, db.session.execute(text("show synchronous_commit")).scalar()


def test_only_the_queue_insert_skips_the_wait_for_the_disk(make_app):
    assert _synchronous_commit(make_app()) == ("off", "on")


def test_a_deployment_can_make_the_queue_insert_wait_for_the_disk_too(make_app):
    assert _synchronous_commit(make_app(CAST_QUEUE_DURABLE=True)) == ("on", "on")


def test_options_in_the_database_url_are_kept_beside_the_queue_setting(make_app):
    url = make_app().config["SQLALCHEMY_DATABASE_URI"]
    app = make_app(SQLALCHEMY_DATABASE_URI=f"{url}?options=-c%20statement_timeout%3D12345")
    assert _synchronous_commit(app) == ("off", "on")
    with app.app_context():
        with db.engines["cast"].connect() as queue:
            assert queue.execute(text("show statement_timeout")).scalar() == "12345ms"
