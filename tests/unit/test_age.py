"""Ages without a database: the 18th birthday, 29 February, birth years alone, dates as typed."""
from datetime import date

import pytest

from deliberation.domain.age import BirthDate, adulthood, age_on, anniversary, format_birth_date, parse_birth_date

OPENING = date(2026, 6, 1)


@pytest.mark.parametrize("born, verdict", [
    (date(2008, 6, 1), "adult"),    # 18th birthday on the opening day: may vote
    (date(2008, 6, 2), "minor"),    # 18th birthday the day after
    (date(2008, 5, 31), "adult"),
    (date(1950, 1, 1), "adult"),
    (date(2020, 6, 1), "minor"),
])
def test_eighteenth_birthday_on_the_opening_day_counts(born, verdict):
    assert adulthood(born, False, OPENING) == verdict


def test_born_on_29_february_turns_18_on_28_february_of_a_common_year():
    born = date(2008, 2, 29)
    assert anniversary(born, 18) == date(2026, 2, 28)
    assert adulthood(born, False, date(2026, 2, 27)) == "minor"
    assert adulthood(born, False, date(2026, 2, 28)) == "adult"
    assert age_on(born, date(2026, 3, 1)) == 18


def test_born_on_29_february_turns_a_year_older_on_29_february_of_a_leap_year():
    born = date(2004, 2, 29)
    assert age_on(born, date(2028, 2, 28)) == 23
    assert age_on(born, date(2028, 2, 29)) == 24


def test_28_february_birthday_is_unaffected_by_leap_years():
    assert age_on(date(2008, 2, 28), date(2026, 2, 28)) == 18
    assert age_on(date(2008, 2, 28), date(2026, 2, 27)) == 17


@pytest.mark.parametrize("year, opening, verdict", [
    (2007, date(2026, 1, 1), "adult"),       # 18 even if born on 31 December 2007
    (2008, date(2026, 12, 31), "adult"),     # the last day of the year they turn 18
    (2008, date(2026, 6, 1), "undecided"),   # 17 or 18, depending on the day
    (2008, date(2026, 1, 1), "undecided"),   # 18 only if born on 1 January
    (2009, date(2026, 12, 31), "minor"),     # 17 at most
])
def test_a_birth_year_alone_counts_only_when_every_day_of_it_agrees(year, opening, verdict):
    assert adulthood(date(year, 1, 1), True, opening) == verdict


def test_nothing_recorded_is_unknown():
    assert adulthood(None, False, OPENING) == "unknown"


@pytest.mark.parametrize("text, expected", [
    ("1980-05-17", BirthDate(date(1980, 5, 17))),
    ("1980/5/17", BirthDate(date(1980, 5, 17))),
    ("1980.5.7", BirthDate(date(1980, 5, 7))),
    ("1980年5月17日", BirthDate(date(1980, 5, 17))),
    ("１９８０－０５－１７", BirthDate(date(1980, 5, 17))),   # full-width, as Chinese spreadsheets write it
    ("19800517", BirthDate(date(1980, 5, 17))),
    ("1980", BirthDate(date(1980, 1, 1), year_only=True)),
    (" 1980年 ", BirthDate(date(1980, 1, 1), year_only=True)),
    ("2008-02-29", BirthDate(date(2008, 2, 29))),
])
def test_dates_of_birth_are_read_as_offices_write_them(text, expected):
    assert parse_birth_date(text, OPENING) == (expected, None)


@pytest.mark.parametrize("text, code", [
    ("1980-02-30", "bad_birth_date"),
    ("2007-02-29", "bad_birth_date"),    # 2007 is not a leap year
    ("17/05/1980", "bad_birth_date"),    # day first is ambiguous: refused, not guessed
    ("eighty", "bad_birth_date"),
    ("80", "bad_birth_date"),
    ("2026-06-02", "future_birth_date"),
    ("2027", "future_birth_date"),
    ("1899-12-31", "early_birth_date"),
])
def test_impossible_dates_of_birth_are_refused_with_a_reason(text, code):
    assert parse_birth_date(text, OPENING) == (None, code)


def test_blank_is_nothing_recorded_and_not_an_error():
    assert parse_birth_date("  ", OPENING) == (None, None)


def test_a_stored_birth_date_is_written_back_as_typed():
    assert format_birth_date(date(1980, 5, 17), False) == "1980-05-17"
    assert format_birth_date(date(1980, 1, 1), True) == "1980"
    assert format_birth_date(None, False) == ""
