"""A platform vote in BELENIOS-2048, with the trustees' and voters' device work done in Python.

What the browser (js/src) does for such a vote, done here with the Python library:
Belenios certificates and verification keys in the ceremony, Belenios ballots,
Belenios partial decryptions.
"""
import json
from datetime import timedelta
from types import SimpleNamespace

from deliberation.crypto import credentials as creds
from deliberation.crypto import trustees as trustee_mod
from deliberation.crypto.belenios import interop
from deliberation.crypto.belenios.ballots import make_ballot
from deliberation.crypto.belenios.fastexp import Exps
from deliberation.crypto.election import Election
from deliberation.crypto.group import get_group
from deliberation.crypto.tally import decode_tally, partial_decryption
from deliberation.extensions import db
from deliberation.models import User, Vote
from deliberation.services import vote_belenios, vote_casting, vote_ceremony, vote_credentials, vote_tally, votes

from . import vote_world

GROUP = "BELENIOS-2048"


def exps():
    return Exps(get_group(GROUP))


def certificate(player):
    """Return the trustee's certificate with its Belenios part, as the trustee page posts it."""
    cert = player.certificate()
    cert["belenios"] = interop.trustee_signatures(exps(), cert["commitments"])
    return cert


def key_check(vote, player):
    """Return the trustee's key-check decryption with its Belenios verification key."""
    params, tally_json = vote_ceremony.key_check(vote)
    election = Election(params)
    partial = partial_decryption(election, decode_tally(election, tally_json), player.index, player.share)
    partial["belenios_key"] = interop.verification_key(exps(), player.share)
    return partial


def run_ceremony(vote_id):
    """Play every trustee's part; return their Trustee objects by index."""
    vote = db.session.get(Vote, vote_id)
    group = get_group(vote.group_name)
    players = {}
    for t in vote.trustees:
        players[t.index] = trustee_mod.Trustee(group, vote.uuid, t.index, vote.threshold, t.name)
        vote_ceremony.post_certificate(t, certificate(players[t.index]), t.user)
    vote = db.session.get(Vote, vote_id)
    certs = vote_ceremony.certificates(vote)
    for t in vote.trustees:
        vote_ceremony.post_shares(t, players[t.index].deal(certs), t.user)
    vote = db.session.get(Vote, vote_id)
    for t in vote.trustees:
        complaints = players[t.index].receive(certs, vote_ceremony.messages_for(vote, t))
        players[t.index].finish(sorted(players))
        vote_ceremony.post_complaints(t, complaints, t.user)
    for t in db.session.get(Vote, vote_id).trustees:
        vote_ceremony.post_key_check(t, key_check(db.session.get(Vote, vote_id), players[t.index]), t.user)
    return players


def open_vote(community, **overrides):
    """Create a vote in BELENIOS-2048, run its ceremony, print slips and open it."""
    council, people = vote_world.seat_trustees(community)
    vote_id = vote_world.create(community, council.id, group_name=GROUP, **overrides)
    worker = db.session.get(User, community.worker.id)
    votes.freeze(db.session.get(Vote, vote_id), worker)
    players = run_ceremony(vote_id)
    slips = {v.roll_number: secret for v, secret in
             vote_credentials.issue_slips(db.session.get(Vote, vote_id), worker)}
    votes.open_vote(db.session.get(Vote, vote_id), worker)
    return SimpleNamespace(id=vote_id, players=players, slips=slips)


def ballot(vote_id, secret, plaintexts):
    """Return a Belenios ballot (parsed) for a voter's slip, as the ballot page posts it."""
    vote = db.session.get(Vote, vote_id)
    election, _, _ = vote_belenios.belenios_of(vote)
    x = creds.signing_key(election.group, vote.uuid, secret)
    return json.loads(make_ballot(election, x, plaintexts))


def resign(vote_id, secret, ballot):
    """Sign a (changed) ballot again with the voter's credential, so that only its proofs can be wrong."""
    from deliberation.crypto.belenios import proofs as bp
    from deliberation.crypto.belenios.archive import dumps
    from deliberation.crypto.belenios.formats import fingerprint

    vote = db.session.get(Vote, vote_id)
    election, _, _ = vote_belenios.belenios_of(vote)
    unsigned = {k: ballot[k] for k in ("election_uuid", "election_hash", "credential", "answers")}
    digest = fingerprint(dumps(unsigned))
    x = creds.signing_key(election.group, vote.uuid, secret)
    return {**unsigned, "signature": {"hash": digest, "proof": bp.encode_proof(bp.sign_ballot(election.exps, digest, x))}}


def cast(vote_id, secret, plaintexts):
    return vote_casting.cast_ballot(vote_id, ballot(vote_id, secret, plaintexts))


def partial(vote, player):
    """Return a trustee's Belenios partial decryption of the vote's tally, as the trustee page posts it."""
    election, _, _ = vote_belenios.belenios_of(vote)
    rows = interop.decode_tally(election, json.loads(vote.tally_json))
    return {"trustee": player.index, **interop.partial_decryption(election.exps, election.fingerprint, rows,
                                                                  player.share)}


def close_and_tally(community, vote_id):
    worker = db.session.get(User, community.worker.id)
    vote = db.session.get(Vote, vote_id)
    votes.close_vote(vote, worker, now=vote.closes_at)
    vote_tally.compute_tally(db.session.get(Vote, vote_id), worker, now=vote.closes_at + timedelta(days=2))
    return db.session.get(Vote, vote_id)


def decrypt(vote_id, players, indices=(1, 2)):
    vote = db.session.get(Vote, vote_id)
    for t in vote.trustees:
        if t.index in indices:
            vote_tally.post_partial(t, partial(db.session.get(Vote, vote_id), players[t.index]), t.user)
    return db.session.get(Vote, vote_id)
