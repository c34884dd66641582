"""Booking rules for shared resources: slots, opening hours, quotas, lead time, cut-off.

Pure functions on plain values. Times are aware datetimes in the community's local zone;
durations are whole minutes.
"""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

# A booking in one of these states holds its slot; the database enforces it too.
ACTIVE_STATUSES = ("pending", "confirmed", "checked_out", "returned")


@dataclass(frozen=True)
class Rules:
    slot_minutes: int = 60
    opens: time = time(8, 0)
    closes: time = time(21, 0)
    weekly_quota: int = 2  # bookings per household per week; 0 means no limit
    lead_minutes: int = 60  # book at least this long before the start
    horizon_days: int = 14  # and at most this many days ahead
    cancel_cutoff_minutes: int = 120  # cancel no later than this before the start


class RuleBroken(Exception):
    """A booking or cancellation breaks a rule; code names which one."""

    def __init__(self, code, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def week_start(day):
    """Return the Monday of the week containing day."""
    return day - timedelta(days=day.weekday())


def week_days(monday):
    return [monday + timedelta(days=n) for n in range(7)]


def day_slots(day, rules, tz):
    """Return the (start, end) slots of one day inside opening hours."""
    start = datetime.combine(day, rules.opens, tzinfo=tz)
    closes = datetime.combine(day, rules.closes, tzinfo=tz)
    step = timedelta(minutes=rules.slot_minutes)
    slots = []
    while start + step <= closes:
        slots.append((start, start + step))
        start += step
    return slots


def is_slot(start, end, rules, tz):
    """Tell whether start..end is exactly one of the day's slots."""
    local = start.astimezone(tz)
    return (local, end.astimezone(tz)) in day_slots(local.date(), rules, tz)


def check_booking(rules, start, end, now, household_bookings_that_week, tz):
    """Raise RuleBroken unless a household may book start..end at time now."""
    if not is_slot(start, end, rules, tz):
        raise RuleBroken("not_a_slot")
    if start < now + timedelta(minutes=rules.lead_minutes):
        raise RuleBroken("too_late", minutes=rules.lead_minutes)
    if start.astimezone(tz).date() > now.astimezone(tz).date() + timedelta(days=rules.horizon_days):
        raise RuleBroken("too_far", days=rules.horizon_days)
    if rules.weekly_quota and household_bookings_that_week >= rules.weekly_quota:
        raise RuleBroken("quota", quota=rules.weekly_quota)


def week_bounds(start, tz):
    """Return the local Monday 00:00 and next Monday 00:00 around start (the quota's week)."""
    monday = week_start(start.astimezone(tz).date())
    first = datetime.combine(monday, time(0, 0), tzinfo=tz)
    return first, datetime.combine(monday + timedelta(days=7), time(0, 0), tzinfo=tz)


def cancel_deadline(rules, start):
    return start - timedelta(minutes=rules.cancel_cutoff_minutes)


def check_cancel(rules, start, now):
    """Raise RuleBroken once the cancellation cut-off has passed."""
    if now > cancel_deadline(rules, start):
        raise RuleBroken("past_cutoff", minutes=rules.cancel_cutoff_minutes)


def minutes_late(ends_at, returned_at, grace_minutes=15):
    """Return how many minutes after the end (and its grace) something came back; 0 if on time."""
    late = (returned_at - ends_at) - timedelta(minutes=grace_minutes)
    return max(0, int(late.total_seconds() // 60))


def overlaps(first, second):
    """Tell whether two (start, end) intervals share any time (touching ends do not)."""
    return first[0] < second[1] and second[0] < first[1]


def slot_states(slots, taken, mine, now, rules):
    """Label each slot free, taken, mine or past; taken and mine are (start, end) intervals."""
    labelled = []
    for start, end in slots:
        if any(overlaps((start, end), booked) for booked in mine):
            state = "mine"
        elif any(overlaps((start, end), booked) for booked in taken):
            state = "taken"
        elif start < now + timedelta(minutes=rules.lead_minutes):
            state = "past"
        else:
            state = "free"
        labelled.append((start, end, state))
    return labelled


def parse_day(text, today):
    """Read an ISO date from a query string; fall back to today."""
    try:
        return date.fromisoformat(text) if text else today
    except ValueError:
        return today
