"""SQLAlchemy models, one module per area. One import line per module, so areas add theirs cleanly."""
from .audit import AuditEntry, AuditHead  # noqa: F401
from .booking import Booking  # noqa: F401
from .community import Building, Community, Household  # noqa: F401
from .council import Council, CouncilMember  # noqa: F401
from .invite import InviteCode  # noqa: F401
from .notification import Notification  # noqa: F401
from .pledge import Pledge  # noqa: F401
from .project import Project  # noqa: F401
from .proposal import Proposal, ProposalEvent  # noqa: F401
from .resource import Resource  # noqa: F401
from .user import RoleGrant, User  # noqa: F401
from .volunteering import TaskSignup, TimeBankEntry, VolunteerTask  # noqa: F401
from .discussion import Comment, CommunitySettings, Flag, NotificationPreference, ProposalModeration, Reaction, Support, Thread  # noqa: F401,E501
from .proposal_media import ProposalImage  # noqa: F401
from .meeting import AgendaItem, Attendance, Meeting, RollCallVote  # noqa: F401
from .decision import Decision, Objection  # noqa: F401
from .project_tracking import Milestone, ProjectFollow, ProjectUpdate, Spending, UpdatePhoto  # noqa: F401
from .vote import AuditedBallot, Ballot, CastSubmission, PaperBatch, PaperEntry, Vote, VoteCredential, VoteEvent, VoteTrustee, VoteVoter  # noqa: F401,E501
from .budget import BudgetBallot, BudgetCycle, BudgetProject, BudgetResult  # noqa: F401
