"""The community, its buildings and households."""
from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow


class Community(db.Model):
    __tablename__ = "community"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    address: Mapped[str] = mapped_column(String(255), default="")
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    buildings = relationship("Building", back_populates="community", order_by="Building.sort_key")


class Building(db.Model):
    __tablename__ = "building"
    __table_args__ = (UniqueConstraint("community_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("community.id"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    sort_key: Mapped[int] = mapped_column(Integer, default=0)

    community = relationship("Community", back_populates="buildings")
    households = relationship(
        "Household", back_populates="building", order_by="(Household.unit, Household.room)"
    )


class Household(db.Model):
    """A dwelling; floor_area is the 专有部分面积 in 0.01 m² (integer, never a float)."""

    __tablename__ = "household"
    __table_args__ = (UniqueConstraint("building_id", "unit", "room"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    building_id: Mapped[int] = mapped_column(ForeignKey("building.id"), index=True)
    unit: Mapped[str] = mapped_column(String(20))
    room: Mapped[str] = mapped_column(String(20))
    floor_area: Mapped[int] = mapped_column(Integer)
    owner_name: Mapped[str] = mapped_column(String(60))
    phone: Mapped[str] = mapped_column(String(30), default="")
    # The owner's date of birth as the register gives it (optional column); passed on to the
    # resident of that name when they register.
    owner_birth_date = mapped_column(Date, nullable=True)
    owner_birth_year_only: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false(),
                                                        nullable=False)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    building = relationship("Building", back_populates="households")
    residents = relationship("User", back_populates="household")

    @property
    def address(self):
        return f"{self.building.name} {self.unit}-{self.room}"
