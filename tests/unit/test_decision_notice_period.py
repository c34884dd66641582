"""The public-notice period and when a decision may take effect."""
from datetime import datetime, timedelta, timezone

import pytest

from deliberation.domain.notice_period import is_open, notice_ends, status, why_not_effective

PUBLISHED = datetime(2026, 5, 1, 9, 0, tzinfo=timezone.utc)
ENDS = PUBLISHED + timedelta(days=7)


def test_default_notice_period_is_seven_days():
    assert notice_ends(PUBLISHED) == ENDS


def test_notice_period_length_is_bounded():
    with pytest.raises(ValueError):
        notice_ends(PUBLISHED, 0)
    with pytest.raises(ValueError):
        notice_ends(PUBLISHED, 61)


def test_objections_close_when_the_period_ends():
    assert is_open(ENDS - timedelta(seconds=1), PUBLISHED, ENDS)
    assert not is_open(ENDS, PUBLISHED, ENDS)


def test_decision_cannot_take_effect_during_notice():
    assert why_not_effective(ENDS - timedelta(minutes=1), ENDS, unanswered=0) == "notice_open"


def test_decision_with_unanswered_objection_cannot_take_effect():
    assert why_not_effective(ENDS + timedelta(days=3), ENDS, unanswered=1) == "unanswered"


def test_decision_takes_effect_after_period_with_all_answered():
    assert why_not_effective(ENDS, ENDS, unanswered=0) is None


def test_status_names_each_stage():
    assert status(PUBLISHED, ENDS, 0, None) == "in_notice"
    assert status(ENDS, ENDS, 2, None) == "awaiting_answers"
    assert status(ENDS, ENDS, 0, None) == "due"
    assert status(ENDS, ENDS, 0, ENDS) == "in_effect"
