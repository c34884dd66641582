"""Participatory budgeting: cycles, candidate projects, ballots and stored results."""
from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow


class BudgetCycle(db.Model):
    """A fund (in fen) allocated by residents' ballots, moving through dated phases."""

    __tablename__ = "budget_cycle"

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("community.id"), index=True)
    # None: the whole community; otherwise the one building whose residents vote.
    building_id: Mapped[int | None] = mapped_column(ForeignKey("building.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    fund: Mapped[int] = mapped_column(Integer)  # fen
    ballot_type: Mapped[str] = mapped_column(String(20), default="approval")
    min_projects: Mapped[int | None] = mapped_column(Integer)
    max_projects: Mapped[int | None] = mapped_column(Integer)
    points_total: Mapped[int | None] = mapped_column(Integer)  # cumulative ballots: N points
    rule: Mapped[str] = mapped_column(String(20), default="mes")
    per_household: Mapped[bool] = mapped_column(Boolean, default=False)
    phase: Mapped[str] = mapped_column(String(20), default="ideas")
    ideas_until = mapped_column(Date, nullable=True)
    review_until = mapped_column(Date, nullable=True)
    voting_until = mapped_column(Date, nullable=True)
    result_on = mapped_column(Date, nullable=True)
    # Replays of a Pabulib file keep its META so an export gives it back.
    source_meta: Mapped[dict] = mapped_column(JSON, default=dict)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    building = relationship("Building")
    projects = relationship("BudgetProject", back_populates="cycle", order_by="BudgetProject.id",
                            cascade="all, delete-orphan")
    result = relationship("BudgetResult", back_populates="cycle", uselist=False, cascade="all, delete-orphan")


class BudgetProject(db.Model):
    """A candidate: usually a proposal in scope, with the cost and feasibility set in review."""

    __tablename__ = "budget_project"
    __table_args__ = (UniqueConstraint("cycle_id", "code"), UniqueConstraint("cycle_id", "proposal_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("budget_cycle.id"), index=True)
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposal.id"))
    # The project id the rules and Pabulib files use; ties are broken on it as a string.
    code: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    cost: Mapped[int | None] = mapped_column(Integer)  # fen
    feasibility: Mapped[str] = mapped_column(String(20), default="pending")  # pending / feasible / rejected
    reason: Mapped[str] = mapped_column(Text, default="")

    cycle = relationship("BudgetCycle", back_populates="projects")
    proposal = relationship("Proposal")


class BudgetBallot(db.Model):
    """One voter's (or household's) current ballot; a new one replaces it until the close."""

    __tablename__ = "budget_ballot"
    __table_args__ = (UniqueConstraint("cycle_id", "voter_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("budget_cycle.id"), index=True)
    # "u<user id>", "h<household id>", or the voter id of an imported Pabulib file.
    voter_key: Mapped[str] = mapped_column(String(60))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # Project codes in the voter's order (rankings), and points for cumulative ballots.
    projects: Mapped[list] = mapped_column(JSON, default=list)
    points: Mapped[list | None] = mapped_column(JSON, nullable=True)
    cast_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    changes: Mapped[int] = mapped_column(Integer, default=0)


class BudgetResult(db.Model):
    """The stored outcome of a cycle's rule, with its explanation, and the tally's progress."""

    __tablename__ = "budget_result"

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("budget_cycle.id"), unique=True)
    status: Mapped[str] = mapped_column(String(20), default="queued")  # queued / running / done / failed
    progress: Mapped[int] = mapped_column(Integer, default=0)  # percent
    rule: Mapped[str] = mapped_column(String(40), default="")
    unit: Mapped[int] = mapped_column(Integer, default=1)  # fen per money unit the rule counted in
    selected: Mapped[list] = mapped_column(JSON, default=list)
    spent: Mapped[int] = mapped_column(Integer, default=0)  # fen
    explanation: Mapped[dict] = mapped_column(JSON, default=dict)
    error: Mapped[str] = mapped_column(Text, default="")
    started_at = mapped_column(UTCDateTime, nullable=True)
    finished_at = mapped_column(UTCDateTime, nullable=True)

    cycle = relationship("BudgetCycle", back_populates="result")
