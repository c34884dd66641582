"""What community workers do to residents' accounts: verify, suspend, remove, grant roles, record births."""
import unicodedata

from ..domain.age import BirthDate, format_birth_date
from ..extensions import db
from ..models import RoleGrant
from . import audit

TRANSITIONS = {
    "verify": "verified",
    "suspend": "suspended",
    "reinstate": "verified",
    "remove": "removed",
}


def change_status(resident, action, actor, reason="", birth=None):
    """Apply a status action; suspension and removal end the resident's sessions at once.

    A worker verifying a resident may record their date of birth (a BirthDate) in the same step.
    """
    new_status = TRANSITIONS[action]
    if birth is not None:
        _record_birth(resident, birth, actor)
    old_status = resident.status
    resident.status = new_status
    if new_status in ("suspended", "removed"):
        resident.session_version += 1
    if action == "remove":
        # Moving out: the account keeps its history but no longer holds the household.
        resident.household_id = None
        resident.roles.clear()
    audit.record(actor, f"resident.{action}", resident, old=old_status, new=new_status,
                 reason=reason)
    db.session.commit()


def grant_role(user, role, actor, building=None):
    if user.has_role(role, building.id if building else None):
        return False
    user.roles.append(RoleGrant(role=role, building_id=building.id if building else None))
    audit.record(actor, "role.grant", user, role=role, building=building.id if building else None)
    db.session.commit()
    return True


def revoke_role(user, role, actor, building_id=None):
    grants = [g for g in user.roles if g.role == role and g.building_id == building_id]
    if not grants:
        return False
    for grant in grants:
        user.roles.remove(grant)
    audit.record(actor, "role.revoke", user, role=role, building=building_id)
    db.session.commit()
    return True


def set_birth_date(resident, birth, actor):
    """Record or correct a resident's date of birth (a BirthDate); return False if it was already so."""
    changed = _record_birth(resident, birth, actor)
    db.session.commit()
    return changed


def _record_birth(resident, birth, actor):
    old = format_birth_date(resident.birth_date, resident.birth_year_only)
    if old == format_birth_date(birth.day, birth.year_only):
        return False
    resident.birth_date, resident.birth_year_only = birth.day, birth.year_only
    audit.record(actor, "resident.birth_date", resident, old=old or None,
                 new=format_birth_date(birth.day, birth.year_only))
    return True


def same_person(name, register_name):
    """The register names this person: the same name once spaces and full-width forms are ignored."""
    def plain(text):
        return "".join(unicodedata.normalize("NFKC", text or "").split())
    return bool(plain(name)) and plain(name) == plain(register_name)


def register_birth_date(household, name):
    """Return the register's BirthDate for the household's owner, if `name` is that owner; else None."""
    if household is None or household.owner_birth_date is None or not same_person(name, household.owner_name):
        return None
    return BirthDate(household.owner_birth_date, household.owner_birth_year_only)


def take_birth_date_from_register(resident):
    """Give a resident with no birth date recorded the one the register holds for them; the caller commits."""
    birth = register_birth_date(resident.household, resident.name)
    if resident.birth_date is not None or birth is None:
        return False
    resident.birth_date, resident.birth_year_only = birth.day, birth.year_only
    return True
