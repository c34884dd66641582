"""Demo votes: an open Art. 278 vote on an elevator with ballots cast, and a published one with its result.

The demo trustees' key files are sealed with the demo password and left in the instance folder
(demo_trustee_keys/), so that visitors can play a trustee; a real vote never does this.
"""
import json
import os
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from ..crypto import ballot as ballots_mod
from ..crypto import keyfile
from ..crypto import trustees as trustee_mod
from ..crypto.election import Election
from ..crypto.group import get_group
from ..crypto.tally import decode_tally, partial_decryption
from ..domain.vote_rules import referendum_questions
from ..extensions import db
from ..models import Council, RoleGrant, User, Vote
from ..models.base import utcnow
from . import vote_casting, vote_ceremony, vote_credentials, vote_paper, vote_tally, votes

DEMO_PASSPHRASE = "demo1234"


def _workers(community):
    return db.session.scalars(select(User).join(RoleGrant).where(
        User.community_id == community.id, RoleGrant.role == "worker").order_by(User.id)).all()


def _ceremony(vote, key_folder):
    """Play every trustee's part in Python and seal their keys for the demo; return the players."""
    group = get_group(vote.group_name)
    players = {t.index: trustee_mod.Trustee(group, vote.uuid, t.index, vote.threshold, t.name)
               for t in vote.trustees}
    for t in vote.trustees:
        vote_ceremony.post_certificate(t, players[t.index].certificate(), t.user)
    certs = vote_ceremony.certificates(vote)
    for t in vote.trustees:
        vote_ceremony.post_shares(t, players[t.index].deal(certs), t.user)
    for t in vote.trustees:
        player = players[t.index]
        vote_ceremony.post_complaints(t, player.receive(certs, vote_ceremony.messages_for(vote, t)), t.user)
        player.finish(sorted(players))
    params, tally_json = vote_ceremony.key_check(vote)
    election = Election(params)
    for t in vote.trustees:
        check = partial_decryption(election, decode_tally(election, tally_json), t.index, players[t.index].share)
        vote_ceremony.post_key_check(t, check, t.user)
    os.makedirs(key_folder, exist_ok=True)
    for index, player in players.items():
        keyfile.save(os.path.join(key_folder, f"vote{vote.id}-trustee{index}.key"), player.secret_material(),
                     DEMO_PASSPHRASE, n=2**14)
    return players


def _set_up(community, worker, council, title, questions, rng, opens_at, closes_at, **fields):
    vote = votes.create_vote(community, worker, title=title, questions=questions, council_id=council.id,
                             opens_at=opens_at, closes_at=closes_at, threshold=3, **fields)
    votes.freeze(vote, worker)
    key_folder = os.path.join(current_app.instance_path, "demo_trustee_keys")
    players = _ceremony(db.session.get(Vote, vote.id), key_folder)
    slips = vote_credentials.issue_slips(db.session.get(Vote, vote.id), worker)
    votes.open_vote(db.session.get(Vote, vote.id), worker)
    return db.session.get(Vote, vote.id), players, slips


def _cast_some(vote, slips, rng, share, yes_bias, now):
    election = Election(json.loads(vote.election_json))
    voters = rng.sample(slips, int(len(slips) * share))
    for voter, secret in voters:
        choice = 0 if rng.random() < yes_bias else rng.choice((1, 2))
        ballot, _ = ballots_mod.build_ballot(election, secret, [[int(i == choice) for i in range(3)]])
        vote_casting.cast_ballot(vote.id, ballot, now=now)
    return voters


def _write_voting_codes(vote, unused):
    """Keep the demo's unused voting codes in instance/demo_voting_codes.txt, so that visitors can vote.

    A real vote never does this: the office prints the slips and keeps no copy.
    """
    path = os.path.join(current_app.instance_path, "demo_voting_codes.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"# {vote.title}: voting codes of owners who have not voted (demo only; password demo1234)\n")
        for voter, secret in unused:
            user = db.session.get(User, voter.user_id) if voter.user_id else None
            if user is not None:
                f.write(f"{user.phone}\t{user.name}\t{secret}\n")


def seed_votes(community, rng):
    """Create an open elevator vote with ballots and a published vote with its result."""
    workers = _workers(community)
    worker = workers[0]
    council = db.session.scalar(select(Council).where(Council.community_id == community.id,
                                                      Council.building_id.is_(None)))
    now = utcnow()
    building = community.buildings[0]
    elevator, _, slips = _set_up(
        community, worker, council, f"{building.name}加装电梯表决",
        referendum_questions([f"是否同意为{building.name}两个单元加装电梯，并按《民法典》第278条使用专项维修资金？"]),
        rng, now - timedelta(days=2), now + timedelta(days=12), building_id=building.id,
        rule="art278_major", weighting="both", eligibility="owners",
        description="电梯由业主按楼层分摊费用，维修资金承担公共部分。施工期约 60 天，期间楼道部分封闭。")
    cast = _cast_some(elevator, slips, rng, 0.45, 0.8, now)
    _write_voting_codes(elevator, [(v, s) for v, s in slips if v not in {c for c, _ in cast}])
    lost, _ = cast[0]
    # A resident reported their slip lost after voting: the board lists the revocation, and they voted again.
    secret = vote_credentials.revoke_and_reissue(db.session.get(Vote, elevator.id), lost, worker,
                                                 "凭条遗失，本人到社区办理补发")
    _cast_some(db.session.get(Vote, elevator.id), [(lost, secret)], rng, 1, 0.8, now)

    opened, closed = now - timedelta(days=20), now - timedelta(days=6)
    garden, players, slips = _set_up(
        community, worker, council, "公共收益用于改造中心花园",
        referendum_questions(["是否同意使用 2025 年度公共收益 18 万元改造中心花园（增设适老座椅和无障碍坡道）？"]),
        rng, opened, closed, rule="art278_general", weighting="both", eligibility="households",
        description="公共收益来自电梯广告和停车位出租，账目已于社区公示栏公示。")
    online = _cast_some(garden, slips, rng, 0.62, 0.7, closed - timedelta(days=1))
    voted = {v.id for v, _ in online}
    paper = [v for v, _ in slips if v.id not in voted][:12]
    lines = "\n".join(f"{v.roll_number}: {1 if i % 4 else 2}" for i, v in enumerate(paper))
    for who in workers[:2]:
        vote_paper.enter_batch(db.session.get(Vote, garden.id), who, "1号票箱-第1捆", lines)
    votes.close_vote(db.session.get(Vote, garden.id), worker, now=closed)
    vote_tally.compute_tally(db.session.get(Vote, garden.id), worker)
    garden = db.session.get(Vote, garden.id)
    election, _ = vote_casting.election_of(garden)
    encrypted = decode_tally(election, json.loads(garden.tally_json))
    for t in list(garden.trustees)[:garden.threshold]:
        vote_tally.post_partial(t, partial_decryption(election, encrypted, t.index, players[t.index].share), t.user)
    return elevator, db.session.get(Vote, garden.id)
