"""Co-building volunteer tasks, sign-ups, and the time bank (时间银行) ledger."""
from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow

SIGNUP_STATUSES = ("signed_up", "withdrawn", "attended", "absent")


class VolunteerTask(db.Model):
    __tablename__ = "volunteer_task"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"), index=True)
    organiser_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    place: Mapped[str] = mapped_column(String(200), default="")
    skills: Mapped[str] = mapped_column(String(200), default="")
    starts_at = mapped_column(UTCDateTime, nullable=False)
    planned_minutes: Mapped[int] = mapped_column(Integer, default=120)
    people_needed: Mapped[int] = mapped_column(Integer, default=1)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    project = relationship("Project")
    organiser = relationship("User")
    signups = relationship("TaskSignup", back_populates="task", order_by="TaskSignup.id")

    @property
    def taken_places(self):
        return sum(1 for s in self.signups if s.status != "withdrawn")


class TaskSignup(db.Model):
    __tablename__ = "task_signup"
    __table_args__ = (UniqueConstraint("task_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("volunteer_task.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="signed_up")
    confirmed_minutes: Mapped[int] = mapped_column(Integer, default=0)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    task = relationship("VolunteerTask", back_populates="signups")
    user = relationship("User")


class TimeBankEntry(db.Model):
    """One line of a volunteer's ledger; append-only: corrections are new, negative entries."""

    __tablename__ = "time_bank_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("community.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    # The volunteer's building when the hours were earned, so totals survive a move.
    building_id: Mapped[int | None] = mapped_column(ForeignKey("building.id"), index=True)
    signup_id: Mapped[int | None] = mapped_column(ForeignKey("task_signup.id"), index=True)
    minutes: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(String(200), default="")
    earned_on = mapped_column(UTCDateTime, nullable=False, index=True)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    user = relationship("User", foreign_keys=[user_id])
    building = relationship("Building")
    signup = relationship("TaskSignup")


class LedgerIsAppendOnly(Exception):
    """Time bank entries are never changed or deleted."""


@event.listens_for(TimeBankEntry, "before_update")
@event.listens_for(TimeBankEntry, "before_delete")
def _refuse_change(mapper, connection, target):
    raise LedgerIsAppendOnly(target.id)
