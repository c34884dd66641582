"""Tally a closed vote, collect the trustees' partial decryptions, publish the result and the record."""
import json
import threading

from flask import current_app
from sqlalchemy import select

from ..crypto import elgamal, tally
from ..crypto.canonical import canonical_json, object_hash
from ..crypto.group import InvalidElement
from ..domain.vote_rules import COMPLAINT_HOURS, tally_opens_at
from ..extensions import db
from ..models import Ballot, User, Vote
from ..models.base import utcnow
from . import audit, vote_belenios
from .notifications import notify
from .vote_casting import election_of
from .vote_chain import append_event, events, lock_vote
from .vote_checker import drain
from .votes import VoteError


def complaint_hours():
    return current_app.config.get("VOTE_COMPLAINT_HOURS", COMPLAINT_HOURS)


def _ballots(vote):
    rows = db.session.scalars(select(Ballot).where(Ballot.vote_id == vote.id).order_by(Ballot.seq))
    return [json.loads(b.body) for b in rows]


def compute_tally(vote, actor, now=None):
    """Multiply the last ballot of each credential, with weights, into the encrypted tally.

    Only after the complaint period that follows closing (VOTE_COMPLAINT_HOURS, default 24).
    Ballots still queued for checking are settled first: cast in time, they count.
    """
    drain(vote.id)
    vote = _lock_for_tally(vote.id, now)
    election, weights = election_of(vote)
    cast = _ballots(vote)
    group = election.group
    counted = [([[elgamal.decode(group, ct) for ct in a["choices"]] for a in cast[i]["answers"]],
                weights[cast[i]["credential"]]) for i in tally.counted_ballots(cast, weights)]
    tally_json = (vote_belenios.encrypted_tally(vote, counted) if vote_belenios.is_belenios(vote)
                  else tally.encode_tally(election, tally.compute_tally(election, counted)))
    vote.tally_json = canonical_json(tally_json)
    append_event(vote, "tally", {"hash": object_hash(tally_json)})
    vote.status = "tallied"
    audit.record(actor, "vote.tally", vote, counted=len(counted), hash=object_hash(tally_json))
    notify([t.user_id for t in vote.trustees], "vote.decrypt", title=vote.title,
           link=f"/votes/{vote.id}/trustee")
    db.session.commit()
    return vote


def _lock_for_tally(vote_id, now):
    """Lock a closed vote (or one whose tally is under way) once its complaint period is over."""
    vote = lock_vote(vote_id)
    if vote.status not in ("closed", "tallying"):
        raise VoteError("not_closed")
    if (now or utcnow()) < tally_opens_at(vote.closed_at, complaint_hours()):
        raise VoteError("complaint_period")
    return vote


def start_tally(vote, actor, now=None, background=None):
    """Compute the tally now, or in a background thread (VOTE_TALLY_IN_BACKGROUND; the default outside tests).

    In the background the vote is "tallying" until the tally is stored, and the page follows it. If the
    thread fails the vote goes back to "closed", the failure is logged, and the tally can be asked for
    again; asking again while "tallying" (say the process died) starts it anew, and a second run that
    finds the tally done leaves it be.
    """
    app = current_app._get_current_object()
    if background is None:
        background = app.config.get("VOTE_TALLY_IN_BACKGROUND", not app.testing)
    if not background:
        return compute_tally(vote, actor, now)
    vote = _lock_for_tally(vote.id, now)
    vote.status = "tallying"
    audit.record(actor, "vote.tally_started", vote)
    db.session.commit()
    threading.Thread(target=_tally_in_thread, args=(app, vote.id, getattr(actor, "id", None), now),
                     name="vote-tally", daemon=True).start()
    return vote


def _tally_in_thread(app, vote_id, actor_id, now):
    with app.app_context():
        try:
            compute_tally(db.session.get(Vote, vote_id), db.session.get(User, actor_id) if actor_id else None, now)
        except Exception:
            db.session.rollback()
            vote = lock_vote(vote_id)
            if vote.status == "tallying":  # not a second run that found the tally done
                app.logger.exception("tally of vote %s failed", vote_id)
                vote.status = "closed"
                audit.record(None, "vote.tally_failed", vote)
                db.session.commit()
        finally:
            db.session.remove()


def post_partial(trustee, partial, actor):
    """Accept a trustee's partial decryption with proofs; publish the result once t have come in."""
    vote = lock_vote(trustee.vote_id)
    if vote.status != "tallied":
        raise VoteError("not_tallied")
    if trustee.partial is not None:
        raise VoteError("already_posted")
    election, _ = election_of(vote)
    public = json.loads(vote.trustees_json)
    key = next(c["verification_key"] for c in public["trustees"] if c["index"] == trustee.index)
    try:
        if partial["trustee"] != trustee.index:
            raise VoteError("bad_partial")
        if vote_belenios.is_belenios(vote):
            encrypted = vote_belenios.check_partial(vote, partial, key)
        else:
            encrypted = tally.decode_tally(election, json.loads(vote.tally_json))
            tally.check_partial_decryption(election, encrypted, partial, election.group.decode(key))
    except (tally.TallyError, KeyError, TypeError, ValueError, InvalidElement):
        raise VoteError("bad_partial") from None
    trustee.partial = canonical_json(partial)
    audit.record(actor, "vote.trustee_partial", vote, trustee=trustee.index)
    deciders = [t for t in vote.trustees if t.partial is not None]
    if len(deciders) >= vote.threshold:
        _publish(vote, election, encrypted, deciders[:vote.threshold])
    db.session.commit()


def _publish(vote, election, encrypted, deciders):
    partials = [json.loads(t.partial) for t in deciders]
    for p in partials:
        append_event(vote, "decryption", {"trustee": p["trustee"], "hash": object_hash(p)})
    cast = _ballots(vote)
    _, weights = election_of(vote)
    bounds = {"headcount": len(weights), "weight": sum(weights.values())}
    if vote_belenios.is_belenios(vote):
        tallies = vote_belenios.decrypted_tallies(vote, encrypted, partials)
    else:
        tallies = tally.decode_result(election, tally.combined_plaintexts(election, encrypted, partials), bounds)
    result = {"tallies": tallies,
              "counted": str(len(tally.counted_ballots(cast, weights)))}
    vote.result_json = canonical_json(result)
    append_event(vote, "result", {"hash": object_hash(result)})
    vote.status, vote.published_at = "published", utcnow()
    audit.record(None, "vote.published", vote, head=vote.chain_head)
    _settle_proposal(vote)


def _settle_proposal(vote):
    """A referendum on a proposal accepts it when every question passes under the rule, else rejects it."""
    from .proposal_lifecycle import transition
    from .vote_results import vote_result

    if vote.proposal is None or vote.proposal.status != "voting" or vote.kind != "referendum":
        return
    passed = all(q.outcome.passed for q in vote_result(vote).questions)
    transition(vote.proposal, "accepted" if passed else "rejected", None, note=vote.title, ref=f"/votes/{vote.id}")


def deciders(vote):
    """Return the trustees whose partial decryptions made the result, in index order."""
    return [t for t in vote.trustees if t.partial is not None][:vote.threshold]


def record(vote):
    """Return the whole election record as `deliberation verify` reads it."""
    from .vote_casting import audited_ballots

    return {
        "election": json.loads(vote.election_json),
        "trustees": json.loads(vote.trustees_json),
        "credentials": json.loads(vote.credentials_json),
        "ballots": _ballots(vote),
        "audited": [json.loads(a.body) for a in audited_ballots(vote)],
        "events": events(vote),
        "tally": json.loads(vote.tally_json),
        "decryptions": [json.loads(t.partial) for t in deciders(vote)],
        "result": json.loads(vote.result_json),
    }


def counted_weight(vote):
    """Return (ballots counted, their total area): the last ballot per credential not revoked."""
    _, weights = election_of(vote)
    rows = db.session.execute(select(Ballot.credential).where(Ballot.vote_id == vote.id,
                                                              Ballot.replaced.is_(False))).scalars().all()
    counted = [c for c in rows if c in weights]
    return len(counted), sum(weights[c] for c in counted)
