"""Council meetings: agenda items, attendance, minutes and roll-call votes."""
from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow

MEETING_STATUSES = ("scheduled", "held", "cancelled")


class Meeting(db.Model):
    __tablename__ = "council_meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("council.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    scheduled_at = mapped_column(UTCDateTime, nullable=False)
    location: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(20), default="scheduled")
    # The council's counting rule, fixed when the meeting is scheduled (see domain/roll_call.py).
    rule: Mapped[str] = mapped_column(String(30), default="majority_present")
    threshold_percent: Mapped[int | None] = mapped_column(Integer)
    quorum_percent: Mapped[int] = mapped_column(Integer, default=50)
    minutes: Mapped[str] = mapped_column(Text, default="")  # Markdown
    minutes_updated_at = mapped_column(UTCDateTime, nullable=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    council = relationship("Council")
    items = relationship("AgendaItem", back_populates="meeting", order_by="AgendaItem.position",
                         cascade="all, delete-orphan")
    attendance = relationship("Attendance", back_populates="meeting", cascade="all, delete-orphan")

    def present_member_ids(self):
        return {a.member_id for a in self.attendance if a.present}


class AgendaItem(db.Model):
    """One point on the agenda: a proposal put on the council's agenda, or a free item."""

    __tablename__ = "agenda_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("council_meeting.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(200))
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposal.id"), index=True)
    # Filled when the roll call is recorded: "adopted", "rejected" or "no_quorum".
    outcome: Mapped[str | None] = mapped_column(String(20))

    meeting = relationship("Meeting", back_populates="items")
    proposal = relationship("Proposal")
    votes = relationship("RollCallVote", back_populates="item", order_by="RollCallVote.id",
                         cascade="all, delete-orphan")


class Attendance(db.Model):
    __tablename__ = "meeting_attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("council_meeting.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("council_member.id"))
    present: Mapped[bool] = mapped_column(Boolean, default=False)

    meeting = relationship("Meeting", back_populates="attendance")
    member = relationship("CouncilMember")


class RollCallVote(db.Model):
    """How one member present voted on one item; a recusal carries its conflict-of-interest note."""

    __tablename__ = "roll_call_vote"
    __table_args__ = (UniqueConstraint("item_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("council_member.id"))
    choice: Mapped[str] = mapped_column(String(10))  # yes, no, abstain, recused
    conflict: Mapped[str] = mapped_column(Text, default="")

    item = relationship("AgendaItem", back_populates="votes")
    member = relationship("CouncilMember")
