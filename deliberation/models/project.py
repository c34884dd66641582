"""A project: what an accepted proposal becomes (共建). Milestones, updates and money hang off it."""
from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow

PROJECT_STATUSES = ("planned", "in_progress", "completed", "cancelled")


class Project(db.Model):
    __tablename__ = "project"

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("community.id"), index=True)
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposal.id"), unique=True)
    building_id: Mapped[int | None] = mapped_column(ForeignKey("building.id"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="planned")
    budget: Mapped[int] = mapped_column(Integer, default=0)  # allocated, in fen
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    proposal = relationship("Proposal")
    building = relationship("Building")
