"""Demo content for sharing: resources, bookings (some returned late), a volunteer task, pledges."""
from datetime import datetime, time, timedelta

from sqlalchemy import select

from ..extensions import db
from ..models import Project, RoleGrant, User
from ..models.base import utcnow
from . import audit, bookings, pledges, resources, timebank
from .bookings import local_zone

RESOURCES = [
    dict(name="活动室", kind="room", location="1号楼一层东侧", needs_approval=True, slot_minutes=120,
         opens_minute=8 * 60, closes_minute=21 * 60, weekly_quota=1, lead_minutes=24 * 60,
         cancel_cutoff_minutes=24 * 60, description="可容纳 30 人，有投影仪和桌椅，适合兴趣小组和楼栋会议。",
         deposit_note="无需押金，用后请打扫干净、关好门窗。"),
    dict(name="人字梯", kind="tool", location="物业服务中心", slot_minutes=240, opens_minute=8 * 60,
         closes_minute=20 * 60, weekly_quota=2, description="2 米铝合金人字梯，换灯泡、擦窗户用。",
         deposit_note="押金 50 元，归还时退还。"),
    dict(name="电钻", kind="tool", location="物业服务中心", slot_minutes=240, opens_minute=8 * 60,
         closes_minute=20 * 60, weekly_quota=1, description="充电式冲击钻，附钻头一套。",
         deposit_note="押金 100 元，钻头缺失照价赔偿。"),
    dict(name="访客车位", kind="parking", location="1号楼北侧 A-12", slot_minutes=240, opens_minute=7 * 60,
         closes_minute=23 * 60, weekly_quota=3, description="1号楼住户的亲友来访时使用。"),
    dict(name="篮球场", kind="court", location="小区中心花园旁", slot_minutes=60, opens_minute=6 * 60,
         closes_minute=22 * 60, weekly_quota=2, lead_minutes=30, cancel_cutoff_minutes=60,
         description="半场篮球场，夜间有照明。"),
]


def _slot(day, minute, tz):
    return datetime.combine(day, time(minute // 60, minute % 60), tzinfo=tz)


def seed_sharing(community, rng):
    """Create the sharing demo through the services; return the resources created."""
    tz = local_zone()
    worker = db.session.scalar(select(User).join(RoleGrant).where(User.community_id == community.id,
                                                                  RoleGrant.role == "worker").order_by(User.id))
    people = db.session.execute(select(User).where(User.community_id == community.id, User.status == "verified",
                                                   User.household_id.is_not(None)).order_by(User.id)).scalars().all()
    first_building = community.buildings[0]
    created = {}
    for spec in RESOURCES:
        building_id = first_building.id if spec["kind"] == "parking" else None
        created[spec["name"]] = resources.create(community.id, worker, building_id=building_id, **spec)

    today = utcnow().astimezone(tz).date()
    residents = rng.sample(people, min(12, len(people)))
    # Past loans of the drill and ladder, two of them brought back late by the same household.
    late_household = residents[0]
    for offset, (name, person, late_minutes) in enumerate(
            [("电钻", late_household, 95), ("人字梯", late_household, 40), ("人字梯", residents[1], 0)]):
        resource = created[name]
        day = today - timedelta(days=10 - offset * 3)
        start = _slot(day, resource.opens_minute, tz)
        booking = bookings.book(resource.id, person, start, now=start - timedelta(days=1))
        bookings.check_out(booking, worker, now=start + timedelta(minutes=5))
        returned = booking.ends_at + timedelta(minutes=late_minutes + (15 if late_minutes else 0))
        bookings.record_return(booking, worker, "完好" if not late_minutes else "完好，归还较晚", now=returned)

    # Upcoming bookings this week and next: the court is popular, the room waits for approval.
    court = created["篮球场"]
    for n, person in enumerate(residents[2:8]):
        day = today + timedelta(days=1 + n % 4)
        bookings.book(court.id, person, _slot(day, (18 + n % 3) * 60, tz))
    bookings.book(created["活动室"].id, residents[8], _slot(today + timedelta(days=3), 14 * 60, tz))
    bookings.book(created["人字梯"].id, residents[9], _slot(today + timedelta(days=1), 8 * 60, tz))
    parkers = [p for p in people if p.building_id == first_building.id]
    if parkers:
        bookings.book(created["访客车位"].id, parkers[0], _slot(today + timedelta(days=2), 11 * 60, tz))

    project = _project(community, worker)
    _volunteering(project, worker, residents, today, tz)
    _pledges(project, worker, residents)
    return list(created.values())


def _project(community, worker):
    """Use the community's first project; create one when the demo has none yet."""
    project = db.session.scalar(select(Project).where(Project.community_id == community.id).order_by(Project.id))
    if project is None:
        project = Project(community_id=community.id, title="楼道粉刷与扶手加装", status="in_progress",
                          description="居民提案通过后实施：粉刷 1–3 号楼楼道，为老人加装扶手。", budget=3_800_000)
        db.session.add(project)
        db.session.flush()
        audit.record(worker, "project.create", project, title=project.title)
        db.session.commit()
    return project


def _volunteering(project, worker, residents, today, tz):
    weeding = timebank.create_task(project, worker, "中心花园除草", _slot(today - timedelta(days=40), 8 * 60, tz),
                                   120, 3, place="中心花园", skills="无")
    for person in residents[4:7]:
        timebank.sign_up(weeding.id, person)
    for signup, minutes in zip(weeding.signups, (120, 120, 90)):
        timebank.confirm(signup, worker, attended=True, minutes=minutes)
    done = timebank.create_task(project, worker, "1号楼楼道粉刷", _slot(today - timedelta(days=6), 9 * 60, tz),
                                180, 4, place="1号楼 1–6 层", skills="刷漆、搬运")
    for person in residents[:4]:
        timebank.sign_up(done.id, person)
    for signup, minutes in zip(done.signups, (180, 150, 180, 0)):
        timebank.confirm(signup, worker, attended=minutes > 0, minutes=minutes)
    later = timebank.create_task(project, worker, "扶手安装协助", _slot(today + timedelta(days=5), 14 * 60, tz),
                                 120, 3, place="2号楼、3号楼", skills="会用电钻者优先", description="协助师傅搬运材料、清理现场。")
    timebank.sign_up(later.id, residents[4])


def _pledges(project, worker, residents):
    money = pledges.pledge(project, residents[5], "money", amount=20_000)
    pledges.fulfil(money, worker)
    pledges.pledge(project, residents[6], "money", amount=5_050)
    paint = pledges.pledge(project, residents[7], "materials", description="两桶乳胶漆（白色）")
    pledges.fulfil(paint, worker)
    pledges.pledge(project, residents[1], "materials", description="旧报纸和胶带，铺地用")
