"""A vote through the services: ceremony, casting, replacing, tally, decryption, record."""
import json
from datetime import timedelta

import pytest

from deliberation.crypto import ballot as ballots_mod
from deliberation.crypto.record import write_record
from deliberation.crypto.tally import decode_tally, partial_decryption
from deliberation.crypto.verify import verify_record
from deliberation.extensions import db
from deliberation.models import Community, User, Vote
from deliberation.services import vote_casting, vote_chain, vote_results, vote_tally, votes
from deliberation.services.votes import VoteError

from .. import vote_world


def _election(vote_id):
    return vote_casting.election_of(db.session.get(Vote, vote_id))[0]


def _cast(vote_id, secret, selections):
    ballot, randomness = ballots_mod.build_ballot(_election(vote_id), secret, selections)
    return vote_casting.cast_ballot(vote_id, ballot), ballot, randomness


def _finish(community, world):
    worker = db.session.get(User, community.worker.id)
    vote = db.session.get(Vote, world.id)
    votes.close_vote(vote, worker, now=vote.closes_at)
    vote_tally.compute_tally(db.session.get(Vote, world.id), worker, now=vote.closes_at + timedelta(days=2))
    vote = db.session.get(Vote, world.id)
    election, _ = vote_casting.election_of(vote)
    encrypted = decode_tally(election, json.loads(vote.tally_json))
    for t in vote.trustees[:2]:
        player = world.players[t.index]
        vote_tally.post_partial(t, partial_decryption(election, encrypted, t.index, player.share), t.user)
    return db.session.get(Vote, world.id)


def test_vote_runs_end_to_end_and_its_record_verifies(app, community, tmp_path):
    with app.app_context():
        world = vote_world.open_vote(community)
        secrets = list(world.slips.values())
        first, _, _ = _cast(world.id, secrets[0], [[0, 1, 0]])
        _cast(world.id, secrets[0], [[1, 0, 0]])  # a revote replaces the first
        _cast(world.id, secrets[1], [[1, 0, 0]])
        election = _election(world.id)
        b, rs = ballots_mod.build_ballot(election, secrets[2], [[0, 0, 1]])
        vote_casting.audit_ballot(world.id, ballots_mod.audit_record(election, b, rs, [[0, 0, 1]]))
        vote = _finish(community, world)
        assert vote.status == "published"
        result = vote_results.vote_result(vote)
        assert result.electronic["headcount"] == [[2, 0, 0]]
        assert result.online[0] == 2
        path = tmp_path / "record.zip"
        write_record(vote_tally.record(vote), str(path))
        report = verify_record(str(path), workers=1, head=vote.chain_head)
        assert report.ok, report.failure


def test_ballot_with_unknown_credential_is_refused(app, community):
    with app.app_context():
        world = vote_world.open_vote(community)
        with pytest.raises(VoteError) as error:
            _cast(world.id, "1" * 22, [[1, 0, 0]])
        assert error.value.code == "unknown_credential"
        assert db.session.get(Vote, world.id).chain_seq == 1


def test_ballot_with_bad_proof_is_refused(app, community):
    with app.app_context():
        world = vote_world.open_vote(community)
        secret = next(iter(world.slips.values()))
        ballot, _ = ballots_mod.build_ballot(_election(world.id), secret, [[1, 0, 0]])
        ballot["answers"][0]["proofs"][0][0]["response"] = "1"
        ballot = ballots_mod.sign_ballot(_election(world.id), secret, ballot)
        with pytest.raises(VoteError) as error:
            vote_casting.cast_ballot(world.id, ballot)
        assert (error.value.code, error.value.params["check"]) == ("bad_ballot", "ballot proof")


def test_ballot_after_closing_time_is_refused(app, community):
    with app.app_context():
        world = vote_world.open_vote(community)
        secret = next(iter(world.slips.values()))
        ballot, _ = ballots_mod.build_ballot(_election(world.id), secret, [[1, 0, 0]])
        vote = db.session.get(Vote, world.id)
        with pytest.raises(VoteError):
            vote_casting.cast_ballot(world.id, ballot, now=vote.closes_at.replace(year=vote.closes_at.year + 1))


def test_vote_cannot_open_before_every_trustee_passed_the_key_check(app, community):
    with app.app_context():
        council, _ = vote_world.seat_trustees(community)
        vote_id = vote_world.create(community, council.id)
        worker = db.session.get(User, community.worker.id)
        votes.freeze(db.session.get(Vote, vote_id), worker)
        with pytest.raises(VoteError) as error:
            votes.open_vote(db.session.get(Vote, vote_id), worker)
        assert error.value.code == "ceremony_unfinished"


def test_audited_ballot_can_never_be_cast(app, community):
    with app.app_context():
        world = vote_world.open_vote(community)
        secret = next(iter(world.slips.values()))
        election = _election(world.id)
        ballot, rs = ballots_mod.build_ballot(election, secret, [[1, 0, 0]])
        vote_casting.audit_ballot(world.id, ballots_mod.audit_record(election, ballot, rs, [[1, 0, 0]]))
        with pytest.raises(VoteError) as error:
            vote_casting.cast_ballot(world.id, ballot)
        assert error.value.code == "duplicate_ballot"


def test_audit_that_does_not_open_as_claimed_is_refused(app, community):
    with app.app_context():
        world = vote_world.open_vote(community)
        secret = next(iter(world.slips.values()))
        election = _election(world.id)
        ballot, rs = ballots_mod.build_ballot(election, secret, [[1, 0, 0]])
        with pytest.raises(VoteError) as error:
            vote_casting.audit_ballot(world.id, ballots_mod.audit_record(election, ballot, rs, [[0, 1, 0]]))
        assert error.value.code == "bad_audit"


def test_credential_replaced_before_opening_never_reaches_the_list_and_is_refused(app, community):
    from deliberation.services import vote_credentials

    with app.app_context():
        council, _ = vote_world.seat_trustees(community)
        vote_id = vote_world.create(community, council.id)
        worker = db.session.get(User, community.worker.id)
        votes.freeze(db.session.get(Vote, vote_id), worker)
        vote_world.run_ceremony(vote_id)
        old = dict((v.id, s) for v, s in vote_credentials.issue_slips(db.session.get(Vote, vote_id), worker))
        voter_id, old_secret = next(iter(old.items()))
        vote = db.session.get(Vote, vote_id)
        voter = next(v for v in vote.voters if v.id == voter_id)
        new_secret = vote_credentials.revoke_and_reissue(vote, voter, worker, "slip lost")
        votes.open_vote(db.session.get(Vote, vote_id), worker)
        with pytest.raises(VoteError) as error:
            _cast(vote_id, old_secret, [[1, 0, 0]])
        assert error.value.code == "unknown_credential"
        assert _cast(vote_id, new_secret, [[1, 0, 0]])[0]
        # Replaced before opening: nothing of it in the record (tests/integration/test_vote_reissue.py: after).
        vote = db.session.get(Vote, vote_id)
        assert len(json.loads(vote.credentials_json)) == len(vote.voters)
        assert [e["type"] for e in vote_chain.events(vote)] == ["election", "ballot"]


def test_council_election_elects_the_k_most_voted_with_the_same_machinery(app, community, tmp_path):
    from deliberation.domain.vote_rules import election_question

    with app.app_context():
        question = election_question("第二届居民议事会委员选举", ["张三", "李四", "王五", "赵六"], 2)
        world = vote_world.open_vote(community, kind="election", questions=question, rule="simple_majority",
                                     weighting="headcount")
        picks = [[1, 1, 0, 0], [0, 1, 1, 0], [0, 1, 0, 1]]
        for secret, pick in zip(world.slips.values(), picks):
            _cast(world.id, secret, [pick])
        vote = _finish(community, world)
        result = vote_results.vote_result(vote)
        assert result.questions[0].headcount == [1, 3, 1, 1]
        assert result.questions[0].elected[0] == 1 and result.questions[0].tie
        path = tmp_path / "election.zip"
        write_record(vote_tally.record(vote), str(path))
        assert verify_record(str(path), workers=1).ok


def test_vote_on_a_proposal_moves_it_to_voting_then_decides_it(app, community):
    from deliberation.models import Proposal

    from ..factories import make_agenda_proposal

    with app.app_context():
        proposal_id = make_agenda_proposal(community.id, community.resident_a.id, "加装电梯")
        proposal_id = getattr(proposal_id, "id", proposal_id)
        world = vote_world.open_vote(community, proposal_id=proposal_id, rule="simple_majority")
        assert db.session.get(Proposal, proposal_id).status == "voting"
        for secret in list(world.slips.values())[:3]:
            _cast(world.id, secret, [[1, 0, 0]])
        _finish(community, world)
        assert db.session.get(Proposal, proposal_id).status == "accepted"


def test_tally_waits_for_the_complaint_period_after_closing(app, community):
    with app.app_context():
        world = vote_world.open_vote(community)
        worker = db.session.get(User, community.worker.id)
        vote = db.session.get(Vote, world.id)
        closes_at = vote.closes_at
        votes.close_vote(vote, worker, now=closes_at)
        with pytest.raises(VoteError) as error:
            vote_tally.compute_tally(db.session.get(Vote, world.id), worker, now=closes_at + timedelta(hours=23))
        assert error.value.code == "complaint_period"
        db.session.rollback()
        vote = vote_tally.compute_tally(db.session.get(Vote, world.id), worker, now=closes_at + timedelta(hours=25))
        assert vote.status == "tallied"


def test_vote_on_a_proposal_sent_by_a_decision_is_linked_to_it(app, community):
    from deliberation.models import Decision, Proposal, ProposalEvent
    from deliberation.models.base import utcnow

    with app.app_context():
        council, _ = vote_world.seat_trustees(community)
        proposal = Proposal(community_id=community.id, author_id=community.resident_a.id, title="加装电梯",
                            body="", category="co_building", status="voting")
        db.session.add(proposal)
        db.session.flush()
        decision = Decision(community_id=community.id, council_id=council.id, title="交由业主表决", text="……",
                            effect="send_to_vote", rule="majority_present", result="adopted",
                            notice_ends_at=utcnow(), took_effect_at=utcnow())
        decision.proposals.append(proposal)
        db.session.add(decision)
        db.session.commit()
        proposal_id, decision_id = proposal.id, decision.id
        # A proposal the council sent to the residents can be put to a vote (and only once).
        offered = [p.id for p in votes.proposals_to_vote_on(db.session.get(Community, community.id))]
        assert proposal_id in offered
        vote_id = vote_world.create(community, council.id, proposal_id=proposal_id)
        assert db.session.get(Decision, decision_id).vote_id == vote_id
        assert db.session.get(Vote, vote_id).decision_id == decision_id
        assert db.session.scalar(db.select(ProposalEvent).where(ProposalEvent.kind == "vote",
                                                                 ProposalEvent.ref == f"vote:{vote_id}"))
        offered = [p.id for p in votes.proposals_to_vote_on(db.session.get(Community, community.id))]
        assert proposal_id not in offered
