"""Accounts for community workers, auditors and administrators."""
from ..extensions import db
from ..models import RoleGrant, User
from . import audit
from .community import default_community


def create_staff(name, phone, email, password, roles, community=None):
    """Create a verified staff account holding the given roles."""
    community = community or default_community()
    if community is None:
        raise ValueError("no community exists yet")
    user = User(community_id=community.id, name=name, phone=phone or None,
                email=(email or "").lower() or None, status="verified")
    user.set_password(password)
    user.roles = [RoleGrant(role=role) for role in roles]
    db.session.add(user)
    db.session.flush()
    audit.record(None, "staff.create", user, roles=list(roles))
    db.session.commit()
    return user
