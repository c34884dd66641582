"""Budget ballots: who may vote, the ballot form as the rules see it, casting and replacing."""
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..budgeting import validate_ballot
from ..domain.budget_cycle import build_ballot, build_instance, money_unit
from ..extensions import db
from ..models import BudgetBallot, BudgetCycle
from ..models.base import utcnow
from . import audit
from .budget import BudgetError, feasible_projects


def instance_of(cycle):
    """Return (library instance, money unit in fen) for the cycle's feasible candidates."""
    projects = feasible_projects(cycle)
    unit = money_unit(cycle.fund, [p.cost for p in projects])
    instance = build_instance(cycle.fund, cycle.ballot_type, [(p.code, p.cost, p.title) for p in projects], unit,
                              cycle.min_projects, cycle.max_projects, cycle.points_total)
    return instance, unit


def voter_key(cycle, user):
    """Return who a ballot belongs to: the person, or their household when the cycle counts households."""
    return f"h{user.household_id}" if cycle.per_household else f"u{user.id}"


def is_eligible(cycle, user):
    """A verified resident of the cycle's community and, for a building's cycle, of that building."""
    return (user.status == "verified" and user.household_id is not None and user.community_id == cycle.community_id
            and (cycle.building_id is None or user.building_id == cycle.building_id))


def is_open(cycle, today=None):
    """Ballots are taken in the voting phase, up to and including its last day."""
    today = today or date.today()
    return cycle.phase == "voting" and (cycle.voting_until is None or today <= cycle.voting_until)


def ballot_of(cycle, user):
    """Return the current ballot that counts for this person, if any."""
    return db.session.execute(select(BudgetBallot).where(
        BudgetBallot.cycle_id == cycle.id, BudgetBallot.voter_key == voter_key(cycle, user))).scalar_one_or_none()


def check(cycle, projects, points=None):
    """Return the rules' error codes for a ballot on this cycle (empty: valid)."""
    instance, _ = instance_of(cycle)
    return validate_ballot(instance, build_ballot("check", projects, points))


def cast(cycle_id, user, projects, points=None):
    """Store the person's ballot, replacing an earlier one; one per voter even under simultaneous requests."""
    # Lock the cycle row: casts of one cycle queue here on PostgreSQL (SQLite's BEGIN IMMEDIATE
    # already serialises writers), so the phase check and the upsert see the latest state.
    cycle = db.session.execute(select(BudgetCycle).where(BudgetCycle.id == cycle_id).with_for_update()
                               .execution_options(populate_existing=True)).scalar_one()
    if not is_eligible(cycle, user):
        raise BudgetError("not_eligible")
    if not is_open(cycle):
        raise BudgetError("voting_closed")
    errors = check(cycle, projects, points)
    if errors:
        db.session.rollback()
        raise BudgetError(errors[0])
    ballot = ballot_of(cycle, user)
    replaced = ballot is not None
    if ballot is None:
        ballot = BudgetBallot(cycle_id=cycle.id, voter_key=voter_key(cycle, user), changes=0)
        db.session.add(ballot)
    else:
        ballot.changes += 1
    ballot.user_id, ballot.projects, ballot.points, ballot.cast_at = user.id, list(projects), points, utcnow()
    try:
        db.session.flush()
    except IntegrityError:
        # The unique (cycle, voter) constraint caught a twin request: the other one counts.
        db.session.rollback()
        raise BudgetError("try_again")
    # The audit entry says that a ballot was cast, never what it says.
    audit.record(user, "budget.ballot.replace" if replaced else "budget.ballot.cast", cycle, voter=ballot.voter_key)
    db.session.commit()
    return ballot, replaced


def ballots(cycle):
    """Return all current ballots of the cycle, oldest first."""
    return db.session.execute(select(BudgetBallot).where(BudgetBallot.cycle_id == cycle.id)
                              .order_by(BudgetBallot.id)).scalars().all()
