"""A resident's age on a given day, and the birth dates that registers hold.

Pure functions on plain values (no Flask, no database).

A register holds either the full date of birth or, often for older records, only the year.
Both are stored as a date: a year alone as 1 January of that year, flagged `year_only`.

Counting follows Chinese practice: a person is 18 (年满十八周岁) from their 18th birthday itself,
so someone whose 18th birthday is the vote's opening day may vote. Someone born on 29 February
has their birthday on 28 February in common years (Civil Code Art. 203: with no corresponding
day, the period ends on the last day of the month). When only the year is known, a resident is
counted as an adult once they are 18 even if born on 31 December, and as a minor while they are
under 18 even if born on 1 January; in the year between, it is undecided until the full date is
recorded, and the roll leaves them out rather than risk listing a minor.
"""
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

ADULT_AGE = 18
EARLIEST_BIRTH = date(1900, 1, 1)

# 1980-05-17, 1980/5/17, 1980.5.17, 1980年5月17日, 19800517; or the year alone: 1980, 1980年.
_FULL = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_YEAR = re.compile(r"^(\d{4})\s*年?$")


@dataclass(frozen=True)
class BirthDate:
    day: date             # the date of birth, or 1 January of the year when only the year is known
    year_only: bool = False


def anniversary(born, years):
    """Return the day `years` years after `born`: 28 February for 29 February in a common year."""
    try:
        return born.replace(year=born.year + years)
    except ValueError:  # 29 February, and the target year is not a leap year
        return date(born.year + years, 2, 28)


def age_on(born, day):
    """Return the completed years of age on `day`; the birthday itself counts."""
    years = day.year - born.year
    return years if anniversary(born, years) <= day else years - 1


def adulthood(born, year_only, day, age=ADULT_AGE):
    """Say whether a person is of `age` on `day`: "adult", "minor", "undecided" or "unknown".

    born is the stored date of birth (None when nothing is recorded); with year_only, any day of
    that year may be the birthday, and "undecided" means the answer depends on which.
    """
    if born is None:
        return "unknown"
    if not year_only:
        return "adult" if age_on(born, day) >= age else "minor"
    if age_on(date(born.year, 12, 31), day) >= age:
        return "adult"
    if age_on(date(born.year, 1, 1), day) < age:
        return "minor"
    return "undecided"


def parse_birth_date(text, today):
    """Read a date of birth as typed or exported from a spreadsheet; return (BirthDate, None) or (None, code).

    Codes: "bad_birth_date" (not a date), "future_birth_date", "early_birth_date" (before 1900).
    Blank text gives (None, None).
    """
    text = unicodedata.normalize("NFKC", text or "").strip()
    if not text:
        return None, None
    match = _FULL.match(text) or _COMPACT.match(text)
    try:
        if match:
            birth = BirthDate(date(*(int(part) for part in match.groups())))
        elif _YEAR.match(text):
            birth = BirthDate(date(int(_YEAR.match(text).group(1)), 1, 1), year_only=True)
        else:
            return None, "bad_birth_date"
    except ValueError:  # no such day, such as 1980-02-30
        return None, "bad_birth_date"
    if birth.day > today:
        return None, "future_birth_date"
    if birth.day < EARLIEST_BIRTH:
        return None, "early_birth_date"
    return birth, None


def format_birth_date(born, year_only):
    """Write a stored birth date back as it would be typed: 1980-05-17, or 1980 for a year alone."""
    if born is None:
        return ""
    return str(born.year) if year_only else born.isoformat()
