"""A credential lost while the vote is open: revoked and reissued in the chain, counted by the verifier's rules."""
import json
from datetime import timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from deliberation.crypto import ballot as ballots_mod
from deliberation.crypto.cli import verify
from deliberation.crypto.record import write_record
from deliberation.crypto.tally import decode_tally, partial_decryption
from deliberation.extensions import db
from deliberation.models import AuditEntry, Notification, User, Vote, VoteEvent
from deliberation.services import vote_casting, vote_credentials, vote_results, vote_tally, votes
from deliberation.services.votes import VoteError

from .. import vote_world


def _election(vote_id):
    return vote_casting.election_of(db.session.get(Vote, vote_id))[0]


def _cast(vote_id, secret, selections):
    ballot, _ = ballots_mod.build_ballot(_election(vote_id), secret, selections)
    return vote_casting.cast_ballot(vote_id, ballot)


def _voter(vote_id, roll):
    return next(v for v in db.session.get(Vote, vote_id).voters if v.roll_number == roll)


def _worker(community):
    return db.session.get(User, community.worker.id)


def _revoke(community, vote_id, roll, channel="slip", reason="slip lost"):
    return vote_credentials.revoke_and_reissue(db.session.get(Vote, vote_id), _voter(vote_id, roll),
                                               _worker(community), reason, channel=channel)


def _finish(community, world):
    vote = db.session.get(Vote, world.id)
    votes.close_vote(vote, _worker(community), now=vote.closes_at)
    vote_tally.compute_tally(db.session.get(Vote, world.id), _worker(community), now=vote.closes_at + timedelta(days=2))
    vote = db.session.get(Vote, world.id)
    election, _ = vote_casting.election_of(vote)
    encrypted = decode_tally(election, json.loads(vote.tally_json))
    for t in vote.trustees[:2]:
        vote_tally.post_partial(t, partial_decryption(election, encrypted, t.index, world.players[t.index].share),
                                t.user)
    return db.session.get(Vote, world.id)


def _verify(path, *options):
    """Run `deliberation verify` on a record, as an auditor would."""
    return CliRunner().invoke(verify, [str(path), "--workers", "1", "--quiet", *options])


def _kinds(vote_id):
    return [e.type for e in db.session.scalars(select(VoteEvent).where(VoteEvent.vote_id == vote_id)
                                               .order_by(VoteEvent.seq))]


def test_credential_lost_during_the_vote_is_replaced_and_the_record_verifies(app, community, tmp_path):
    with app.app_context():
        world = vote_world.open_vote(community)
        lost, kept = world.rolls[community.resident_a.id], world.rolls[community.resident_b.id]
        _cast(world.id, world.slips[lost], [[1, 0, 0]])
        _cast(world.id, world.slips[kept], [[0, 1, 0]])
        new_secret = _revoke(community, world.id, lost)
        assert new_secret and new_secret != world.slips[lost]
        assert _kinds(world.id)[-2:] == ["revocation", "credential"]

        with pytest.raises(VoteError) as error:
            _cast(world.id, world.slips[lost], [[1, 0, 0]])
        assert error.value.code == "unknown_credential"
        before = db.session.get(Vote, world.id)
        # Not yet voted again: the old ballot no longer counts.
        assert vote_tally.counted_weight(before)[0] == 1
        assert not _voter(world.id, lost).voted_online
        _cast(world.id, new_secret, [[0, 0, 1]])

        vote = _finish(community, world)
        result = vote_results.vote_result(vote)
        # The old "Yes" is gone; the new "Abstain" counts with the same floor area.
        assert result.electronic["headcount"] == [[0, 1, 1]]
        area = _voter(world.id, lost).area
        assert result.electronic["area"][0][2] == area
        assert result.online == (2, area + _voter(world.id, kept).area)

        path = tmp_path / "record.zip"
        write_record(vote_tally.record(vote), str(path))
        credentials = json.loads(vote.credentials_json)
        assert len(credentials) == len(vote.voters)  # the list frozen at opening, unchanged
        outcome = _verify(path, "--head", vote.chain_head)
        assert outcome.exit_code == 0, outcome.output
        assert "credential revocations and reissues (2)" in outcome.output
        assert "3 ballots (2 counted" in outcome.output

        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "vote.credential_revoked")).one()
        assert json.loads(entry.details)["during_vote"] is True
        told = db.session.scalars(select(Notification).where(Notification.user_id == community.resident_a.id,
                                                             Notification.kind == "vote.credential_revoked")).all()
        assert len(told) == 1


def test_code_shown_in_the_account_replaces_the_revoked_one_once(app, community, tmp_path):
    with app.app_context():
        world = vote_world.open_vote(community)
        lost = world.rolls[community.resident_a.id]
        _cast(world.id, world.slips[lost], [[1, 0, 0]])
        assert _revoke(community, world.id, lost, channel="account") is None
        assert _kinds(world.id)[-1] == "revocation"
        resident = db.session.get(User, community.resident_a.id)
        vote = db.session.get(Vote, world.id)
        assert vote_credentials.awaiting_replacement(vote, _voter(world.id, lost)) is not None

        new_secret = vote_credentials.reveal(db.session.get(Vote, world.id), resident)
        assert _kinds(world.id)[-1] == "credential"
        with pytest.raises(VoteError) as error:
            vote_credentials.reveal(db.session.get(Vote, world.id), resident)
        assert error.value.code == "already_issued"
        _cast(world.id, new_secret, [[0, 1, 0]])

        vote = _finish(community, world)
        assert vote_results.vote_result(vote).electronic["headcount"] == [[0, 1, 0]]
        write_record(vote_tally.record(vote), str(tmp_path / "record"))
        outcome = _verify(tmp_path / "record")
        assert outcome.exit_code == 0, outcome.output


def test_voter_who_never_fetches_the_new_code_is_simply_not_counted(app, community, tmp_path):
    with app.app_context():
        world = vote_world.open_vote(community)
        lost, kept = world.rolls[community.resident_a.id], world.rolls[community.resident_b.id]
        _cast(world.id, world.slips[lost], [[1, 0, 0]])
        _cast(world.id, world.slips[kept], [[1, 0, 0]])
        _revoke(community, world.id, lost, channel="account")
        vote = _finish(community, world)
        assert vote_results.vote_result(vote).electronic["headcount"] == [[1, 0, 0]]
        write_record(vote_tally.record(vote), str(tmp_path / "record"))
        outcome = _verify(tmp_path / "record")
        assert outcome.exit_code == 0, outcome.output


def test_refused_replacements_change_nothing(app, community):
    with app.app_context():
        world = vote_world.open_vote(community)
        roll = world.rolls[community.resident_a.id]
        seq = db.session.get(Vote, world.id).chain_seq
        for reason, channel, code in (("  ", "slip", "no_reason"), ("lost", "carrier pigeon", "bad_channel")):
            with pytest.raises(VoteError) as error:
                _revoke(community, world.id, roll, channel=channel, reason=reason)
            assert error.value.code == code
            db.session.rollback()
        assert db.session.get(Vote, world.id).chain_seq == seq
        assert _voter(world.id, roll).active_credential is not None
        # The resident still holds a valid credential: there is nothing to reveal.
        with pytest.raises(VoteError) as error:
            vote_credentials.reveal(db.session.get(Vote, world.id), db.session.get(User, community.resident_a.id))
        assert error.value.code == "already_issued"


def test_no_replacement_once_the_vote_is_closed(app, community):
    with app.app_context():
        world = vote_world.open_vote(community)
        roll = world.rolls[community.resident_a.id]
        vote = db.session.get(Vote, world.id)
        votes.close_vote(vote, _worker(community), now=vote.closes_at)
        with pytest.raises(VoteError) as error:
            _revoke(community, world.id, roll)
        assert error.value.code == "credentials_closed"


def test_a_credential_revoked_twice_is_refused_the_second_time(app, community):
    with app.app_context():
        world = vote_world.open_vote(community)
        roll = world.rolls[community.resident_a.id]
        _revoke(community, world.id, roll, channel="account")
        with pytest.raises(VoteError) as error:
            _revoke(community, world.id, roll)
        assert error.value.code == "no_credential"
        assert _kinds(world.id).count("revocation") == 1


def test_every_process_sees_a_replacement_at_its_next_cast(app, community):
    with app.app_context():
        world = vote_world.open_vote(community)
        roll = world.rolls[community.resident_a.id]
        _, before = vote_casting.election_of(db.session.get(Vote, world.id))  # cached, as in a busy process
        new_secret = _revoke(community, world.id, roll)
        _, after = vote_casting.election_of(db.session.get(Vote, world.id))
        old = _voter(world.id, roll).credentials[0]
        new = _voter(world.id, roll).credentials[1]
        assert old.public in before and old.public not in after
        assert after[new.public] == before[old.public]
        assert _cast(world.id, new_secret, [[1, 0, 0]])


def test_ballot_queued_before_the_revocation_is_refused_when_checked_after(app, community):
    with app.app_context():
        world = vote_world.open_vote(community)
        lost = world.rolls[community.resident_a.id]
        ballot, _ = ballots_mod.build_ballot(_election(world.id), world.slips[lost], [[1, 0, 0]])
        submission = vote_casting.submit_ballot(db.session.get(Vote, world.id), ballot)
        _revoke(community, world.id, lost)
        with pytest.raises(VoteError) as error:
            vote_casting.settle_now(submission)
        assert error.value.code == "unknown_credential"
        assert "ballot" not in _kinds(world.id)
