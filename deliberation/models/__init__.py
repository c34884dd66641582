"""SQLAlchemy models, one module per area."""
from .audit import AuditEntry, AuditHead
from .community import Building, Community, Household
from .council import Council, CouncilMember
from .invite import InviteCode
from .user import RoleGrant, User

__all__ = [
    "AuditEntry", "AuditHead", "Building", "Community", "Council", "CouncilMember",
    "Household", "InviteCode", "RoleGrant", "User",
]
