"""Voters' credentials: the server keeps only the public half.

A secret credential leaves this module once, on a printed slip or in a one-time reveal,
and is never written anywhere.

Before the vote opens, a lost credential is replaced quietly: the old one never reaches the
published list. Once it is open the list is frozen in the record, so a revocation and the new
credential are events of the vote's chain (docs/election-record.md): no ballot of the revoked
credential counts, not even one cast before, and the voter votes again with the new one.
"""
import json
from types import SimpleNamespace

from sqlalchemy import func, select

from ..crypto import credentials as creds
from ..crypto.group import get_group
from ..extensions import db
from ..models import Ballot, User, VoteCredential, VoteEvent, VoteVoter
from ..models.base import utcnow
from . import audit
from .notifications import notify
from .vote_chain import append_event, lock_vote
from .votes import VoteError, voter_of

CHANNELS = ("slip", "account")
# Belenios' own record has no revocation events: its votes keep the list they opened with.
FROZEN_LIST_GROUPS = ("BELENIOS-2048",)


def _issue(vote, voter, channel, actor, replaces=None):
    """Draw a credential for the voter; once the vote is open, only in place of a revoked one, with its weight."""
    secret = creds.generate_credential()
    group = get_group(vote.group_name)
    public = group.encode(creds.public_credential(group, vote.uuid, secret))
    weight = replaces.weight if replaces is not None else voter.area
    db.session.add(VoteCredential(vote_id=vote.id, voter_id=voter.id, public=public, weight=weight,
                                  channel=channel, issued_by_id=getattr(actor, "id", None)))
    if vote.status == "open":
        append_event(vote, creds.REISSUE, {"credential": public, "weight": str(weight), "replaces": replaces.public})
    return secret


def _active(voter):
    """Return the voter's credential in force, read from the database under the vote's lock."""
    return db.session.scalar(select(VoteCredential).where(VoteCredential.voter_id == voter.id,
                                                          VoteCredential.revoked_at.is_(None)))


def issue_slips(vote, actor):
    """Draw credentials for every voter still without one; return [(voter, secret)] to print now."""
    vote = lock_vote(vote.id)
    if vote.status != "ceremony":
        raise VoteError("credentials_closed")
    slips = [(voter, _issue(vote, voter, "slip", actor)) for voter in vote.voters
             if voter.active_credential is None]
    audit.record(actor, "vote.slips_issued", vote, count=len(slips))
    db.session.commit()
    return slips


def reveal(vote, user):
    """Draw the user's credential and return it, once; it is not stored.

    While the vote is open, only in place of a credential revoked for the account channel.
    """
    vote = lock_vote(vote.id)
    if vote.status not in ("ceremony", "open"):
        raise VoteError("credentials_closed")
    voter = voter_of(vote, user)
    if voter is None:
        raise VoteError("not_on_roll")
    if _active(voter) is not None:
        raise VoteError("already_issued")
    replaces = None
    if vote.status == "open":
        replaces = awaiting_replacement(vote, voter)
        if replaces is None:
            raise VoteError("credentials_closed")
        if utcnow() > vote.closes_at:
            raise VoteError("replacement_closed")
    secret = _issue(vote, voter, "account", user, replaces)
    audit.record(user, "vote.credential_revealed", vote, roll=voter.roll_number,
                 **({"replaces": replaces.public} if replaces is not None else {}))
    db.session.commit()
    return secret


def may_reveal(voter):
    """Tell whether someone can sign in and see this voter's one-time reveal."""
    if voter.user_id is not None:
        return True
    return db.session.scalar(select(User.id).where(User.household_id == voter.household_id,
                                                   User.status == "verified").limit(1)) is not None


def revoke_and_reissue(vote, voter, actor, reason, channel="slip"):
    """Revoke a lost credential and issue its replacement; return the new secret to print, or None.

    With the "account" channel nothing is printed: the voter shows the new code once in their
    account (reveal). Once the vote is open both are events of the chain, the old credential's
    ballots stop counting and the voter is told to vote again.
    """
    vote = lock_vote(vote.id)
    if vote.status not in ("ceremony", "open"):
        raise VoteError("credentials_closed")
    if vote.status == "open" and vote.group_name in FROZEN_LIST_GROUPS:
        raise VoteError("belenios_list_frozen")
    if vote.status == "open" and utcnow() > vote.closes_at:
        raise VoteError("replacement_closed")
    voter = db.session.get(VoteVoter, voter.id)
    reason = (reason or "").strip()[:200]
    if voter is None or voter.vote_id != vote.id:
        raise VoteError("no_credential")
    if not reason:
        raise VoteError("no_reason")
    if channel not in CHANNELS or (channel == "account" and not may_reveal(voter)):
        raise VoteError("bad_channel")
    old = _active(voter)
    if old is None:
        raise VoteError("no_credential")
    old.revoked_at, old.revoked_reason = utcnow(), reason
    opened = vote.status == "open"
    if opened:
        append_event(vote, creds.REVOCATION, {"credential": old.public})
        # Its ballots no longer count: the voter may vote again, online or on paper.
        voter.voted_online = False
    secret = _issue(vote, voter, "slip", actor, old) if channel == "slip" else None
    audit.record(actor, "vote.credential_revoked", vote, roll=voter.roll_number, reason=reason,
                 credential=old.public, channel=channel, during_vote=opened)
    if opened:
        notify(_holders(voter), "vote.credential_revoked", link=f"/votes/{vote.id}", title=vote.title)
    db.session.commit()
    return secret


def _holders(voter):
    if voter.user_id is not None:
        return [voter.user_id]
    return db.session.scalars(select(User.id).where(User.household_id == voter.household_id,
                                                    User.status == "verified")).all()


def chain_events(vote_id):
    """Return the events that bear on the credential list: election, close, revocations and reissues."""
    rows = db.session.execute(
        select(VoteEvent.seq, VoteEvent.type, VoteEvent.payload)
        .where(VoteEvent.vote_id == vote_id, VoteEvent.type.in_(("election", "close", *creds.CREDENTIAL_EVENTS)))
        .order_by(VoteEvent.seq)).all()
    return [{"seq": seq, "type": kind, "payload": json.loads(payload)} for seq, kind, payload in rows]


def roster(vote_id, group, frozen):
    """Replay the chain's revocations and reissues on the list frozen at opening (as the verifier does)."""
    return creds.replay(group, frozen, chain_events(vote_id))


def version(vote_id):
    """Return a number that grows with every credential issued or revoked for the vote (a cache key)."""
    return db.session.scalar(select(func.count(VoteCredential.id) + func.count(VoteCredential.revoked_at))
                             .where(VoteCredential.vote_id == vote_id))


def unreplaced(vote):
    """Return the public credentials revoked during the vote that no new credential replaces yet."""
    events = chain_events(vote.id) if vote.status == "open" else []
    revoked = {e["payload"]["credential"] for e in events if e["type"] == creds.REVOCATION}
    return revoked - {e["payload"]["replaces"] for e in events if e["type"] == creds.REISSUE}


def awaiting_replacement(vote, voter):
    """Return the voter's credential revoked during the vote and not yet replaced, or None."""
    if voter is None or vote.status != "open" or _active(voter) is not None:
        return None
    last = db.session.scalar(select(VoteCredential).where(VoteCredential.voter_id == voter.id)
                             .order_by(VoteCredential.id.desc()).limit(1))
    return last if last is not None and last.public in unreplaced(vote) else None


def revocations(vote):
    """Return the revoked credentials for the bulletin board, oldest first.

    Each has `public`, `revoked_at`, `reason`, `event` (the revocation's place in the chain, None
    if revoked before opening) and `replacement` (the public credential issued in its place, if any).
    """
    revoked = db.session.scalars(select(VoteCredential).where(VoteCredential.vote_id == vote.id,
                                                              VoteCredential.revoked_at.is_not(None))
                                 .order_by(VoteCredential.revoked_at, VoteCredential.id)).all()
    events = chain_events(vote.id) if vote.chain_seq else []
    seqs = {e["payload"]["credential"]: e["seq"] for e in events if e["type"] == creds.REVOCATION}
    replacements = {e["payload"]["replaces"]: e["payload"]["credential"] for e in events
                    if e["type"] == creds.REISSUE}
    return [SimpleNamespace(public=c.public, revoked_at=c.revoked_at, reason=c.revoked_reason,
                            event=seqs.get(c.public), replacement=replacements.get(c.public)) for c in revoked]


def uncounted_ballots(vote):
    """Return the numbers of the board's ballots cast with a credential revoked during the vote."""
    revoked = [e["payload"]["credential"] for e in chain_events(vote.id) if e["type"] == creds.REVOCATION]
    if not revoked:
        return set()
    return set(db.session.scalars(select(Ballot.seq).where(Ballot.vote_id == vote.id,
                                                           Ballot.credential.in_(revoked))))
