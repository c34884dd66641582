"""A platform vote in BELENIOS-2048: Belenios ballots, trustees and decryptions, and a UUID.bel belenios-tool accepts."""
import json
import os
import shutil
import subprocess

import pytest

from deliberation.crypto.belenios.verify import verify_archive
from deliberation.extensions import db
from deliberation.models import Ballot, Vote
from deliberation.services import vote_belenios, vote_casting, vote_ceremony, vote_results, vote_tally
from deliberation.services.votes import VoteError

from .. import belenios_world, vote_world

TOOL = shutil.which("belenios-tool")



def belenios_tool_verify(path):
    """Run `belenios-tool election verify --dir` on the archive's folder; return (ok, stderr)."""
    if TOOL is None:
        pytest.skip("belenios-tool is not installed (Debian package belenios-tool; .ci/run installs it)")
    done = subprocess.run([TOOL, "election", "verify", "--dir", os.path.dirname(path)], capture_output=True,
                          text=True, env=dict(os.environ, BELENIOS_USE_URANDOM="1"))
    return done.returncode == 0, done.stderr


def _export(vote, tmp_path):
    data, head = vote_belenios.write_archive(vote)
    path = tmp_path / f"vote-{vote.id}.bel"
    path.write_bytes(data)
    return str(path), head


def test_whole_vote_in_belenios_group_exports_a_record_belenios_tool_and_ours_accept(app, community, tmp_path):
    questions = [{"question": "加装电梯？", "choices": ["同意", "反对", "弃权"], "min": 1, "max": 1},
                 {"question": "Which works first?", "choices": ["Roof", "Lift", "Garden"], "min": 1, "max": 2}]
    with app.app_context():
        world = belenios_world.open_vote(community, questions=questions, weighting="both")
        slips = list(world.slips.values())
        first = belenios_world.cast(world.id, slips[0], [[0, 1, 0], [1, 1, 0]])
        belenios_world.cast(world.id, slips[0], [[1, 0, 0], [0, 0, 1]])  # a revote replaces the first
        belenios_world.cast(world.id, slips[1], [[1, 0, 0], [0, 1, 0]])
        belenios_world.cast(world.id, slips[2], [[0, 0, 1], [0, 1, 1]])
        vote = belenios_world.close_and_tally(community, world.id)
        vote = belenios_world.decrypt(world.id, world.players, indices=(1, 3))
        assert vote.status == "published"
        area = db.session.get(Vote, world.id).voters[0].area
        result = vote_results.vote_result(vote)
        assert result.electronic["headcount"] == [[2, 0, 1], [0, 2, 2]]
        assert result.electronic["area"] == [[2 * area, 0, area], [0, 2 * area, 2 * area]]
        assert result.online[0] == 3
        path, head = _export(vote, tmp_path)
        cast = db.session.scalars(db.select(Ballot.tracker).where(Ballot.vote_id == world.id)).all()
        assert first in cast and len(cast) == 4
    ok, stderr = belenios_tool_verify(path)
    assert ok, stderr
    report = verify_archive(path, workers=1, head=head)
    assert report.ok, report.failure
    assert (report.summary["ballots"], report.summary["counted"]) == (4, 3)
    # Packed weights: each count is voters + M x area, with M = 10 for fewer than ten voters.
    assert report.summary["result"][0] == [2 + 10 * 2 * area, 0, 1 + 10 * area]


@pytest.mark.parametrize("weighting", ["headcount", "area"])
def test_single_weighting_exports_plain_counts(app, community, tmp_path, weighting):
    with app.app_context():
        world = belenios_world.open_vote(community, weighting=weighting,
                                         rule="simple_majority" if weighting == "headcount" else "custom",
                                         custom_thresholds=[] if weighting == "headcount" else
                                         [{"stage": "approval", "measure": "area", "percent": 50, "strict": True}])
        slips = list(world.slips.values())
        belenios_world.cast(world.id, slips[0], [[1, 0, 0]])
        belenios_world.cast(world.id, slips[1], [[0, 1, 0]])
        belenios_world.close_and_tally(community, world.id)
        vote = belenios_world.decrypt(world.id, world.players)
        area = vote.voters[0].area
        path, head = _export(vote, tmp_path)
        expected = [[1, 1, 0]] if weighting == "headcount" else [[area, area, 0]]
    ok, stderr = belenios_tool_verify(path)
    assert ok, stderr
    report = verify_archive(path, workers=1, head=head)
    assert report.ok, report.failure
    assert report.summary["result"] == expected


def test_tampered_export_is_rejected_by_belenios_tool(app, community, tmp_path):
    with app.app_context():
        world = belenios_world.open_vote(community, weighting="headcount", rule="simple_majority")
        belenios_world.cast(world.id, next(iter(world.slips.values())), [[1, 0, 0]])
        belenios_world.close_and_tally(community, world.id)
        vote = belenios_world.decrypt(world.id, world.players)
        vote.result_json = json.dumps({"tallies": {"headcount": [["0", "1", "0"]]}, "counted": "1"})
        path, _ = _export(vote, tmp_path)
        db.session.rollback()
    ok, _ = belenios_tool_verify(path)
    assert not ok
    assert verify_archive(path, workers=1).failure["check"] == "result"


def test_ballot_in_our_format_is_refused_in_a_belenios_vote(app, community):
    from deliberation.crypto import ballot as ballots_mod
    from deliberation.crypto.election import Election

    with app.app_context():
        world = belenios_world.open_vote(community)
        election = Election(json.loads(db.session.get(Vote, world.id).election_json))
        ours, _ = ballots_mod.build_ballot(election, next(iter(world.slips.values())), [[1, 0, 0]])
        with pytest.raises(VoteError) as error:
            vote_casting.cast_ballot(world.id, ours)
        assert (error.value.code, error.value.params["check"]) == ("bad_ballot", "ballot format")


def test_belenios_ballot_with_a_bad_proof_or_unknown_credential_is_refused(app, community):
    with app.app_context():
        world = belenios_world.open_vote(community)
        slips = list(world.slips.values())
        ballot = belenios_world.ballot(world.id, slips[0], [[1, 0, 0]])
        ballot["answers"][0]["overall_proof"][0]["response"] = "1"
        with pytest.raises(VoteError) as error:
            vote_casting.cast_ballot(world.id, ballot)
        assert (error.value.code, error.value.params["check"]) == ("bad_ballot", "ballot signature")
        with pytest.raises(VoteError) as error:
            vote_casting.cast_ballot(world.id, belenios_world.resign(world.id, slips[0], ballot))
        assert (error.value.code, error.value.params["check"]) == ("bad_ballot", "ballot proof")
        stranger = belenios_world.ballot(world.id, "1" * 22, [[1, 0, 0]])
        with pytest.raises(VoteError) as error:
            vote_casting.cast_ballot(world.id, stranger)
        assert error.value.code == "unknown_credential"
        assert db.session.get(Vote, world.id).chain_seq == 1


def test_trustee_without_belenios_certificate_or_key_is_refused(app, community):
    from deliberation.crypto import trustees as trustee_mod
    from deliberation.crypto.group import get_group
    from deliberation.models import User
    from deliberation.services import votes

    with app.app_context():
        council, _ = vote_world.seat_trustees(community)
        vote_id = vote_world.create(community, council.id, group_name="BELENIOS-2048")
        votes.freeze(db.session.get(Vote, vote_id), db.session.get(User, community.worker.id))
        t = db.session.get(Vote, vote_id).trustees[0]
        player = trustee_mod.Trustee(get_group("BELENIOS-2048"), t.vote.uuid, t.index, 2, t.name)
        with pytest.raises(VoteError) as error:
            vote_ceremony.post_certificate(t, player.certificate(), t.user)
        assert error.value.code == "bad_certificate"
        other = belenios_world.certificate(player)
        other["belenios"]["coefexps"] = belenios_world.certificate(player)["belenios"]["coefexps"]
        with pytest.raises(VoteError) as error:  # commitments signed by another key
            vote_ceremony.post_certificate(t, other, t.user)
        assert error.value.code == "bad_certificate"
        db.session.rollback()


def test_partial_decryption_in_our_format_or_with_a_wrong_factor_is_refused(app, community):
    with app.app_context():
        world = belenios_world.open_vote(community, weighting="headcount", rule="simple_majority")
        belenios_world.cast(world.id, next(iter(world.slips.values())), [[1, 0, 0]])
        vote = belenios_world.close_and_tally(community, world.id)
        trustee = vote.trustees[0]
        good = belenios_world.partial(vote, world.players[trustee.index])
        ours = {"trustee": trustee.index, "factors": {"headcount": [[{"factor": f, "proof": p} for f, p in zip(
            good["decryption_factors"][0], good["decryption_proofs"][0])]]}}
        for posted in (ours, dict(good, decryption_factors=[list(reversed(good["decryption_factors"][0]))])):
            with pytest.raises(VoteError) as error:
                vote_tally.post_partial(trustee, posted, trustee.user)
            assert error.value.code == "bad_partial"
        vote_tally.post_partial(trustee, good, trustee.user)
        assert db.session.get(Vote, world.id).status == "tallied"


def test_audited_belenios_ballot_opens_as_claimed_or_is_refused(app, community):
    from deliberation.crypto import ballot as ballots_mod
    from deliberation.crypto import credentials as creds
    from deliberation.crypto.belenios.ballots import make_ballot_revealing

    with app.app_context():
        world = belenios_world.open_vote(community)
        vote = db.session.get(Vote, world.id)
        belenios = vote_belenios.belenios_of(vote)
        election = belenios[0]
        secret = next(iter(world.slips.values()))
        text, randomness = make_ballot_revealing(election, creds.signing_key(election.group, vote.uuid, secret),
                                                 [[0, 1, 0]])
        audited = {"ballot": json.loads(text), "randomness": randomness, "plaintexts": [["0", "1", "0"]]}
        assert vote_belenios.check_audited(belenios, audited) == ballots_mod.tracker(audited["ballot"])
        for lie in ({**audited, "plaintexts": [["1", "0", "0"]]},
                    {**audited, "randomness": [randomness[0][::-1]]}):
            with pytest.raises(ballots_mod.BallotError) as error:
                vote_belenios.check_audited(belenios, lie)
            assert error.value.check == "audited ballot"
            with pytest.raises(VoteError) as refused:
                vote_casting.audit_ballot(world.id, lie)
            assert refused.value.code == "bad_audit"
        # Through the platform: published as audited, and never castable afterwards.
        tracker = vote_casting.audit_ballot(world.id, audited)
        assert tracker == ballots_mod.tracker(audited["ballot"])
        with pytest.raises(VoteError) as error:
            vote_casting.cast_ballot(world.id, audited["ballot"])
        assert error.value.code == "duplicate_ballot"
        assert not db.session.scalars(db.select(Ballot).where(Ballot.vote_id == world.id)).all()


def test_vote_without_ballots_exports_a_record_belenios_tool_accepts(app, community, tmp_path):
    with app.app_context():
        world = belenios_world.open_vote(community)
        belenios_world.close_and_tally(community, world.id)
        vote = belenios_world.decrypt(world.id, world.players)
        assert vote.status == "published"
        assert vote_results.vote_result(vote).electronic["headcount"] == [[0, 0, 0]]
        path, head = _export(vote, tmp_path)
    ok, stderr = belenios_tool_verify(path)
    assert ok, stderr
    report = verify_archive(path, workers=1, head=head)
    assert report.ok and report.summary["result"] == [[0, 0, 0]], report.failure
