"""Council meetings: schedule with an agenda, record attendance, minutes and roll calls."""
from sqlalchemy import select

from ..domain.roll_call import CHOICES, is_quorate, outcome
from ..extensions import db
from ..models import AgendaItem, Attendance, Decision, Meeting, Proposal, RollCallVote, User
from ..models.base import utcnow
from ..models.community import Household
from . import audit
from .notifications import notify


class MeetingError(Exception):
    """The meeting record cannot change that way; code names why, params say where."""

    def __init__(self, code, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def agenda_candidates(council):
    """Proposals waiting on a council agenda that this council may take up."""
    query = select(Proposal).where(Proposal.community_id == council.community_id,
                                   Proposal.status == "on_agenda").order_by(Proposal.id)
    if council.building_id is not None:
        query = query.where(Proposal.building_id == council.building_id)
    scheduled = select(AgendaItem.proposal_id).where(AgendaItem.proposal_id.is_not(None),
                                                     AgendaItem.outcome.is_(None))
    return db.session.scalars(query.where(Proposal.id.not_in(scheduled))).all()


def residents_in_scope(community_id, building_id=None):
    """Verified residents of the community, or of one building."""
    query = select(User).join(Household, User.household_id == Household.id).where(
        User.community_id == community_id, User.status == "verified")
    if building_id is not None:
        query = query.where(Household.building_id == building_id)
    return db.session.scalars(query).all()


def schedule_meeting(council, title, scheduled_at, location, proposal_ids, free_items, actor):
    """Schedule a meeting; tell the members and the residents in the council's scope."""
    allowed = {p.id: p for p in agenda_candidates(council)}
    if any(pid not in allowed for pid in proposal_ids):
        raise MeetingError("proposal_not_on_agenda")
    titles = [t.strip() for t in free_items if t.strip()]
    if not proposal_ids and not titles:
        raise MeetingError("empty_agenda")
    # The rule is fixed now: changing the council's rule later does not recount this meeting.
    meeting = Meeting(council_id=council.id, title=title, scheduled_at=scheduled_at, location=location,
                      created_by_id=actor.id, rule=council.rule, threshold_percent=council.threshold_percent,
                      quorum_percent=council.quorum_percent)
    items = [AgendaItem(title=allowed[pid].title, proposal_id=pid) for pid in proposal_ids]
    items += [AgendaItem(title=t) for t in titles]
    for position, item in enumerate(items, start=1):
        item.position = position
    meeting.items = items
    db.session.add(meeting)
    db.session.flush()
    audit.record(actor, "meeting.schedule", meeting, council=council.id, title=title,
                 scheduled_at=scheduled_at, proposals=list(proposal_ids), free_items=titles)
    people = [m.user_id for m in council.current_members()]
    people += [u.id for u in residents_in_scope(council.community_id, council.building_id)]
    notify(people, "meeting.scheduled", link=f"/councils/meetings/{meeting.id}",
           council=council.name, title=title)
    db.session.commit()
    return meeting


def _has_roll_calls(meeting):
    return any(item.votes for item in meeting.items)


def record_attendance(meeting, present_member_ids, actor):
    """Record who of the current members attended; fixed once a roll call has been taken."""
    if _has_roll_calls(meeting):
        raise MeetingError("attendance_locked")
    members = meeting.council.current_members(meeting.scheduled_at.date())
    member_ids = {m.id for m in members}
    if not set(present_member_ids) <= member_ids:
        raise MeetingError("not_a_member")
    rows = {a.member_id: a for a in meeting.attendance}
    for member in members:
        row = rows.get(member.id) or Attendance(member_id=member.id)
        row.present = member.id in present_member_ids
        if row.id is None:
            meeting.attendance.append(row)
    meeting.status = "held"
    quorum = attendance_quorum(meeting)
    audit.record(actor, "meeting.attendance", meeting, present=sorted(present_member_ids),
                 members=sorted(member_ids), quorate=quorum[0])
    db.session.commit()


def attendance_quorum(meeting):
    """Return (quorate, present, members) for the recorded attendance."""
    present = len(meeting.present_member_ids())
    members = len(meeting.attendance)
    return is_quorate(present, members, meeting.quorum_percent), present, members


def save_minutes(meeting, text, actor):
    """Replace the meeting's minutes (Markdown); the audit log keeps each change's size."""
    meeting.minutes = text
    meeting.minutes_updated_at = utcnow()
    audit.record(actor, "meeting.minutes", meeting, characters=len(text))
    db.session.commit()


def record_roll_call(item, choices, actor):
    """Record each present member's vote on an item and count it under the council's rule.

    choices: {member_id: (choice, conflict declaration)} for exactly the members present.
    """
    meeting = item.meeting
    if not meeting.attendance:
        raise MeetingError("no_attendance")
    if db.session.scalar(select(Decision.id).where(Decision.item_id == item.id)):
        raise MeetingError("already_published")
    present = meeting.present_member_ids()
    if set(choices) != present:
        raise MeetingError("everyone_present_votes")
    for member_id, (choice, conflict) in choices.items():
        if choice not in CHOICES:
            raise MeetingError("bad_choice")
        if choice == "recused" and not conflict.strip():
            raise MeetingError("recusal_needs_reason", member=member_id)
    item.votes.clear()
    db.session.flush()
    for member_id, (choice, conflict) in sorted(choices.items()):
        item.votes.append(RollCallVote(member_id=member_id, choice=choice,
                                       conflict=conflict.strip() if choice == "recused" else ""))
    result = tally(item, [c for c, _ in choices.values()])
    item.outcome = result.result
    audit.record(actor, "meeting.roll_call", item, meeting=meeting.id, rule=meeting.rule,
                 votes={str(k): v[0] for k, v in sorted(choices.items())}, outcome=result.result)
    db.session.commit()
    return result


def tally(item, choices=None):
    """Count an item's roll call under the rule fixed for its meeting (the one domain function)."""
    meeting = item.meeting
    if choices is None:
        choices = [v.choice for v in item.votes]
    return outcome(meeting.rule, len(meeting.attendance), choices,
                   custom_percent=meeting.threshold_percent, quorum_percent=meeting.quorum_percent)
