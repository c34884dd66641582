"""Import the household register."""
import hashlib

from sqlalchemy import select

from ..domain.household_register import read_register
from ..extensions import db
from ..models import Building, Household
from . import audit


def import_register(community, data, actor):
    """Import a CSV register; return (created, updated, errors). Any error imports nothing."""
    buildings = {b.name: b for b in community.buildings}
    rows, errors = read_register(data, buildings.keys())
    if errors:
        return 0, 0, errors
    existing = {
        (h.building_id, h.unit, h.room): h
        for h in db.session.execute(
            select(Household).join(Building).where(Building.community_id == community.id)
        ).scalars()
    }
    created = updated = 0
    for row in rows:
        building = buildings[row.building]
        household = existing.get((building.id, row.unit, row.room))
        if household is None:
            household = Household(building=building, unit=row.unit, room=row.room)
            db.session.add(household)
            created += 1
        elif (household.floor_area, household.owner_name, household.phone) != (
            row.floor_area, row.owner_name, row.phone
        ):
            updated += 1
        household.floor_area = row.floor_area
        household.owner_name = row.owner_name
        household.phone = row.phone
    audit.record(
        actor, "households.import", community,
        created=created, updated=updated, rows=len(rows),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    db.session.commit()
    return created, updated, []
