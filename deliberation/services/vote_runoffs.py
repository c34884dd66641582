"""Runoffs of council elections: a new election among exactly the candidates tied for the last seats."""
import json

from sqlalchemy import select

from ..domain.vote_rules import election_question
from ..extensions import db
from ..models import Community, Vote
from . import audit, votes
from .vote_chain import lock_vote
from .vote_results import vote_result
from .votes import VoteError


def runoffs_of(vote):
    """Return the runoffs opened for this election's tied seats (at most one)."""
    return db.session.scalars(select(Vote).where(Vote.runoff_of_id == vote.id).order_by(Vote.id)).all()


def runoff_questions(vote, result=None):
    """Return the runoff's questions: for each tie, the tied candidates for the seats it left empty.

    Empty unless the vote is a published election with a tie.
    """
    if vote.kind != "election" or vote.status != "published":
        return []
    result = result or vote_result(vote)
    return [election_question(qr.question["question"], [qr.question["choices"][i] for i in qr.seats.tied],
                              qr.seats.open_seats)[0]
            for qr in result.questions if qr.tie]


def open_runoff(vote, actor, *, title, opens_at, closes_at):
    """Create a draft election among the tied candidates, for the seats left empty, linked to the first.

    It keeps the first election's council, scope, eligibility, weights, rule, decryption threshold and
    ballot format.
    """
    vote = lock_vote(vote.id)  # two clicks at once make one runoff
    questions = runoff_questions(vote)
    if not questions:
        raise VoteError("no_tie")
    if runoffs_of(vote):
        raise VoteError("runoff_exists")
    audit.record(actor, "vote.runoff", vote, title=title, seats=[q["max"] for q in questions],
                 candidates=[q["choices"] for q in questions])
    try:
        return votes.create_vote(
            db.session.get(Community, vote.community_id), actor,
            title=title, questions=questions, council_id=vote.council_id, opens_at=opens_at, closes_at=closes_at,
            kind="election", building_id=vote.building_id, eligibility=vote.eligibility, weighting=vote.weighting,
            rule=vote.rule, custom_thresholds=json.loads(vote.custom_thresholds or "[]"), threshold=vote.threshold,
            group_name=vote.group_name, runoff_of_id=vote.id)
    except VoteError:
        db.session.rollback()
        raise
