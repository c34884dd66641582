"""Import the household register."""
import hashlib
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..domain.household_register import read_register
from ..extensions import db
from ..models import Building, Household
from . import audit
from .residents import take_birth_date_from_register


def local_today():
    """Return today's date where the community lives."""
    return datetime.now(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


def import_register(community, data, actor):
    """Import a CSV register; return (created, updated, errors). Any error imports nothing.

    An optional column gives the owner's date of birth: it is kept on the household, and given
    to the registered resident of that name who has none recorded yet.
    """
    buildings = {b.name: b for b in community.buildings}
    rows, errors = read_register(data, buildings.keys(), today=local_today())
    if errors:
        return 0, 0, errors
    existing = {
        (h.building_id, h.unit, h.room): h
        for h in db.session.execute(
            select(Household).join(Building).where(Building.community_id == community.id)
            .options(selectinload(Household.residents))
        ).scalars()
    }
    created = updated = 0
    births = []
    for row in rows:
        building = buildings[row.building]
        household = existing.get((building.id, row.unit, row.room))
        birth = (row.owner_birth.day, row.owner_birth.year_only) if row.owner_birth else None
        if household is None:
            household = Household(building=building, unit=row.unit, room=row.room)
            db.session.add(household)
            created += 1
        elif (household.floor_area, household.owner_name, household.phone) != (
            row.floor_area, row.owner_name, row.phone
        ) or (birth and birth != (household.owner_birth_date, household.owner_birth_year_only)):
            updated += 1
        household.floor_area = row.floor_area
        household.owner_name = row.owner_name
        household.phone = row.phone
        if birth:  # a blank cell keeps what the register said before
            household.owner_birth_date, household.owner_birth_year_only = birth
            births.extend(r.id for r in household.residents
                          if r.status in ("pending", "verified") and take_birth_date_from_register(r))
    audit.record(
        actor, "households.import", community,
        created=created, updated=updated, rows=len(rows), birth_dates_given=sorted(births),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    db.session.commit()
    return created, updated, []
