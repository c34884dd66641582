"""Book shared resources: one holder per slot, fair quotas, approval, check-out and return."""
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..domain import booking_rules
from ..domain.booking_rules import ACTIVE_STATUSES, RuleBroken
from ..extensions import db
from ..models import Booking, Resource, RoleGrant, User
from ..models.base import utcnow
from ..permissions import can_manage_resource
from . import audit
from .notifications import notify


def local_zone():
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def _lock_resource(resource_id):
    # Row lock on PostgreSQL: bookings of one resource queue behind each other, so the quota
    # and overlap checks below read what the previous booker committed. On SQLite the write
    # transaction (BEGIN IMMEDIATE) already serialises writers.
    stmt = select(Resource).where(Resource.id == resource_id).with_for_update()
    return db.session.execute(stmt.execution_options(populate_existing=True)).scalar_one()


def _active(resource_id):
    return select(Booking).where(Booking.resource_id == resource_id, Booking.status.in_(ACTIVE_STATUSES))


def household_count(resource, household_id, start, tz):
    """Count the household's active bookings of this resource in the week of start."""
    first, last = booking_rules.week_bounds(start, tz)
    return db.session.scalar(
        select(func.count(Booking.id)).where(
            Booking.resource_id == resource.id, Booking.household_id == household_id,
            Booking.status.in_(ACTIVE_STATUSES), Booking.starts_at >= first, Booking.starts_at < last))


def _workers(community_id):
    return db.session.execute(
        select(User.id).join(RoleGrant).where(User.community_id == community_id, RoleGrant.role == "worker")
    ).scalars().all()


def book(resource_id, user, starts_at, note="", now=None):
    """Book the slot starting at starts_at for the user's household; raise RuleBroken if not allowed."""
    now = now or utcnow()
    tz = local_zone()
    resource = _lock_resource(resource_id)
    ends_at = starts_at + timedelta(minutes=resource.slot_minutes)
    try:
        count = household_count(resource, user.household_id, starts_at, tz)
        booking_rules.check_booking(resource.rules, starts_at, ends_at, now, count, tz)
        clash = db.session.scalar(_active(resource.id).where(
            Booking.starts_at < ends_at, Booking.ends_at > starts_at).limit(1))
        if clash is not None:
            raise RuleBroken("taken")
    except RuleBroken:
        db.session.rollback()
        raise
    booking = Booking(resource_id=resource.id, household_id=user.household_id, user_id=user.id,
                      starts_at=starts_at, ends_at=ends_at, note=note,
                      status="pending" if resource.needs_approval else "confirmed")
    db.session.add(booking)
    try:
        db.session.flush()
    except IntegrityError:
        # The exclusion constraint caught an overlap that slipped past the lock.
        db.session.rollback()
        raise RuleBroken("taken") from None
    audit.record(user, "booking.create", booking, resource=resource.id, starts_at=starts_at.isoformat(),
                 status=booking.status)
    params = {"resource": resource.name, "when": _when(starts_at, tz)}
    if booking.status == "pending":
        notify([user], "booking.requested", **params)
        notify(_workers(resource.community_id), "booking.to_approve", **params)
    else:
        notify([user], "booking.confirmed", **params)
    db.session.commit()
    return booking


def _when(moment, tz):
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def cancel(booking, actor, now=None):
    """Cancel a booking; residents only until the cut-off, staff at any time."""
    if booking.status not in ("pending", "confirmed"):
        raise RuleBroken("wrong_status")
    if not can_manage_resource(actor, booking.resource):
        booking_rules.check_cancel(booking.resource.rules, booking.starts_at, now or utcnow())
    booking.status = "cancelled"
    audit.record(actor, "booking.cancel", booking, resource=booking.resource_id)
    if actor.id != booking.user_id:
        notify([booking.user_id], "booking.cancelled", resource=booking.resource.name,
               when=_when(booking.starts_at, local_zone()))
    db.session.commit()


def decide(booking, actor, approve):
    """Approve or reject a booking that waits for a worker."""
    if booking.status != "pending":
        raise RuleBroken("wrong_status")
    booking.status = "confirmed" if approve else "rejected"
    booking.decided_by_id = actor.id
    audit.record(actor, "booking.approve" if approve else "booking.reject", booking)
    notify([booking.user_id], "booking.approved" if approve else "booking.rejected",
           resource=booking.resource.name, when=_when(booking.starts_at, local_zone()))
    db.session.commit()


def check_out(booking, actor, now=None):
    """Record that the resident has taken the key or the tool."""
    if booking.status != "confirmed":
        raise RuleBroken("wrong_status")
    booking.status = "checked_out"
    booking.checked_out_at = now or utcnow()
    audit.record(actor, "booking.check_out", booking)
    db.session.commit()


def record_return(booking, actor, condition, photo="", now=None):
    """Record the return with condition notes (and a photo), and how late it came back."""
    if booking.status not in ("confirmed", "checked_out"):
        raise RuleBroken("wrong_status")
    booking.returned_at = now or utcnow()
    booking.status = "returned"
    booking.return_condition = condition
    booking.return_photo = photo
    booking.minutes_late = booking_rules.minutes_late(booking.ends_at, booking.returned_at)
    audit.record(actor, "booking.return", booking, minutes_late=booking.minutes_late, photo=bool(photo))
    db.session.commit()


def late_returners(community_id, at_least=2):
    """Households that came back late at_least times: (household, count, total minutes late)."""
    from ..models import Household

    rows = db.session.execute(
        select(Household, func.count(Booking.id), func.sum(Booking.minutes_late))
        .join(Booking, Booking.household_id == Household.id).join(Resource, Booking.resource_id == Resource.id)
        .where(Resource.community_id == community_id, Booking.minutes_late > 0)
        .group_by(Household.id).having(func.count(Booking.id) >= at_least)
        .order_by(func.count(Booking.id).desc())).all()
    return [(household, count, minutes) for household, count, minutes in rows]


def week(resource, monday, user, now=None):
    """Return the week's days, each with its labelled slots, for the calendar."""
    tz = local_zone()
    now = now or utcnow()
    first = datetime.combine(monday, time(0, 0), tzinfo=tz)
    bookings = db.session.execute(_active(resource.id).where(
        Booking.starts_at < first + timedelta(days=7), Booking.ends_at > first)).scalars().all()
    taken = [(b.starts_at, b.ends_at) for b in bookings]
    mine = [(b.starts_at, b.ends_at) for b in bookings
            if user.household_id is not None and b.household_id == user.household_id]
    rules = resource.rules
    return [(day, booking_rules.slot_states(booking_rules.day_slots(day, rules, tz), taken, mine, now, rules))
            for day in booking_rules.week_days(monday)]


def remind_tomorrow(now=None):
    """Notify residents of tomorrow's confirmed bookings, once each; return how many were reminded."""
    tz = local_zone()
    now = now or utcnow()
    tomorrow = now.astimezone(tz).date() + timedelta(days=1)
    first = datetime.combine(tomorrow, time(0, 0), tzinfo=tz)
    due = db.session.execute(
        select(Booking).where(Booking.status == "confirmed", Booking.reminded_at.is_(None),
                              Booking.starts_at >= first, Booking.starts_at < first + timedelta(days=1))
        .order_by(Booking.starts_at)).scalars().all()
    for booking in due:
        notify([booking.user_id], "booking.reminder", resource=booking.resource.name,
               when=_when(booking.starts_at, tz), location=booking.resource.location)
        booking.reminded_at = now
    if due:
        audit.record(None, "booking.remind", None, count=len(due), day=tomorrow.isoformat())
    db.session.commit()
    return len(due)
