"""Published council decisions (决议), their public notice and residents' objections (异议)."""
from sqlalchemy import Column, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow

# What taking effect does to the linked proposals.
EFFECTS = ("accept", "reject", "send_to_vote", "none")

decision_proposal = Table(
    "decision_proposal",
    db.metadata,
    Column("decision_id", ForeignKey("decision.id"), primary_key=True),
    Column("proposal_id", ForeignKey("proposal.id"), primary_key=True),
)


class Decision(db.Model):
    __tablename__ = "decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("community.id"), index=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("council.id"), index=True)
    # The scope of residents who may object: None for the whole community, else one building.
    building_id: Mapped[int | None] = mapped_column(ForeignKey("building.id"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("council_meeting.id"))
    item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id"), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    effect: Mapped[str] = mapped_column(String(20), default="none")
    # The roll call as published (a snapshot: the record of the meeting does not change it).
    rule: Mapped[str] = mapped_column(String(30))
    result: Mapped[str] = mapped_column(String(20))
    yes_count: Mapped[int] = mapped_column(Integer, default=0)
    no_count: Mapped[int] = mapped_column(Integer, default=0)
    abstain_count: Mapped[int] = mapped_column(Integer, default=0)
    recused_count: Mapped[int] = mapped_column(Integer, default=0)
    present_count: Mapped[int] = mapped_column(Integer, default=0)
    member_count: Mapped[int] = mapped_column(Integer, default=0)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    published_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    notice_days: Mapped[int] = mapped_column(Integer, default=7)
    notice_ends_at = mapped_column(UTCDateTime, nullable=False, index=True)
    took_effect_at = mapped_column(UTCDateTime, nullable=True)
    # Filled by the voting module when a residents' vote is opened for an effect of "send_to_vote".
    vote_id: Mapped[int | None] = mapped_column(Integer)

    council = relationship("Council")
    meeting = relationship("Meeting")
    item = relationship("AgendaItem")
    building = relationship("Building")
    proposals = relationship("Proposal", secondary=decision_proposal, order_by="Proposal.id")
    objections = relationship("Objection", back_populates="decision", order_by="Objection.id")

    @property
    def unanswered(self):
        return [o for o in self.objections if o.answered_at is None]


class Objection(db.Model):
    __tablename__ = "decision_objection"

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decision.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    reasons: Mapped[str] = mapped_column(Text)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    answered_at = mapped_column(UTCDateTime, nullable=True)

    decision = relationship("Decision", back_populates="objections")
    author = relationship("User", foreign_keys=[author_id])
    answered_by = relationship("User", foreign_keys=[answered_by_id])
