"""People with accounts: residents, workers, auditors, administrators."""
from flask import current_app, has_app_context
from flask_login import UserMixin
from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from .base import UTCDateTime, utcnow

# Resident status: pending -> verified; suspended and removed lose access at once.
STATUSES = ("pending", "verified", "suspended", "removed")
OCCUPANCIES = ("owner", "tenant")
# Roles granted on top of being a resident; a captain's grant names the building.
ROLES = ("captain", "council", "worker", "auditor", "admin")


class User(UserMixin, db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("community.id"), index=True)
    household_id: Mapped[int | None] = mapped_column(ForeignKey("household.id"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    phone: Mapped[str | None] = mapped_column(String(30), unique=True)
    email: Mapped[str | None] = mapped_column(String(255), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(20), default="pending")
    occupancy: Mapped[str | None] = mapped_column(String(20))
    locale: Mapped[str | None] = mapped_column(String(10))
    # Recorded by the community office (or taken from the household register); None: not recorded.
    # Many registers hold only the year: then the date is 1 January of it and birth_year_only is set.
    birth_date = mapped_column(Date, nullable=True)
    birth_year_only: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false(), nullable=False)
    # Bumped on logout, password change, suspension and removal: old cookies stop working.
    session_version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    household = relationship("Household", back_populates="residents")
    roles = relationship("RoleGrant", back_populates="user", cascade="all, delete-orphan")

    def set_password(self, password):
        # Tests lower the scrypt cost through the config; production keeps werkzeug's default.
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt") if has_app_context() else "scrypt"
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password):
        return check_password_hash(self.password_hash, password)

    def get_id(self):
        return f"{self.id}:{self.session_version}"

    @staticmethod
    def parse_id(ident):
        """Read get_id's "id:session version" back: (id, version), or None if it is not one."""
        try:
            user_id, version = (int(part) for part in str(ident).split(":"))
        except ValueError:
            return None
        return user_id, version

    @property
    def is_active(self):
        return self.status in ("pending", "verified")

    def has_role(self, role, building_id=None):
        return any(
            g.role == role and (building_id is None or g.building_id == building_id)
            for g in self.roles
        )

    @property
    def building_id(self):
        return self.household.building_id if self.household else None


class RoleGrant(db.Model):
    __tablename__ = "role_grant"
    __table_args__ = (UniqueConstraint("user_id", "role", "building_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    building_id: Mapped[int | None] = mapped_column(ForeignKey("building.id"))
    granted_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    user = relationship("User", back_populates="roles")
    building = relationship("Building")
