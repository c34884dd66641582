"""Voters' credentials: the server keeps only the public half.

A secret credential leaves this module once, on a printed slip or in a one-time reveal,
and is never written anywhere.
"""
from ..crypto import credentials as creds
from ..crypto.group import get_group
from ..extensions import db
from ..models import VoteCredential
from ..models.base import utcnow
from . import audit
from .vote_chain import lock_vote
from .votes import VoteError, voter_of


def _issue(vote, voter, channel, actor):
    secret = creds.generate_credential()
    group = get_group(vote.group_name)
    public = group.encode(creds.public_credential(group, vote.uuid, secret))
    db.session.add(VoteCredential(vote_id=vote.id, voter_id=voter.id, public=public, weight=voter.area,
                                  channel=channel, issued_by_id=getattr(actor, "id", None)))
    return secret


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
    """Draw the user's credential and return it, once; it is not stored."""
    vote = lock_vote(vote.id)
    if vote.status != "ceremony":
        raise VoteError("credentials_closed")
    voter = voter_of(vote, user)
    if voter is None:
        raise VoteError("not_on_roll")
    if voter.active_credential is not None:
        raise VoteError("already_issued")
    secret = _issue(vote, voter, "account", user)
    audit.record(user, "vote.credential_revealed", vote, roll=voter.roll_number)
    db.session.commit()
    return secret


def revoke_and_reissue(vote, voter, actor, reason):
    """Revoke a lost credential and print a new slip; returns the new secret."""
    vote = lock_vote(vote.id)
    if vote.status != "ceremony":
        raise VoteError("credentials_closed")
    if not reason.strip():
        raise VoteError("no_reason")
    old = voter.active_credential
    if old is None:
        raise VoteError("no_credential")
    old.revoked_at, old.revoked_reason = utcnow(), reason.strip()[:200]
    secret = _issue(vote, voter, "slip", actor)
    audit.record(actor, "vote.credential_revoked", vote, roll=voter.roll_number, reason=old.revoked_reason,
                 credential=old.public)
    db.session.commit()
    return secret


def revocations(vote):
    """Return the revoked credentials, for the bulletin board."""
    return [c for voter in vote.voters for c in voter.credentials if c.revoked_at is not None]
