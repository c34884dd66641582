"""Residents' votes (表决) and council elections: set-up, frozen electorate, credentials, ballots, chain."""
import json

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow

# draft -> ceremony -> open -> closed -> (tallying) -> tallied -> published
STATUSES = ("draft", "ceremony", "open", "closed", "tallying", "tallied", "published")
KINDS = ("referendum", "election")  # yes/no/abstain questions, or choose k of n candidates
ELIGIBILITIES = ("owners", "adults", "households")
WEIGHTINGS = ("headcount", "area", "both")


class Vote(db.Model):
    __tablename__ = "vote"
    # The database refuses any status outside the state machine (ck_vote_status; migration 0007).
    __table_args__ = (CheckConstraint(f"status IN ({', '.join(repr(s) for s in STATUSES)})", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("community.id"), index=True)
    # None: the whole community votes; otherwise only this building's residents.
    building_id: Mapped[int | None] = mapped_column(ForeignKey("building.id"), index=True)
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposal.id"))
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id"))
    # A council election's runoff names the election whose tied seats it fills.
    runoff_of_id: Mapped[int | None] = mapped_column(ForeignKey("vote.id"), index=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("council.id"))  # its current members are the trustees
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(20), default="referendum")
    eligibility: Mapped[str] = mapped_column(String(20), default="owners")
    weighting: Mapped[str] = mapped_column(String(20), default="both")
    rule: Mapped[str] = mapped_column(String(30), default="art278_general")
    # Custom thresholds as JSON [{"stage", "measure", "percent", "strict"}]; only for rule "custom".
    custom_thresholds: Mapped[str] = mapped_column(Text, default="[]")
    # Questions as JSON [{"question", "choices", "min", "max"}], frozen with the electorate.
    questions_json: Mapped[str] = mapped_column(Text, default="[]")
    threshold: Mapped[int] = mapped_column(Integer, default=2)  # t of the n trustees decrypt
    opens_at = mapped_column(UTCDateTime, nullable=False)
    closes_at = mapped_column(UTCDateTime, nullable=False)
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    uuid: Mapped[str] = mapped_column(String(32), unique=True)
    group_name: Mapped[str] = mapped_column(String(30), default="Ed25519")
    # The published record, filled as the vote moves on (canonical JSON text).
    # Large and read through services.vote_casting.election_of's cache: not loaded with every vote row.
    election_json: Mapped[str | None] = mapped_column(Text, deferred=True)
    trustees_json: Mapped[str | None] = mapped_column(Text)
    credentials_json: Mapped[str | None] = mapped_column(Text, deferred=True)
    tally_json: Mapped[str | None] = mapped_column(Text)
    result_json: Mapped[str | None] = mapped_column(Text)
    # Head of the event hash chain; the row is locked while an event is appended.
    chain_seq: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    chain_head: Mapped[str] = mapped_column(String(64), default="0" * 64, nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    frozen_at = mapped_column(UTCDateTime, nullable=True)
    closed_at = mapped_column(UTCDateTime, nullable=True)
    published_at = mapped_column(UTCDateTime, nullable=True)

    building = relationship("Building")
    council = relationship("Council")
    proposal = relationship("Proposal")
    runoff_of = relationship("Vote", remote_side=[id])
    voters = relationship("VoteVoter", back_populates="vote", order_by="VoteVoter.roll_number")
    trustees = relationship("VoteTrustee", back_populates="vote", order_by="VoteTrustee.index")

    @property
    def questions(self):
        return json.loads(self.questions_json or "[]")

    @property
    def tallies(self):
        return {"headcount": ["headcount"], "area": ["weight"], "both": ["headcount", "weight"]}[self.weighting]


class VoteVoter(db.Model):
    """One entry of the frozen electorate (a person, or a household when one vote per household)."""

    __tablename__ = "vote_voter"
    __table_args__ = (UniqueConstraint("vote_id", "roll_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("vote.id"), index=True)
    roll_number: Mapped[int] = mapped_column(Integer)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    name: Mapped[str] = mapped_column(String(60), default="")
    area: Mapped[int] = mapped_column(Integer)  # this voter's share of the floor area, 0.01 m²
    voted_online: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    paper_batch_id: Mapped[int | None] = mapped_column(ForeignKey("paper_batch.id"))

    vote = relationship("Vote", back_populates="voters")
    household = relationship("Household")
    credentials = relationship("VoteCredential", back_populates="voter", order_by="VoteCredential.id")

    @property
    def active_credential(self):
        return next((c for c in self.credentials if c.revoked_at is None), None)


class VoteCredential(db.Model):
    """A public credential; the secret went to the voter on a slip or in a one-time reveal, never stored."""

    __tablename__ = "vote_credential"
    __table_args__ = (UniqueConstraint("vote_id", "public"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("vote.id"), index=True)
    voter_id: Mapped[int] = mapped_column(ForeignKey("vote_voter.id"), index=True)
    public: Mapped[str] = mapped_column(String(1000))  # BELENIOS-2048: up to 617 digits
    weight: Mapped[int] = mapped_column(Integer)
    channel: Mapped[str] = mapped_column(String(20))  # "slip" or "account"
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    issued_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    revoked_at = mapped_column(UTCDateTime, nullable=True)
    revoked_reason: Mapped[str] = mapped_column(String(200), default="")

    voter = relationship("VoteVoter", back_populates="credentials")


class VoteTrustee(db.Model):
    """A council member holding a share of the election key; the server only relays public data."""

    __tablename__ = "vote_trustee"
    __table_args__ = (UniqueConstraint("vote_id", "index"), UniqueConstraint("vote_id", "user_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("vote.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    index: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(60), default="")
    certificate: Mapped[str | None] = mapped_column(Text)
    shares: Mapped[str | None] = mapped_column(Text)  # the share messages this trustee dealt
    complaints: Mapped[str | None] = mapped_column(Text)
    key_checked_at = mapped_column(UTCDateTime, nullable=True)
    partial: Mapped[str | None] = mapped_column(Text)

    vote = relationship("Vote", back_populates="trustees")
    user = relationship("User")


class Ballot(db.Model):
    """A cast ballot as received; a later one with the same credential replaces it in the count."""

    __tablename__ = "ballot"
    __table_args__ = (UniqueConstraint("vote_id", "tracker"), UniqueConstraint("vote_id", "seq"))

    id: Mapped[int] = mapped_column(primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("vote.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    credential: Mapped[str] = mapped_column(String(1000), index=True)
    tracker: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text)
    cast_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    replaced: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)


class AuditedBallot(db.Model):
    """A Benaloh-challenged ballot with its randomness revealed; published, never counted."""

    __tablename__ = "audited_ballot"
    __table_args__ = (UniqueConstraint("vote_id", "tracker"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("vote.id"), index=True)
    tracker: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text)
    audited_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)


class VoteEvent(db.Model):
    """One link of the vote's event hash chain (events.jsonl)."""

    __tablename__ = "vote_event"
    __table_args__ = (UniqueConstraint("vote_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("vote.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(20))
    payload: Mapped[str] = mapped_column(Text)
    prev: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    def as_record(self):
        return {"seq": self.seq, "type": self.type, "payload": json.loads(self.payload), "prev": self.prev}


class PaperBatch(db.Model):
    """A bundle of paper ballots, entered twice by two different workers."""

    __tablename__ = "paper_batch"
    __table_args__ = (UniqueConstraint("vote_id", "label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("vote.id"), index=True)
    label: Mapped[str] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(20), default="entering")  # entering, mismatch, accepted
    # Accepted content: JSON [{"roll": n, "selections": [[0/1...]...]}], and the per-choice counts.
    ballots_json: Mapped[str | None] = mapped_column(Text)
    counts_json: Mapped[str | None] = mapped_column(Text)
    accepted_at = mapped_column(UTCDateTime, nullable=True)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    entries = relationship("PaperEntry", back_populates="batch", order_by="PaperEntry.id")


class PaperEntry(db.Model):
    """One worker's independent entry of a batch."""

    __tablename__ = "paper_entry"
    __table_args__ = (UniqueConstraint("batch_id", "worker_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("paper_batch.id"), index=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    ballots_json: Mapped[str] = mapped_column(Text)
    entered_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    batch = relationship("PaperBatch", back_populates="entries")
    worker = relationship("User")


class CastSubmission(db.Model):
    """A ballot as posted, queued for checking: the cast request only stores it; a checker moves it on.

    pending -> accepted (now a Ballot on the board) or refused (code and failed check say why).
    """

    __tablename__ = "cast_submission"
    __table_args__ = (UniqueConstraint("vote_id", "tracker"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("vote.id"), index=True)
    tracker: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    submitted_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    status: Mapped[str] = mapped_column(String(12), default="pending", nullable=False, index=True)
    code: Mapped[str | None] = mapped_column(String(40))
    failed_check: Mapped[str | None] = mapped_column(String(80))
    checked_at = mapped_column(UTCDateTime, nullable=True)
