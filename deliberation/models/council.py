"""Councils and their members, with roles and terms."""
from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow

COUNCIL_ROLES = ("chair", "secretary", "member")


class Council(db.Model):
    __tablename__ = "council"

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("community.id"), index=True)
    # None for a community-level council; a building id for a building council.
    building_id: Mapped[int | None] = mapped_column(ForeignKey("building.id"))
    name: Mapped[str] = mapped_column(String(120))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    # How roll calls are counted (see domain/roll_call.py); threshold_percent only for "custom".
    rule: Mapped[str] = mapped_column(String(30), default="majority_present", server_default="majority_present")
    threshold_percent: Mapped[int | None] = mapped_column(Integer)
    quorum_percent: Mapped[int] = mapped_column(Integer, default=50, server_default="50")

    members = relationship("CouncilMember", back_populates="council", order_by="CouncilMember.id")
    building = relationship("Building")

    def current_members(self, today=None):
        today = today or date.today()
        return [m for m in self.members if m.is_current(today)]


class CouncilMember(db.Model):
    __tablename__ = "council_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("council.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    role: Mapped[str] = mapped_column(String(20), default="member")
    term_start: Mapped[date] = mapped_column(Date)
    term_end: Mapped[date | None] = mapped_column(Date)
    # "appointed" by a community worker, or "elected" by a residents' vote.
    source: Mapped[str] = mapped_column(String(20), default="appointed", server_default="appointed")

    council = relationship("Council", back_populates="members")
    user = relationship("User")

    def is_current(self, today):
        return self.term_start <= today and (self.term_end is None or today <= self.term_end)
