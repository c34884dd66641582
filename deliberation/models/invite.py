"""One-time invite codes handed to households on printed slips."""
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow


class InviteCode(db.Model):
    """Only the code's hash is stored: the slip is the one place the code exists."""

    __tablename__ = "invite_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    used_at = mapped_column(UTCDateTime, nullable=True)
    used_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    revoked_at = mapped_column(UTCDateTime, nullable=True)

    household = relationship("Household")
