"""Volunteer tasks on projects, sign-ups, confirmed hours, and the time bank (时间银行) ledger."""
from collections import defaultdict

from sqlalchemy import func, select

from ..domain.booking_rules import RuleBroken
from ..extensions import db
from ..models import Building, TaskSignup, TimeBankEntry, VolunteerTask
from ..models.base import utcnow
from . import audit
from .bookings import local_zone
from .notifications import notify

MAX_MINUTES = 24 * 60


def create_task(project, actor, title, starts_at, planned_minutes, people_needed, place="", skills="",
                description=""):
    """Post a volunteer task on a project."""
    task = VolunteerTask(project_id=project.id, organiser_id=actor.id, title=title, starts_at=starts_at,
                         planned_minutes=planned_minutes, people_needed=people_needed, place=place,
                         skills=skills, description=description)
    db.session.add(task)
    db.session.flush()
    audit.record(actor, "task.create", task, project=project.id, title=title, people_needed=people_needed)
    db.session.commit()
    return task


def _lock_task(task_id):
    stmt = select(VolunteerTask).where(VolunteerTask.id == task_id).with_for_update()
    return db.session.execute(stmt.execution_options(populate_existing=True)).scalar_one()


def sign_up(task_id, user):
    """Sign the user up for a task while places remain."""
    task = _lock_task(task_id)
    signup = db.session.scalar(select(TaskSignup).where(TaskSignup.task_id == task.id,
                                                        TaskSignup.user_id == user.id))
    if signup is not None and signup.status != "withdrawn":
        db.session.rollback()
        raise RuleBroken("already_signed_up")
    if task.taken_places >= task.people_needed:
        db.session.rollback()
        raise RuleBroken("task_full")
    if signup is None:
        signup = TaskSignup(task_id=task.id, user_id=user.id)
        db.session.add(signup)
    signup.status = "signed_up"
    db.session.flush()
    audit.record(user, "task.sign_up", signup, task=task.id)
    db.session.commit()
    return signup


def withdraw(signup, user):
    if signup.status != "signed_up":
        raise RuleBroken("wrong_status")
    signup.status = "withdrawn"
    audit.record(user, "task.withdraw", signup, task=signup.task_id)
    db.session.commit()


def confirm(signup, actor, attended, minutes, now=None):
    """Record attendance; credit the difference to the ledger, so a correction is a new entry."""
    if signup.status == "withdrawn":
        raise RuleBroken("wrong_status")
    if signup.task.starts_at > (now or utcnow()):
        raise RuleBroken("not_started")
    if attended and not 0 < minutes <= MAX_MINUTES:
        raise RuleBroken("bad_minutes")
    new_minutes = minutes if attended else 0
    delta = new_minutes - signup.confirmed_minutes
    signup.status = "attended" if attended else "absent"
    signup.confirmed_minutes = new_minutes
    entry = None
    if delta:
        user = signup.user
        entry = TimeBankEntry(community_id=user.community_id, user_id=user.id, building_id=user.building_id,
                              signup_id=signup.id, minutes=delta, note=signup.task.title,
                              earned_on=signup.task.starts_at, created_by_id=actor.id)
        db.session.add(entry)
        db.session.flush()
        notify([user], "timebank.credited", hours=format_hours(delta), task=signup.task.title)
    audit.record(actor, "timebank.confirm", signup, attended=attended, minutes=new_minutes, delta=delta,
                 entry=entry.id if entry else None)
    db.session.commit()
    return entry


def format_hours(minutes):
    """Write minutes as hours with at most two decimals, without floats."""
    sign = "-" if minutes < 0 else ""
    hours, rest = divmod(abs(minutes), 60)
    hundredths = (rest * 100 + 30) // 60
    if hundredths == 100:
        hours, hundredths = hours + 1, 0
    return f"{sign}{hours}" + (f".{hundredths:02d}".rstrip("0") if hundredths else "")


def ledger(user_id):
    """Return the user's entries, newest first, and their balance in minutes."""
    entries = db.session.execute(select(TimeBankEntry).where(TimeBankEntry.user_id == user_id)
                                 .order_by(TimeBankEntry.id.desc())).scalars().all()
    return entries, sum(e.minutes for e in entries)


def totals(community_id):
    """Return minutes by building name, by local month (YYYY-MM), and in all."""
    rows = db.session.execute(
        select(TimeBankEntry.building_id, TimeBankEntry.earned_on, TimeBankEntry.minutes)
        .where(TimeBankEntry.community_id == community_id)).all()
    names = dict(db.session.execute(select(Building.id, Building.name)
                                    .where(Building.community_id == community_id)).all())
    tz = local_zone()
    by_building, by_month = defaultdict(int), defaultdict(int)
    for building_id, earned_on, minutes in rows:
        by_building[building_id] += minutes
        by_month[earned_on.astimezone(tz).strftime("%Y-%m")] += minutes
    buildings = [(names[b], m) for b, m in by_building.items() if b is not None]
    buildings.sort(key=lambda pair: pair[0])
    if None in by_building:
        buildings.append((None, by_building[None]))
    return buildings, sorted(by_month.items()), sum(by_building.values())


def total_minutes(community_id):
    """The community's balance straight from the database, to check the totals against."""
    return db.session.scalar(select(func.coalesce(func.sum(TimeBankEntry.minutes), 0))
                             .where(TimeBankEntry.community_id == community_id))


def tasks_of(project_id):
    return db.session.execute(select(VolunteerTask).where(VolunteerTask.project_id == project_id)
                              .order_by(VolunteerTask.starts_at)).scalars().all()
