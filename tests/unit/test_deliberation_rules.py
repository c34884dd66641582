"""Thresholds, the edit window and money parsing, without a database."""
from datetime import datetime, timedelta, timezone

import pytest

from deliberation.domain.deliberation_rules import (fen_to_yuan_text, may_edit, parse_yuan, reaches_threshold,
                                                   support_threshold)


def test_lower_of_count_and_percentage_applies():
    assert support_threshold(30, 10, 120) == 12
    assert support_threshold(5, 10, 120) == 5
    assert support_threshold(None, 10, 95) == 10  # 9.5 rounds up
    assert support_threshold(None, None, 100) is None


def test_threshold_is_at_least_one():
    assert support_threshold(None, 1, 0) == 1


def test_no_threshold_never_reaches():
    assert not reaches_threshold(1000, None)
    assert reaches_threshold(3, 3) and not reaches_threshold(2, 3)


def test_comment_editable_for_fifteen_minutes():
    posted = datetime(2026, 5, 1, 8, 0, tzinfo=timezone.utc)
    assert may_edit(posted, posted + timedelta(minutes=15))
    assert not may_edit(posted, posted + timedelta(minutes=15, seconds=1))


@pytest.mark.parametrize("text, fen", [("12000", 1200000), ("350.5", 35050), ("1,234.56", 123456), ("", None)])
def test_yuan_parses_to_integer_fen(text, fen):
    assert parse_yuan(text) == fen


@pytest.mark.parametrize("text", ["一万", "-5", "1.234", "1e5", "999999999999"])
def test_bad_amounts_are_refused(text):
    with pytest.raises(ValueError):
        parse_yuan(text)


def test_fen_show_as_plain_yuan():
    assert fen_to_yuan_text(1200000) == "12000" and fen_to_yuan_text(35050) == "350.50"
