"""Casting through the queue: the request only stores the ballot; the checker accepts or refuses it after."""
import json
import time
from datetime import timedelta

from sqlalchemy import event

from deliberation.crypto import ballot as ballots_mod
from deliberation.crypto.election import Election
from deliberation.extensions import db
from deliberation.models import AuditEntry, Ballot, CastSubmission, User, Vote
from deliberation.services import residents, vote_casting, vote_checker, vote_tally, votes
from deliberation.services.votes import VoteError

from .. import vote_world


def _open(app, community, mode, **overrides):
    app.config["VOTE_CAST_CHECK"] = mode
    with app.app_context():
        world = vote_world.open_vote(community, **overrides)
    return world


def _ballot(client, world, secret, rows):
    election = Election(json.loads(client.get(f"/votes/{world.id}/election.json").data))
    return ballots_mod.build_ballot(election, secret, rows)[0]


def _board(app, vote_id):
    with app.app_context():
        return db.session.scalars(db.select(Ballot.tracker).where(Ballot.vote_id == vote_id)).all()


def test_cast_answers_at_once_and_the_checker_puts_the_ballot_on_the_board(app, client, auth, community, runner):
    world = _open(app, community, "external")
    auth.login(community.resident_a.phone)
    ballot = _ballot(client, world, world.slips[world.rolls[community.resident_a.id]], [[1, 0, 0]])
    answer = client.post(f"/votes/{world.id}/cast", json={"ballot": ballot}).get_json()
    assert answer["state"] == "pending" and answer["tracker"] == ballots_mod.tracker(ballot)
    assert client.get(answer["poll"]).get_json()["state"] == "pending"
    assert _board(app, world.id) == []
    assert "1 ballot(s) checked" in runner.invoke(args=["check-casts"]).output
    settled = client.get(answer["poll"]).get_json()
    assert settled["state"] == "accepted" and settled["tracker"] == answer["tracker"]
    assert _board(app, world.id) == [answer["tracker"]]


def test_a_bad_proof_is_refused_after_the_answer_with_the_reason(app, client, auth, community, runner):
    world = _open(app, community, "external")
    auth.login(community.resident_a.phone)
    secret = world.slips[world.rolls[community.resident_a.id]]
    ballot = _ballot(client, world, secret, [[1, 0, 0]])
    ballot["answers"][0]["proofs"][0][0]["response"] = "1"
    election = Election(json.loads(client.get(f"/votes/{world.id}/election.json").data))
    ballot = ballots_mod.sign_ballot(election, secret, ballot)
    answer = client.post(f"/votes/{world.id}/cast", json={"ballot": ballot}).get_json()
    runner.invoke(args=["check-casts"])
    refused = client.get(answer["poll"])
    assert refused.status_code == 422 and refused.get_json()["code"] == "bad_ballot"
    assert "ballot proof" in refused.get_json()["message"] and "请重新加密" in refused.get_json()["message"]
    assert _board(app, world.id) == []
    with app.app_context():
        entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "vote.ballot_refused"))
        assert entry.actor_id == community.resident_a.id and answer["tracker"] in entry.details


def test_only_the_voter_who_cast_a_ballot_can_ask_about_it(app, client, auth, community):
    world = _open(app, community, "external")
    auth.login(community.resident_a.phone)
    ballot = _ballot(client, world, world.slips[world.rolls[community.resident_a.id]], [[1, 0, 0]])
    poll = client.post(f"/votes/{world.id}/cast", json={"ballot": ballot}).get_json()["poll"]
    auth.logout()
    auth.login(community.resident_b.phone)
    answer = client.get(poll)
    # Nothing about the other voter's ballot: the same answer as for a ballot never sent.
    assert answer.status_code == 404 and answer.get_json()["state"] == "missing"
    assert "查不到" in answer.get_json()["message"] and "tracker" not in answer.get_json()


def test_a_queued_ballot_the_server_lost_is_reported_missing_and_can_be_sent_again(app, client, auth, community):
    """A database crash can lose a just-queued ballot (see add_cast_engine): the voter's page hears so
    when it asks, and sending the same ballot again queues it."""
    world = _open(app, community, "external")
    auth.login(community.resident_a.phone)
    ballot = _ballot(client, world, world.slips[world.rolls[community.resident_a.id]], [[1, 0, 0]])
    poll = client.post(f"/votes/{world.id}/cast", json={"ballot": ballot}).get_json()["poll"]
    with app.app_context():
        db.session.execute(db.delete(CastSubmission))
        db.session.commit()
    client.set_cookie("lang", "en")
    lost = client.get(poll)
    assert lost.status_code == 404 and lost.get_json()["code"] == "missing_ballot"
    assert "cast it again" in lost.get_json()["message"]
    again = client.post(f"/votes/{world.id}/cast", json={"ballot": ballot})
    assert again.status_code == 200 and again.get_json()["poll"] == poll
    assert client.get(poll).get_json()["state"] == "pending"


def test_the_same_ballot_posted_twice_is_refused_the_second_time(app, client, auth, community):
    world = _open(app, community, "external")
    auth.login(community.resident_a.phone)
    ballot = _ballot(client, world, world.slips[world.rolls[community.resident_a.id]], [[1, 0, 0]])
    assert client.post(f"/votes/{world.id}/cast", json={"ballot": ballot}).status_code == 200
    again = client.post(f"/votes/{world.id}/cast", json={"ballot": ballot})
    assert again.status_code == 422 and again.get_json()["code"] == "duplicate_ballot"


def test_background_checker_accepts_the_ballot_by_itself(app, client, auth, community):
    world = _open(app, community, "background")
    auth.login(community.resident_a.phone)
    ballot = _ballot(client, world, world.slips[world.rolls[community.resident_a.id]], [[0, 1, 0]])
    answer = client.post(f"/votes/{world.id}/cast", json={"ballot": ballot}).get_json()
    deadline = time.monotonic() + 30
    while answer["state"] == "pending" and time.monotonic() < deadline:
        time.sleep(0.2)
        answer = client.get(f"/votes/{world.id}/cast/{answer['tracker']}").get_json()
    assert answer["state"] == "accepted"
    assert _board(app, world.id) == [answer["tracker"]]


def test_an_earlier_ballot_checked_after_a_later_one_does_not_replace_it(app, community):
    app.config["VOTE_CAST_CHECK"] = "external"
    with app.app_context():
        world = vote_world.open_vote(community)
        secret = world.slips[world.rolls[community.resident_a.id]]
        vote = db.session.get(Vote, world.id)
        election, _ = vote_casting.election_of(vote)
        earlier, _ = ballots_mod.build_ballot(election, secret, [[1, 0, 0]])
        later, _ = ballots_mod.build_ballot(election, secret, [[0, 1, 0]])
        now = vote.opens_at + timedelta(minutes=30)
        vote_casting.cast_ballot(world.id, later, now=now + timedelta(seconds=5))
        # The earlier ballot reaches the checker late (another process had claimed it, say).
        try:
            vote_casting.cast_ballot(world.id, earlier, now=now)
            raise AssertionError("an earlier ballot replaced a later one")
        except VoteError as error:
            assert error.code == "superseded"
        counted = db.session.scalars(db.select(Ballot.tracker).where(Ballot.replaced.is_(False))).all()
        assert counted == [ballots_mod.tracker(later)]


def test_the_tally_counts_ballots_still_queued_when_the_vote_closed(app, community):
    app.config["VOTE_CAST_CHECK"] = "external"
    with app.app_context():
        world = vote_world.open_vote(community)
        vote = db.session.get(Vote, world.id)
        election, _ = vote_casting.election_of(vote)
        for secret in list(world.slips.values())[:2]:
            vote_casting.submit_ballot(db.session.get(Vote, world.id),
                                       ballots_mod.build_ballot(election, secret, [[1, 0, 0]])[0])
        worker = db.session.get(User, community.worker.id)
        closes_at = vote.closes_at
        votes.close_vote(db.session.get(Vote, world.id), worker, now=closes_at)
        vote_tally.compute_tally(db.session.get(Vote, world.id), worker, now=closes_at + timedelta(hours=25))
        assert db.session.scalar(db.select(db.func.count()).select_from(Ballot)) == 2
        assert not db.session.scalar(db.select(CastSubmission.id).where(CastSubmission.status == "pending"))
        assert vote_checker.check_pending() == 0


def _driver_statements(app, monkeypatch):
    """Record every statement the database driver is asked to run, through SQLAlchemy or not."""
    counted, active = [], [True]
    with app.app_context():
        engines = list(db.engines.values())
    if engines[0].dialect.name == "postgresql":
        import psycopg

        original = psycopg.Cursor.execute

        def execute(self, query, *args, **kwargs):
            if active[0]:
                counted.append(str(query))
            return original(self, query, *args, **kwargs)

        monkeypatch.setattr(psycopg.Cursor, "execute", execute)
    else:
        def trace(dbapi_connection, record, proxy):
            dbapi_connection.set_trace_callback(lambda statement: active[0] and counted.append(statement))

        for engine in engines:
            event.listen(engine, "checkout", trace)
    return counted, lambda: active.__setitem__(0, False)


def test_a_verified_residents_cast_is_one_statement(app, client, auth, community, monkeypatch):
    world = _open(app, community, "external")
    auth.login(community.resident_a.phone)
    secret = world.slips[world.rolls[community.resident_a.id]]
    first, warm, second = (_ballot(client, world, secret, [[1, 0, 0]]) for _ in range(3))
    client.post(f"/votes/{world.id}/cast", json={"ballot": first})  # the process learns the open vote
    client.post(f"/votes/{world.id}/cast", json={"ballot": warm})  # and opens its casting connection
    statements, stop = _driver_statements(app, monkeypatch)
    answer = client.post(f"/votes/{world.id}/cast", json={"ballot": second}).get_json()
    stop()
    assert answer["state"] == "pending"
    statements = [s for s in statements if s.strip().upper() not in ("BEGIN", "COMMIT")]
    assert len(statements) == 1 and statements[0].lstrip().upper().startswith("INSERT")
    with app.app_context():
        row = db.session.scalar(db.select(CastSubmission).where(CastSubmission.tracker == answer["tracker"]))
        assert row.user_id == community.resident_a.id and row.status == "pending"


def test_the_fast_path_lets_through_no_one_the_ordinary_checks_would_stop(app, client, auth, community):
    world = _open(app, community, "external", building_id=community.building_a.id)
    secret = world.slips[world.rolls[community.resident_a.id]]
    auth.login(community.resident_b.phone)  # lives in the other building
    with app.app_context():
        election, _ = vote_casting.election_of(db.session.get(Vote, world.id))
    ballot = ballots_mod.build_ballot(election, secret, [[1, 0, 0]])[0]
    assert client.post(f"/votes/{world.id}/cast", json={"ballot": ballot}).status_code == 404
    auth.logout()
    auth.login(community.resident_a.phone)
    with app.app_context():
        residents.change_status(db.session.get(User, community.resident_a.id), "suspend",
                                db.session.get(User, community.worker.id))
    # The suspension ended the session: the cast is not taken, whatever path it tries.
    response = client.post(f"/votes/{world.id}/cast", json={"ballot": ballot})
    assert response.status_code in (302, 401)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(CastSubmission)) == 0
