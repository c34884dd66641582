"""Shared resources (共享资源): rooms, tools, parking spaces, courts that residents book."""
from datetime import time

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain.booking_rules import Rules
from ..extensions import db
from .base import UTCDateTime, utcnow

KINDS = ("room", "tool", "parking", "court", "other")


class Resource(db.Model):
    __tablename__ = "resource"

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("community.id"), index=True)
    # None: any resident of the community may book; otherwise only residents of this building.
    building_id: Mapped[int | None] = mapped_column(ForeignKey("building.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20), default="other")
    description: Mapped[str] = mapped_column(Text, default="")
    location: Mapped[str] = mapped_column(String(200), default="")
    photo: Mapped[str] = mapped_column(String(80), default="")
    deposit_note: Mapped[str] = mapped_column(String(200), default="")
    slot_minutes: Mapped[int] = mapped_column(Integer, default=60)
    opens_minute: Mapped[int] = mapped_column(Integer, default=8 * 60)  # minutes after local midnight
    closes_minute: Mapped[int] = mapped_column(Integer, default=21 * 60)
    weekly_quota: Mapped[int] = mapped_column(Integer, default=2)
    lead_minutes: Mapped[int] = mapped_column(Integer, default=60)
    horizon_days: Mapped[int] = mapped_column(Integer, default=14)
    cancel_cutoff_minutes: Mapped[int] = mapped_column(Integer, default=120)
    needs_approval: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    building = relationship("Building")

    @property
    def rules(self):
        return Rules(
            slot_minutes=self.slot_minutes,
            opens=time(self.opens_minute // 60, self.opens_minute % 60),
            closes=time(self.closes_minute // 60, self.closes_minute % 60),
            weekly_quota=self.weekly_quota,
            lead_minutes=self.lead_minutes,
            horizon_days=self.horizon_days,
            cancel_cutoff_minutes=self.cancel_cutoff_minutes,
        )
