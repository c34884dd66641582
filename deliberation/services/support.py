"""Support (附议) proposals; at the community's threshold a proposal goes on the council's agenda."""
from datetime import date

from sqlalchemy import delete, func, or_, select
from sqlalchemy.exc import IntegrityError

from ..domain.deliberation_rules import reaches_threshold, support_threshold
from ..extensions import db
from ..models import Council, CouncilMember, NotificationPreference, Proposal, Support
from ..permissions import can_support
from . import audit, delivery, notifications, webhooks
from .proposal_lifecycle import transition
from .proposals import DeliberationError, households_in_scope, settings_for


def _locked(proposal_id):
    # FOR UPDATE serialises supports of one proposal on PostgreSQL (SQLite's BEGIN IMMEDIATE already does),
    # so the count and the threshold check never act on a stale read.
    stmt = select(Proposal).where(Proposal.id == proposal_id).with_for_update()
    return db.session.execute(stmt.execution_options(populate_existing=True)).scalar_one()


def has_supported(user, proposal):
    return db.session.scalar(select(func.count(Support.id)).where(
        Support.proposal_id == proposal.id, Support.user_id == user.id)) > 0


def threshold_for(proposal):
    settings = settings_for(proposal.community_id)
    return support_threshold(settings.support_threshold_count, settings.support_threshold_percent,
                             households_in_scope(proposal.community_id, proposal.building_id))


def council_members(proposal):
    """Current members of the community council and of the proposal's building council, if any."""
    today = date.today()
    query = (select(CouncilMember.user_id).join(Council)
             .where(Council.community_id == proposal.community_id,
                    or_(Council.building_id.is_(None), Council.building_id == proposal.building_id),
                    CouncilMember.term_start <= today,
                    or_(CouncilMember.term_end.is_(None), CouncilMember.term_end >= today)))
    return db.session.execute(query).scalars().all()


def interested_residents(proposal):
    """The author and supporters, unless they turned proposal notices off."""
    people = {proposal.author_id, *db.session.execute(
        select(Support.user_id).where(Support.proposal_id == proposal.id)).scalars()}
    muted = set(db.session.execute(select(NotificationPreference.user_id).where(
        NotificationPreference.user_id.in_(people), NotificationPreference.notify_proposals.is_(False))).scalars())
    return sorted(people - muted)


def support(proposal_id, user):
    """Second the proposal once; a repeated or simultaneous request changes nothing. Return the proposal."""
    proposal = _locked(proposal_id)
    if not can_support(user, proposal):
        db.session.rollback()
        raise DeliberationError("cannot_support")
    if has_supported(user, proposal):
        db.session.rollback()
        return proposal, False
    db.session.add(Support(proposal_id=proposal.id, user_id=user.id))
    proposal.support_count = proposal.support_count + 1
    audit.record(user, "proposal.support", proposal, supports=proposal.support_count)
    reached = reaches_threshold(proposal.support_count, threshold_for(proposal))
    if reached:
        transition(proposal, "on_agenda", None, ref=f"supports:{proposal.support_count}")
        notifications.notify(council_members(proposal) + interested_residents(proposal), "proposal.on_agenda",
                             link=f"/proposals/{proposal.id}", title=proposal.title)
    try:
        db.session.commit()
    except IntegrityError:
        # The unique (proposal, user) constraint: a twin request won the race.
        db.session.rollback()
        return db.session.get(Proposal, proposal_id), False
    if reached:
        webhooks.announce_agenda(proposal)
        delivery.email_immediately()
    return proposal, True


def unsupport(proposal_id, user):
    """Withdraw one's support while the proposal still collects it."""
    proposal = _locked(proposal_id)
    if proposal.status != "collecting":
        db.session.rollback()
        raise DeliberationError("not_collecting")
    removed = db.session.execute(delete(Support).where(Support.proposal_id == proposal.id,
                                                       Support.user_id == user.id)).rowcount
    if removed:
        proposal.support_count = max(0, proposal.support_count - removed)
        audit.record(user, "proposal.unsupport", proposal, supports=proposal.support_count)
    db.session.commit()
    return proposal
