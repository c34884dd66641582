"""Who a vote's roll takes among the verified residents; for "adults", those 18 on the opening day."""
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select

from ..domain.age import adulthood
from ..extensions import db
from ..models import Household, User


@dataclass
class AgeCheck:
    """How the verified residents in a vote's scope stand on its opening day."""

    day: object                                     # the opening date, in the community's time zone
    adults: int = 0
    minors: int = 0
    missing: list = field(default_factory=list)     # (id, name) with no birth date recorded: left out
    undecided: list = field(default_factory=list)   # (id, name) with only a birth year, turning 18 that year

    @property
    def left_out(self):
        return len(self.missing) + len(self.undecided)


def opening_day(vote):
    """Return the calendar day the vote opens on where the community lives."""
    return vote.opens_at.astimezone(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


def _verified_residents(vote):
    query = (select(User.id, User.household_id, User.occupancy, User.name, User.birth_date, User.birth_year_only)
             .join(Household, User.household_id == Household.id)
             .where(User.community_id == vote.community_id, User.status == "verified")
             .order_by(User.id))
    if vote.building_id is not None:
        query = query.where(Household.building_id == vote.building_id)
    return db.session.execute(query).all()


def eligible_residents(vote):
    """Return (user_id, household_id, occupancy, name) of the residents the vote's eligibility lets vote.

    "adults" keeps only those who are 18 on the opening day; who has no birth date recorded, or only
    a birth year that leaves it undecided, is left out (age_check says who).
    """
    rows = _verified_residents(vote)
    if vote.eligibility == "adults":
        day = opening_day(vote)
        rows = [r for r in rows if adulthood(r.birth_date, r.birth_year_only, day) == "adult"]
    return [(r.id, r.household_id, r.occupancy, r.name) for r in rows]


def age_check(vote):
    """Return the AgeCheck of an "adults" vote (None for other eligibilities)."""
    if vote.eligibility != "adults":
        return None
    check = AgeCheck(opening_day(vote))
    for row in _verified_residents(vote):
        verdict = adulthood(row.birth_date, row.birth_year_only, check.day)
        if verdict == "adult":
            check.adults += 1
        elif verdict == "minor":
            check.minors += 1
        else:
            (check.missing if verdict == "unknown" else check.undecided).append((row.id, row.name))
    return check
