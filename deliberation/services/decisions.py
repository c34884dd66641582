"""Publish council decisions, take objections during the notice period, and put decisions into effect."""
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..domain.notice_period import DEFAULT_DAYS, is_open, notice_ends, why_not_effective
from ..extensions import db
from ..models import Decision, Objection, ProposalEvent
from ..models.base import utcnow
from ..models.decision import EFFECTS
from . import audit, projects
from .meetings import residents_in_scope, tally
from .notifications import notify
from .proposal_lifecycle import TransitionError, transition

# Which effects an item's outcome allows: an adopted motion may accept a proposal or send it to
# the residents; a rejected one may only reject it.
EFFECTS_FOR = {"adopted": ("accept", "send_to_vote", "none"), "rejected": ("reject", "none")}
STATUS_FOR_EFFECT = {"accept": "accepted", "reject": "rejected", "send_to_vote": "voting"}


class DecisionError(Exception):
    """The decision cannot change that way; code names why."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def _link(decision):
    return f"/decisions/{decision.id}"


def publish(item, title, text, effect, actor, notice_days=DEFAULT_DAYS, now=None):
    """Publish the decision on an agenda item whose roll call is recorded; the notice period starts."""
    now = now or utcnow()
    if item.outcome is None:
        raise DecisionError("no_roll_call")
    if item.outcome == "no_quorum":
        raise DecisionError("no_quorum")
    if effect not in EFFECTS or effect not in EFFECTS_FOR[item.outcome]:
        raise DecisionError("bad_effect")
    if effect != "none" and item.proposal is None:
        raise DecisionError("no_proposal")
    if db.session.scalar(select(Decision.id).where(Decision.item_id == item.id)):
        raise DecisionError("already_published")
    try:
        ends = notice_ends(now, notice_days)
    except ValueError:
        raise DecisionError("bad_notice_days") from None
    council = item.meeting.council
    counted = tally(item)
    decision = Decision(
        community_id=council.community_id, council_id=council.id, building_id=council.building_id,
        meeting_id=item.meeting_id, item_id=item.id, title=title, text=text, effect=effect,
        rule=item.meeting.rule, result=counted.result, yes_count=counted.yes, no_count=counted.no,
        abstain_count=counted.abstain, recused_count=counted.recused, present_count=counted.present,
        member_count=counted.members, published_by_id=actor.id, published_at=now,
        notice_days=notice_days, notice_ends_at=ends)
    if item.proposal is not None:
        decision.proposals.append(item.proposal)
    db.session.add(decision)
    try:
        db.session.flush()
    except IntegrityError:
        # Another officer published on this item at the same moment (item_id is unique).
        db.session.rollback()
        raise DecisionError("already_published") from None
    for proposal in decision.proposals:
        db.session.add(ProposalEvent(proposal_id=proposal.id, actor_id=actor.id, kind="decision",
                                     note=title, ref=f"decision:{decision.id}", created_at=now))
    audit.record(actor, "decision.publish", decision, item=item.id, effect=effect, result=counted.result,
                 yes=counted.yes, no=counted.no, abstain=counted.abstain, recused=counted.recused,
                 notice_ends_at=ends)
    notify([u.id for u in residents_in_scope(council.community_id, council.building_id)],
           "decision.published", link=_link(decision), council=council.name, title=title)
    db.session.commit()
    return decision


def file_objection(decision, author, reasons, now=None):
    """File a resident's objection; only while the notice period runs."""
    now = now or utcnow()
    reasons = reasons.strip()
    if not is_open(now, decision.published_at, decision.notice_ends_at) or decision.took_effect_at:
        raise DecisionError("notice_closed")
    if not reasons:
        raise DecisionError("no_reasons")
    objection = Objection(decision_id=decision.id, author_id=author.id, reasons=reasons, created_at=now)
    db.session.add(objection)
    db.session.flush()
    audit.record(author, "decision.object", objection, decision=decision.id, characters=len(reasons))
    officers = [m.user_id for m in decision.council.current_members() if m.role in ("chair", "secretary")]
    notify(officers, "objection.filed", link=_link(decision), title=decision.title)
    db.session.commit()
    return objection


def answer_objection(objection, answer, actor, now=None):
    """Answer an objection publicly, once; the answer is part of the decision's record."""
    answer = answer.strip()
    if objection.answered_at is not None:
        raise DecisionError("already_answered")
    if not answer:
        raise DecisionError("no_answer")
    objection.answer = answer
    objection.answered_by_id = actor.id
    objection.answered_at = now or utcnow()
    audit.record(actor, "decision.answer", objection, decision=objection.decision_id, characters=len(answer))
    notify([objection.author_id], "objection.answered", link=_link(objection.decision),
           title=objection.decision.title)
    db.session.commit()


def _lock(decision):
    # FOR UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE already serialises writers.
    stmt = select(Decision).where(Decision.id == decision.id).with_for_update()
    return db.session.execute(stmt.execution_options(populate_existing=True)).scalar_one()


def take_effect(decision, actor, now=None):
    """Put the decision into effect and move its proposals; refused while objections wait for answers."""
    now = now or utcnow()
    decision = _lock(decision)
    reason = why_not_effective(now, decision.notice_ends_at, len(decision.unanswered),
                               decision.took_effect_at is not None)
    if reason:
        raise DecisionError(reason)
    decision.took_effect_at = now
    moved, skipped = [], []
    target = STATUS_FOR_EFFECT.get(decision.effect)
    for proposal in decision.proposals if target else ():
        try:
            transition(proposal, target, actor, note=decision.title, ref=f"decision:{decision.id}")
        except TransitionError:
            # Withdrawn or moved on meanwhile: the decision stands, the proposal stays where it is.
            skipped.append(proposal.id)
            continue
        moved.append(proposal.id)
        if target == "accepted":
            projects.start_project(proposal, actor)
    audit.record(actor, "decision.take_effect", decision, effect=decision.effect, moved=moved,
                 skipped=skipped)
    # Everyone in scope was told at publication; now tell those with a stake: authors and objectors.
    concerned = [p.author_id for p in decision.proposals] + [o.author_id for o in decision.objections]
    notify(concerned, "decision.in_effect", link=_link(decision), title=decision.title)
    db.session.commit()
    return decision


def link_vote(decision, vote_id, actor):
    """Record the residents' vote opened for a decision that sent its proposal to a vote."""
    if decision.effect != "send_to_vote" or decision.took_effect_at is None:
        raise DecisionError("not_sent_to_vote")
    if decision.vote_id is not None:
        raise DecisionError("vote_linked")
    decision.vote_id = vote_id
    for proposal in decision.proposals:
        db.session.add(ProposalEvent(proposal_id=proposal.id, actor_id=getattr(actor, "id", None), kind="vote",
                                     note=decision.title, ref=f"vote:{vote_id}"))
    audit.record(actor, "decision.vote", decision, vote=vote_id)
    db.session.commit()


def settle(decision, now=None):
    """Put a decision into effect if it is due (called when it is viewed); tell whether it changed."""
    now = now or utcnow()
    if why_not_effective(now, decision.notice_ends_at, len(decision.unanswered),
                         decision.took_effect_at is not None):
        return False
    try:
        take_effect(decision, None, now)
    except DecisionError:
        # Another request put it into effect first.
        db.session.rollback()
        return False
    return True


def settle_due(now=None):
    """Put every due decision into effect; return how many did."""
    now = now or utcnow()
    due = db.session.scalars(select(Decision).where(Decision.took_effect_at.is_(None),
                                                    Decision.notice_ends_at <= now)).all()
    return sum(1 for decision in due if settle(decision, now))
