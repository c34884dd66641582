"""Residents' pledges of money or materials to a project, and their fulfilment."""
from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow

KINDS = ("money", "materials")
STATUSES = ("pledged", "fulfilled", "withdrawn")


class Pledge(db.Model):
    __tablename__ = "pledge"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    amount: Mapped[int] = mapped_column(Integer, default=0)  # fen, for money pledges
    description: Mapped[str] = mapped_column(String(200), default="")  # what, for materials
    status: Mapped[str] = mapped_column(String(20), default="pledged")
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    fulfilled_at = mapped_column(UTCDateTime, nullable=True)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    project = relationship("Project")
    user = relationship("User", foreign_keys=[user_id])
