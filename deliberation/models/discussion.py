"""Deliberation: community settings, supports, threads, comments, reactions, flags, preferences."""
from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow
from .search_ddl import listen as listen_for_create_all

REACTIONS = ("agree", "disagree", "pass")
EMAIL_MODES = ("off", "immediate", "daily")


class CommunitySettings(db.Model):
    """Per-community deliberation settings: when a proposal reaches the agenda, where robots post."""

    __tablename__ = "community_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("community.id"), unique=True)
    # Either threshold may be unset; when both are set the lower one applies.
    support_threshold_count: Mapped[int | None] = mapped_column(Integer, default=10)
    support_threshold_percent: Mapped[int | None] = mapped_column(Integer)
    webhook_url: Mapped[str] = mapped_column(String(500), default="")


class Support(db.Model):
    """A resident seconding (附议) a proposal; one per resident and proposal."""

    __tablename__ = "proposal_support"
    __table_args__ = (UniqueConstraint("proposal_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)


class ProposalModeration(db.Model):
    """A proposal hidden by a moderator (kept apart so the shared Proposal table stays as it is)."""

    __tablename__ = "proposal_moderation"

    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id"), primary_key=True)
    hidden_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    reason: Mapped[str] = mapped_column(String(255), default="")

    # proposal.moderation is None unless a moderator hid it.
    proposal = relationship("Proposal", backref=backref("moderation", uselist=False))
    hidden_by = relationship("User")


class Thread(db.Model):
    """A discussion: a building board topic, a community board topic, or a proposal's comments."""

    __tablename__ = "thread"

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("community.id"), index=True)
    # None: the community board (or a community-wide proposal); otherwise that building only.
    building_id: Mapped[int | None] = mapped_column(ForeignKey("building.id"), index=True)
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposal.id"), unique=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    title: Mapped[str] = mapped_column(String(200), default="")
    comment_count: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    last_activity_at = mapped_column(UTCDateTime, default=utcnow, nullable=False, index=True)

    author = relationship("User")
    building = relationship("Building")
    proposal = relationship("Proposal")


class Comment(db.Model):
    __tablename__ = "comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("thread.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    # One level of replies: a reply's parent is always a top-level comment.
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comment.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    edited_at = mapped_column(UTCDateTime, nullable=True)
    agree_count: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    disagree_count: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    pass_count: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    hidden_at = mapped_column(UTCDateTime, nullable=True)
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    hidden_reason: Mapped[str] = mapped_column(String(255), default="")

    thread = relationship("Thread")
    author = relationship("User", foreign_keys=[author_id])


class Reaction(db.Model):
    """Agree / disagree / pass on a comment; the reader's groups are kept for the consensus view."""

    __tablename__ = "comment_reaction"
    __table_args__ = (UniqueConstraint("comment_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comment.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    building_id: Mapped[int | None] = mapped_column(ForeignKey("building.id"))
    occupancy: Mapped[str | None] = mapped_column(String(20))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)


class Flag(db.Model):
    """Someone asking moderators to look at a comment or a proposal."""

    __tablename__ = "content_flag"
    __table_args__ = (UniqueConstraint("object_type", "object_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("community.id"), index=True)
    building_id: Mapped[int | None] = mapped_column(ForeignKey("building.id"), index=True)
    object_type: Mapped[str] = mapped_column(String(20))  # "comment" or "proposal"
    object_id: Mapped[int] = mapped_column(Integer)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    reason: Mapped[str] = mapped_column(String(255))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    resolved_at = mapped_column(UTCDateTime, nullable=True)

    user = relationship("User")


class NotificationPreference(db.Model):
    """How a user wants to hear about things beyond the in-app centre."""

    __tablename__ = "notification_preference"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), unique=True)
    email_mode: Mapped[str] = mapped_column(String(10), default="daily")
    notify_replies: Mapped[bool] = mapped_column(Boolean, default=True)
    notify_proposals: Mapped[bool] = mapped_column(Boolean, default=True)


listen_for_create_all(db.metadata)
