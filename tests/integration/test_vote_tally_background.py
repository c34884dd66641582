"""The tally of a large vote runs in a background thread: the vote shows "tallying", then "tallied"."""
import time
from datetime import timedelta

from deliberation.crypto import ballot as ballots_mod
from deliberation.extensions import db
from deliberation.models import AuditEntry, User, Vote
from deliberation.services import vote_casting, vote_tally, votes

from .. import vote_world


def _closed_vote(app, community, ballots=2):
    with app.app_context():
        world = vote_world.open_vote(community)
        election, _ = vote_casting.election_of(db.session.get(Vote, world.id))
        for secret in list(world.slips.values())[:ballots]:
            vote_casting.cast_ballot(world.id, ballots_mod.build_ballot(election, secret, [[1, 0, 0]])[0])
        vote = db.session.get(Vote, world.id)
        closes_at = vote.closes_at
        votes.close_vote(vote, db.session.get(User, community.worker.id), now=closes_at)
    return world.id, closes_at + timedelta(hours=25)


def _status_after(app, vote_id, wanted, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with app.app_context():
            status = db.session.get(Vote, vote_id).status
        if status in wanted:
            return status
        time.sleep(0.1)
    return status


def test_tally_in_the_background_shows_tallying_then_tallied(app, community):
    vote_id, later = _closed_vote(app, community)
    with app.app_context():
        worker = db.session.get(User, community.worker.id)
        vote = vote_tally.start_tally(db.session.get(Vote, vote_id), worker, now=later, background=True)
        assert vote.status == "tallying"
    assert _status_after(app, vote_id, {"tallied"}) == "tallied"
    with app.app_context():
        vote = db.session.get(Vote, vote_id)
        assert vote.tally_json
        actions = db.session.scalars(db.select(AuditEntry.action).where(AuditEntry.object_id == str(vote_id))).all()
        assert "vote.tally_started" in actions and "vote.tally" in actions


def test_a_failed_background_tally_puts_the_vote_back_to_closed(app, community, monkeypatch):
    vote_id, later = _closed_vote(app, community)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(vote_tally, "compute_tally", broken)
    with app.app_context():
        worker = db.session.get(User, community.worker.id)
        vote_tally.start_tally(db.session.get(Vote, vote_id), worker, now=later, background=True)
    assert _status_after(app, vote_id, {"closed"}) == "closed"
    with app.app_context():
        assert db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "vote.tally_failed"))
        assert db.session.get(Vote, vote_id).tally_json is None


def test_the_vote_page_follows_a_tally_in_progress(app, client, auth, community):
    vote_id, later = _closed_vote(app, community, ballots=0)
    with app.app_context():
        vote = db.session.get(Vote, vote_id)
        vote.status = "tallying"  # as start_tally leaves it while its thread works
        db.session.commit()
    client.set_cookie("lang", "en")
    auth.login(community.worker.phone)
    page = client.get(f"/votes/{vote_id}").get_data(as_text=True)
    assert "Computing the encrypted tally" in page and 'hx-trigger="every 2s"' in page
    assert "Being tallied" in page
