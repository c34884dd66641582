"""Votes for the votes tests: a council of trustees, a vote taken through set-up, ceremony and opening."""
from datetime import timedelta
from types import SimpleNamespace

from deliberation.crypto import trustees as trustee_mod
from deliberation.crypto.group import get_group
from deliberation.extensions import db
from deliberation.models import Community, User, Vote
from deliberation.models.base import utcnow
from deliberation.services import vote_ceremony, vote_credentials, votes
from deliberation.votes_cli import restore_trustee

from .factories import make_council, make_user

ELEVATOR = "为 1 号楼加装电梯，使用专项维修资金"


def seat_trustees(community, n=3):
    """Seat an n-member community council living in building A; return ids."""
    homes = community.households
    people = [make_user(community.id, f"委员{i}", f"1370000010{i}", homes[1 + i % 3].id) for i in range(n)]
    council = make_council(community.id, [(p.id, "chair" if i == 0 else "member") for i, p in enumerate(people)])
    return council, people


def create(community, council_id, **overrides):
    """Create a draft vote through the service as the community's worker; return its id."""
    now = utcnow()
    fields = dict(title="加装电梯表决", questions=[{"question": ELEVATOR, "choices": ["Yes", "No", "Abstain"],
                                                   "min": 1, "max": 1}],
                  council_id=council_id, opens_at=now - timedelta(hours=1), closes_at=now + timedelta(days=7),
                  rule="art278_major", weighting="both", eligibility="owners", threshold=2)
    fields.update(overrides)
    worker = db.session.get(User, community.worker.id)
    vote = votes.create_vote(db.session.get(Community, community.id), worker, **fields)
    return vote.id


def run_ceremony(vote_id):
    """Play every trustee's part in Python, as the CLI would; return their Trustee objects."""
    vote = db.session.get(Vote, vote_id)
    group = get_group(vote.group_name)
    players = {}
    for t in vote.trustees:
        player = trustee_mod.Trustee(group, vote.uuid, t.index, vote.threshold, t.name)
        players[t.index] = player
        vote_ceremony.post_certificate(t, player.certificate(), t.user)
    vote = db.session.get(Vote, vote_id)
    certs = vote_ceremony.certificates(vote)
    for t in vote.trustees:
        vote_ceremony.post_shares(t, players[t.index].deal(certs), t.user)
    vote = db.session.get(Vote, vote_id)
    for t in vote.trustees:
        complaints = players[t.index].receive(certs, vote_ceremony.messages_for(vote, t))
        players[t.index].finish(sorted(players))
        vote_ceremony.post_complaints(t, complaints, t.user)
    params, tally_json = vote_ceremony.key_check(db.session.get(Vote, vote_id))
    from deliberation.crypto.election import Election
    from deliberation.crypto.tally import decode_tally, partial_decryption

    election = Election(params)
    for t in db.session.get(Vote, vote_id).trustees:
        state = restore_trustee(players[t.index].secret_material())
        partial = partial_decryption(election, decode_tally(election, tally_json), t.index, state.share)
        vote_ceremony.post_key_check(t, partial, t.user)
    return players


def open_vote(community, **overrides):
    """Create, freeze, run the ceremony, print slips and open; return ids, slips and trustees."""
    council, people = seat_trustees(community)
    vote_id = create(community, council.id, **overrides)
    worker = db.session.get(User, community.worker.id)
    votes.freeze(db.session.get(Vote, vote_id), worker)
    players = run_ceremony(vote_id)
    slips = {v.roll_number: secret for v, secret in
             vote_credentials.issue_slips(db.session.get(Vote, vote_id), worker)}
    vote = votes.open_vote(db.session.get(Vote, vote_id), worker)
    rolls = {v.user_id or v.household_id: v.roll_number for v in vote.voters}
    return SimpleNamespace(id=vote_id, council=council, trustees=people, players=players, slips=slips, rolls=rolls)
