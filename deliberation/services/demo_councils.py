"""Demo content for councils: a meeting with attendance, minutes and roll calls, two published
decisions (one in its notice period with an objection and its answer, one in effect) and the project
it started, with milestones, updates and spending."""
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..models import Council, Project, Proposal, User
from ..models.base import utcnow
from . import decisions, meetings, projects
from .proposal_lifecycle import transition

PROPOSALS = [
    ("在地面停车场加装电动自行车充电桩", "co_building", 4_680_000,
     "楼道里充电、电瓶车上楼都有火灾隐患。建议在北侧地面停车场加装 20 个智能充电桩，扫码付费，"
     "收益计入小区公共收益。"),
    ("中心花园增设适老座椅和扶手", "co_building", 1_250_000,
     "中心花园的长椅太矮，老人坐下站起都很吃力。建议更换 8 张带扶手的适老座椅，步道台阶处加装扶手。"),
    ("每月第一个周六开展楼道杂物清理日", "co_governance", None,
     "楼道堆放杂物影响消防通道。建议每月第一个周六由楼栋长组织清理，志愿者计入时间银行。"),
]
MINUTES = """## 2026 年第三次居民议事会会议纪要

**出席**：陈委员等 4 人（应到 5 人，达到法定人数）。列席：社区工作者王芳。

### 一、电动自行车充电桩
- 物业介绍了北侧停车场的用电容量，可满足 20 个充电桩。
- 一名委员因亲属承接安装工程，声明利益冲突并回避表决。
- 表决通过，交由社区公示后实施。

### 二、中心花园适老座椅
- 居民代表反映老人如厕、休息不便，议事会一致认为应尽快实施。
- 表决通过。

### 三、楼道杂物清理日
- 部分委员认为应先由各楼栋自行商议，本次不作统一安排。
- 表决未通过，建议提交各楼栋会议讨论。

### 四、物业费收支季度通报
物业公司通报了第二季度公共收益收支情况，账目已在公告栏张贴。
"""


def _on_agenda(community, author, title, category, cost, body, rng):
    now = utcnow()
    proposal = Proposal(community_id=community.id, author_id=author.id, title=title, body=body,
                        category=category, estimated_cost=cost, status="draft",
                        support_count=rng.randint(12, 30), created_at=now - timedelta(days=40))
    db.session.add(proposal)
    db.session.flush()
    transition(proposal, "collecting", author)
    transition(proposal, "on_agenda", None, note="附议人数达到门槛")
    db.session.flush()
    # The demo tells a story of several weeks: date its first steps back.
    proposal.submitted_at = now - timedelta(days=38)
    for event, days in zip(proposal.events, (38, 20)):
        event.created_at = now - timedelta(days=days)
    db.session.commit()
    return proposal


def _evening(days_ago):
    """7 pm local time some days ago, when councils meet."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    day = datetime.now(zone).date() - timedelta(days=days_ago)
    return datetime.combine(day, time(19, 0), tzinfo=zone).astimezone(timezone.utc)


def _date_back(decision, when):
    """Date the steps a decision took when it came into effect back to that moment."""
    for proposal in decision.proposals:
        for event in proposal.events:
            if event.created_at > when and event.kind in ("status", "project"):
                event.created_at = when
        project = db.session.scalar(select(Project).where(Project.proposal_id == proposal.id))
        if project is not None:
            project.created_at = when
    db.session.commit()


def seed_councils(community, rng):
    """Hold the demo council's meeting and publish its decisions through the services."""
    council = db.session.scalar(select(Council).where(Council.community_id == community.id,
                                                      Council.building_id.is_(None)).order_by(Council.id))
    seats = council.current_members()
    chair = next(m.user for m in seats if m.role == "chair")
    secretary = next(m.user for m in seats if m.role == "secretary")
    members = {m.user_id for m in seats}
    people = db.session.scalars(select(User).where(User.community_id == community.id, User.status == "verified",
                                                   User.household_id.is_not(None)).order_by(User.id)).all()
    residents = [p for p in people if p.id not in members]
    authors = rng.sample(residents, len(PROPOSALS))
    proposals = [_on_agenda(community, author, *spec, rng) for author, spec in zip(authors, PROPOSALS)]

    now = utcnow()
    meeting = meetings.schedule_meeting(council, "2026 年第三次居民议事会", _evening(10),
                                        "社区党群服务中心二楼会议室", [p.id for p in proposals],
                                        ["物业费收支季度通报"], chair)
    present = [m.id for m in seats][:4]
    meetings.record_attendance(meeting, set(present), secretary)
    meetings.save_minutes(meeting, MINUTES, secretary)
    conflict = "本人亲属经营的电器公司参与安装投标"
    rolls = [["yes", "yes", "yes", "recused"], ["yes", "yes", "yes", "abstain"], ["yes", "no", "no", "abstain"]]
    for item, choices in zip(meeting.items, rolls):
        meetings.record_roll_call(item, {mid: (c, conflict if c == "recused" else "")
                                         for mid, c in zip(present, choices)}, secretary)

    benches = decisions.publish(
        meeting.items[1], "关于中心花园增设适老座椅和扶手的决议",
        "经 2026 年第三次居民议事会表决，同意更换中心花园 8 张长椅为带扶手的适老座椅，并在步道台阶处加装扶手，"
        "预算 12,500 元，从小区公共收益中列支。", "accept", secretary, now=now - timedelta(days=9))
    decisions.take_effect(benches, chair, now=now - timedelta(days=2))
    _date_back(benches, now - timedelta(days=2))
    charging = decisions.publish(
        meeting.items[0], "关于在地面停车场加装电动自行车充电桩的决议",
        "经 2026 年第三次居民议事会表决，同意在北侧地面停车场加装 20 个智能充电桩。安装单位通过公开比选确定，"
        "有利益关系的委员已回避表决。公示期内居民可提出异议。", "accept", secretary,
        now=now - timedelta(days=2))
    objector = rng.choice([p for p in residents if p not in authors])
    objection = decisions.file_objection(charging, objector, "充电桩离 3 号楼的儿童游乐区太近，"
                                         "充电时有安全隐患，建议改到东侧围墙边。", now=now - timedelta(days=1))
    decisions.answer_objection(objection, "感谢您的意见。经与物业现场勘察，充电桩将安装在东侧围墙边，"
                               "与游乐区保持 15 米以上距离，并加装防火隔离挡板。", secretary)

    project = db.session.scalar(select(Project).where(Project.proposal_id == benches.proposals[0].id))
    _track(project, secretary, rng)
    return meeting


def _track(project, actor, rng):
    today = date.today()
    projects.set_status(project, "in_progress", actor)
    for title, due, done in (("确定座椅款式并公示", -6, True), ("座椅和扶手进场安装", 5, False),
                             ("验收并公示费用明细", 14, False)):
        milestone = projects.add_milestone(project, title, today + timedelta(days=due), actor)
        if done:
            projects.complete_milestone(milestone, actor)
    projects.post_update(project, "座椅款式已经居民投票选定（木质扶手款），供应商下周送货。", [], actor)
    projects.post_update(project, "旧长椅已拆除，地面正在找平，施工期间请绕行东侧步道。", [], actor)
    for amount, what, days_ago in ((640_000, "适老座椅 8 张（含运费）", 4), (98_000, "不锈钢扶手材料", 2),
                                   (35_000 + rng.randint(0, 5000), "安装人工费（首期）", 1)):
        projects.record_spending(project, amount, what, today - timedelta(days=days_ago), actor)
