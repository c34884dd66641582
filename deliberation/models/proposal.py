"""Proposals (提案) and their timeline; shared by deliberation, councils, votes and budgets."""
from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow

CATEGORIES = ("co_building", "co_governance", "sharing")  # 共建 共治 共享
# draft -> collecting -> on_agenda -> voting -> accepted / rejected -> in_progress -> completed;
# withdrawn from any state before a decision.
STATUSES = ("draft", "collecting", "on_agenda", "voting", "accepted", "rejected",
            "in_progress", "completed", "withdrawn")


class Proposal(db.Model):
    __tablename__ = "proposal"

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("community.id"), index=True)
    # None: the whole community; otherwise the one building it concerns.
    building_id: Mapped[int | None] = mapped_column(ForeignKey("building.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    estimated_cost: Mapped[int | None] = mapped_column(Integer)  # fen
    support_count: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_at = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False)
    submitted_at = mapped_column(UTCDateTime, nullable=True)

    author = relationship("User")
    building = relationship("Building")
    events = relationship("ProposalEvent", back_populates="proposal", order_by="ProposalEvent.id")


class ProposalEvent(db.Model):
    """One step of a proposal's life, shown as its timeline."""

    __tablename__ = "proposal_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    kind: Mapped[str] = mapped_column(String(40))  # e.g. "status", "decision", "vote", "project"
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    # A link to what caused it (a decision, a vote, a project update), as "type:id".
    ref: Mapped[str] = mapped_column(String(60), default="")
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    proposal = relationship("Proposal", back_populates="events")
    actor = relationship("User")
