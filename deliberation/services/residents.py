"""What community workers do to residents' accounts: verify, suspend, remove, grant roles."""
from ..extensions import db
from ..models import RoleGrant
from . import audit

TRANSITIONS = {
    "verify": "verified",
    "suspend": "suspended",
    "reinstate": "verified",
    "remove": "removed",
}


def change_status(resident, action, actor, reason=""):
    """Apply a status action; suspension and removal end the resident's sessions at once."""
    new_status = TRANSITIONS[action]
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
