"""Budget cycles: open one, move its phases, take proposals in as candidates, review them."""
from sqlalchemy import select

from ..budgeting import BALLOT_TYPES
from ..domain.budget_cycle import PHASES, RULES, next_phase
from ..extensions import db
from ..models import BudgetCycle, BudgetProject, Household, Proposal, User
from . import audit
from .notifications import notify

# Proposals that may become candidates: seconded or decided, not drafts or withdrawn ones.
CANDIDATE_STATUSES = ("collecting", "on_agenda", "voting", "accepted")


class BudgetError(Exception):
    """A request the cycle's rules refuse; code names the reason for the translated message."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def cycles_for(community_id, building_id, staff):
    """List the cycles of the community a person may see: community-wide ones and their building's."""
    stmt = select(BudgetCycle).where(BudgetCycle.community_id == community_id)
    if not staff:
        stmt = stmt.where((BudgetCycle.building_id.is_(None)) | (BudgetCycle.building_id == building_id))
    return db.session.execute(stmt.order_by(BudgetCycle.id.desc())).scalars().all()


def open_cycle(community_id, actor, title, fund, ballot_type="approval", rule="mes", building_id=None, **settings):
    """Open a cycle in its ideas phase and record who opened it."""
    if ballot_type not in BALLOT_TYPES or rule not in RULES:
        raise BudgetError("bad_setting")
    if fund <= 0:
        raise BudgetError("fund_not_positive")
    cycle = BudgetCycle(community_id=community_id, title=title, fund=fund, ballot_type=ballot_type, rule=rule,
                        building_id=building_id, created_by_id=getattr(actor, "id", None), phase="ideas",
                        source_meta={}, **settings)
    db.session.add(cycle)
    db.session.flush()
    audit.record(actor, "budget.open", cycle, title=title, fund=fund, ballot_type=ballot_type, rule=rule,
                 building_id=building_id)
    db.session.commit()
    return cycle


def move_phase(cycle, actor, to_phase=None):
    """Move the cycle to its next phase (voting needs reviewed candidates)."""
    target = to_phase or next_phase(cycle.phase)
    if target is None or target not in PHASES or PHASES.index(target) != PHASES.index(cycle.phase) + 1:
        raise BudgetError("bad_phase")
    if target == "voting":
        if not feasible_projects(cycle):
            raise BudgetError("no_feasible_projects")
        if any(p.feasibility == "pending" for p in cycle.projects):
            raise BudgetError("review_unfinished")
    before, cycle.phase = cycle.phase, target
    audit.record(actor, "budget.phase", cycle, from_phase=before, to_phase=target)
    if target == "voting":
        notify(voters_in_scope(cycle), "budget.voting", link=f"/budget/{cycle.id}", title=cycle.title)
    db.session.commit()
    return cycle


def voters_in_scope(cycle):
    """Return the ids of the verified residents who may vote in the cycle."""
    stmt = select(User.id).join(Household, User.household_id == Household.id).where(
        User.community_id == cycle.community_id, User.status == "verified")
    if cycle.building_id is not None:
        stmt = stmt.where(Household.building_id == cycle.building_id)
    return db.session.execute(stmt).scalars().all()


def feasible_projects(cycle):
    """Return the candidates voters choose from: feasible, with a cost."""
    return [p for p in cycle.projects if p.feasibility == "feasible" and p.cost is not None]


def proposals_in_scope(cycle):
    """List the proposals of the cycle's scope that are not candidates yet."""
    taken = {p.proposal_id for p in cycle.projects}
    stmt = select(Proposal).where(Proposal.community_id == cycle.community_id,
                                  Proposal.status.in_(CANDIDATE_STATUSES))
    if cycle.building_id is not None:
        stmt = stmt.where(Proposal.building_id == cycle.building_id)
    proposals = db.session.execute(stmt.order_by(Proposal.id)).scalars().all()
    return [p for p in proposals if p.id not in taken]


def add_candidates(cycle, actor, proposal_ids):
    """Enter proposals in scope as candidate projects, with their estimated cost to start from."""
    if cycle.phase not in ("ideas", "review"):
        raise BudgetError("phase_closed")
    allowed = {p.id: p for p in proposals_in_scope(cycle)}
    if not proposal_ids or any(pid not in allowed for pid in proposal_ids):
        raise BudgetError("proposal_out_of_scope")
    added = []
    for pid in proposal_ids:
        proposal = allowed[pid]
        project = BudgetProject(cycle=cycle, proposal_id=pid, code=f"p{pid}", title=proposal.title,
                                description=proposal.body[:2000], cost=proposal.estimated_cost)
        db.session.add(project)
        added.append(project)
    db.session.flush()
    audit.record(actor, "budget.candidates", cycle, proposals=list(proposal_ids))
    db.session.commit()
    return added


def review_project(project, actor, cost, feasible, reason=""):
    """Set a candidate's cost and feasibility; a rejection needs a public reason."""
    if project.cycle.phase not in ("ideas", "review"):
        raise BudgetError("phase_closed")
    if feasible and (cost is None or cost <= 0):
        raise BudgetError("cost_not_positive")
    if feasible and cost > project.cycle.fund:
        raise BudgetError("cost_over_fund")
    if not feasible and not reason.strip():
        raise BudgetError("reason_missing")
    project.cost = cost if cost else project.cost
    project.feasibility = "feasible" if feasible else "rejected"
    project.reason = reason.strip()
    audit.record(actor, "budget.review", project, cycle_id=project.cycle_id, cost=project.cost,
                 feasibility=project.feasibility, reason=project.reason)
    db.session.commit()
    return project
