"""Bookings of shared resources; no two active bookings of one resource overlap."""
from sqlalchemy import DDL, ForeignKey, Integer, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain.booking_rules import ACTIVE_STATUSES
from ..extensions import db
from .base import UTCDateTime, utcnow

# pending (awaiting a worker) -> confirmed -> checked_out -> returned; cancelled or rejected end it.
STATUSES = ("pending", "confirmed", "checked_out", "returned", "cancelled", "rejected")
NO_OVERLAP = "ex_booking_no_overlap"


class Booking(db.Model):
    __tablename__ = "booking"

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_id: Mapped[int] = mapped_column(ForeignKey("resource.id"), index=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    starts_at = mapped_column(UTCDateTime, nullable=False, index=True)
    ends_at = mapped_column(UTCDateTime, nullable=False)
    status: Mapped[str] = mapped_column(String(20), default="confirmed", index=True)
    note: Mapped[str] = mapped_column(String(200), default="")
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    checked_out_at = mapped_column(UTCDateTime, nullable=True)
    returned_at = mapped_column(UTCDateTime, nullable=True)
    return_condition: Mapped[str] = mapped_column(Text, default="")
    return_photo: Mapped[str] = mapped_column(String(80), default="")
    minutes_late: Mapped[int] = mapped_column(Integer, default=0)
    reminded_at = mapped_column(UTCDateTime, nullable=True)

    resource = relationship("Resource")
    household = relationship("Household")
    user = relationship("User", foreign_keys=[user_id])

    @property
    def is_active(self):
        return self.status in ACTIVE_STATUSES


_ACTIVE = ", ".join(f"'{status}'" for status in ACTIVE_STATUSES)
# PostgreSQL refuses overlapping active bookings itself, whatever the application does.
event.listen(Booking.__table__, "before_create",
             DDL("CREATE EXTENSION IF NOT EXISTS btree_gist").execute_if(dialect="postgresql"))
event.listen(Booking.__table__, "after_create", DDL(
    f"ALTER TABLE booking ADD CONSTRAINT {NO_OVERLAP} EXCLUDE USING gist "
    f"(resource_id WITH =, tstzrange(starts_at, ends_at) WITH &&) WHERE (status IN ({_ACTIVE}))"
).execute_if(dialect="postgresql"))
