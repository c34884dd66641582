"""In-app notifications."""
from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow


class Notification(db.Model):
    __tablename__ = "notification"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))  # e.g. "proposal.on_agenda", "booking.confirmed"
    # The message is rendered at display time in the reader's language from kind + params.
    params: Mapped[str] = mapped_column(Text, default="{}")
    link: Mapped[str] = mapped_column(String(255), default="")
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False, index=True)
    read_at = mapped_column(UTCDateTime, nullable=True)
    emailed_at = mapped_column(UTCDateTime, nullable=True)

    user = relationship("User")
