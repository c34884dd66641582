"""Booking rules without a database: slots, lead time, horizon, quota, cut-off, lateness."""
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from deliberation.domain import booking_rules
from deliberation.domain.booking_rules import RuleBroken, Rules

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=TZ)  # a Monday morning
RULES = Rules(slot_minutes=60, opens=time(8), closes=time(12), weekly_quota=2, lead_minutes=60,
              horizon_days=7, cancel_cutoff_minutes=120)


def at(day, hour, minute=0):
    return datetime(2026, 11, day, hour, minute, tzinfo=TZ)


def check(start, count=0, rules=RULES):
    booking_rules.check_booking(rules, start, start + timedelta(minutes=rules.slot_minutes), NOW, count, TZ)


def test_slots_fill_the_opening_hours_exactly():
    slots = booking_rules.day_slots(date(2026, 11, 24), RULES, TZ)
    assert [s.hour for s, _ in slots] == [8, 9, 10, 11]
    assert slots[-1][1] == at(24, 12)


def test_a_slot_that_does_not_fit_before_closing_is_not_offered():
    rules = Rules(slot_minutes=90, opens=time(8), closes=time(12))
    assert [s.strftime("%H:%M") for s, _ in booking_rules.day_slots(date(2026, 11, 24), rules, TZ)] == [
        "08:00", "09:30"]


def test_start_off_the_grid_is_refused():
    with pytest.raises(RuleBroken) as broken:
        check(at(24, 8, 30))
    assert broken.value.code == "not_a_slot"


def test_start_outside_opening_hours_is_refused():
    with pytest.raises(RuleBroken, match="not_a_slot"):
        check(at(24, 12))


def test_booking_exactly_at_lead_time_is_allowed_one_minute_less_is_not():
    check(at(23, 10))  # 60 minutes ahead
    rules = Rules(slot_minutes=60, opens=time(8), closes=time(12), lead_minutes=61)
    with pytest.raises(RuleBroken) as broken:
        check(at(23, 10), rules=rules)
    assert broken.value.code == "too_late" and broken.value.params == {"minutes": 61}


def test_booking_beyond_the_horizon_is_refused():
    check(at(30, 8))  # seven days ahead
    with pytest.raises(RuleBroken, match="too_far"):
        check(datetime(2026, 12, 1, 8, tzinfo=TZ))


def test_quota_allows_up_to_the_limit_and_no_more():
    check(at(24, 8), count=1)
    with pytest.raises(RuleBroken) as broken:
        check(at(24, 8), count=2)
    assert broken.value.code == "quota"


def test_zero_quota_means_no_limit():
    check(at(24, 8), count=50, rules=Rules(opens=time(8), closes=time(12), weekly_quota=0))


def test_quota_week_runs_monday_to_monday_in_local_time():
    first, last = booking_rules.week_bounds(datetime(2026, 11, 29, 23, 0, tzinfo=TZ), TZ)
    assert first == at(23, 0) and last == at(30, 0)
    # Sunday 23:30 in Shanghai is still Sunday although it is 15:30 UTC.
    utc = datetime(2026, 11, 29, 15, 30, tzinfo=ZoneInfo("UTC"))
    assert booking_rules.week_bounds(utc, TZ)[0] == at(23, 0)


def test_cancel_until_the_cutoff_then_refused():
    start = at(23, 11)
    booking_rules.check_cancel(RULES, start, at(23, 9))  # exactly 120 minutes before
    with pytest.raises(RuleBroken) as broken:
        booking_rules.check_cancel(RULES, start, at(23, 9, 1))
    assert broken.value.code == "past_cutoff"


def test_lateness_counts_after_the_grace_period():
    end = at(23, 12)
    assert booking_rules.minutes_late(end, at(23, 12, 15)) == 0
    assert booking_rules.minutes_late(end, at(23, 12, 45)) == 30
    assert booking_rules.minutes_late(end, at(23, 11)) == 0


def test_slot_states_mark_mine_taken_past_and_free():
    slots = booking_rules.day_slots(date(2026, 11, 23), RULES, TZ)
    states = booking_rules.slot_states(slots, taken=[(at(23, 11), at(23, 12))], mine=[(at(23, 10), at(23, 11))],
                                       now=NOW, rules=RULES)
    assert [s for _, _, s in states] == ["past", "past", "mine", "taken"]


def test_a_longer_booking_takes_every_slot_it_overlaps():
    slots = booking_rules.day_slots(date(2026, 11, 24), RULES, TZ)
    states = booking_rules.slot_states(slots, taken=[(at(24, 8, 30), at(24, 10, 30))], mine=[], now=NOW,
                                       rules=RULES)
    assert [s for _, _, s in states] == ["taken", "taken", "taken", "free"]
