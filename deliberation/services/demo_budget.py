"""Demo content for budgeting: the 2026 micro-fund in its voting phase, and last year's cycle explained (MES)."""
from datetime import date

from sqlalchemy import select

from ..extensions import db
from ..models import RoleGrant, User
from . import budget, budget_ballots, budget_tally, proposals

IDEAS_2026 = [
    ("中心花园加装休息长椅", "花园步道旁只有两张长椅，老人散步走累了没处坐，建议加装六张带靠背的长椅。", 860000),
    ("楼道感应灯全面更换", "1至3号楼楼道灯老化，夜里常常不亮，换成人体感应 LED 灯更省电也更安全。", 1250000),
    ("儿童游乐区铺设软垫", "滑梯下面是水泥地，孩子摔倒容易受伤，铺设安全软垫。", 980000),
    ("增设电动自行车充电桩", "楼道里飞线充电有火灾隐患，在北侧车棚增设 20 个充电口。", 1800000),
    ("社区读书角", "在活动室一角放书架和桌椅，居民捐书、共享阅读。", 420000),
    ("屋顶雨水花园", "利用3号楼屋顶雨水浇灌花园，既节水又美观。", 2300000),
    ("大门口无障碍坡道", "轮椅和婴儿车进出小区大门不方便，改建无障碍坡道并加扶手。", 1500000),
]
IDEAS_2025 = [
    ("垃圾分类亭加装洗手池", "倒完垃圾能就近洗手。", 600000),
    ("健身器材更新", "老旧的健身器材有安全隐患，更换一批。", 1500000),
    ("楼栋信息公告屏", "每栋楼门厅装电子公告屏，通知不再贴满墙。", 2000000),
    ("绿化补种", "补种小区东侧枯死的绿篱和树木。", 800000),
    ("老年食堂餐桌椅", "为社区老年助餐点添置桌椅。", 500000),
]


def _cycle(community, worker, authors, title, ideas, fund, rng, **settings):
    items = [proposals.create(rng.choice(authors), name, body, "co_building", None, cost, submit=True)
             for name, body, cost in ideas]
    cycle = budget.open_cycle(community.id, worker, title, fund, **settings)
    budget.add_candidates(cycle, worker, [p.id for p in items])
    budget.move_phase(cycle, worker)  # review
    for project in cycle.projects:
        budget.review_project(project, worker, project.cost, True)
    budget.move_phase(cycle, worker)  # voting
    return cycle


def _vote(cycle, voters, rng, favourites):
    """Cast approval ballots leaning towards the favourite projects, as a real neighbourhood would."""
    codes = [p.code for p in cycle.projects]
    for person in voters:
        picks = [c for i, c in enumerate(codes) if rng.random() < (0.7 if i in favourites else 0.3)]
        budget_ballots.cast(cycle.id, person, picks or [rng.choice(codes)])


def seed_budget(community, rng):
    """Create the 2026 社区微基金 in its voting phase and the 2025 cycle with its explained MES result."""
    worker = db.session.scalar(select(User).join(RoleGrant).where(User.community_id == community.id,
                                                                  RoleGrant.role == "worker").order_by(User.id))
    people = db.session.execute(select(User).where(User.community_id == community.id, User.status == "verified",
                                                   User.household_id.is_not(None)).order_by(User.id)).scalars().all()
    past = _cycle(community, worker, people, "2025 年社区公共收益分配", IDEAS_2025, 3_000_000, rng,
                  description="电梯广告和停车收益中的 3 万元，由居民投票决定用途。", rule="mes",
                  result_on=date(2025, 11, 10))
    # Its ballots are replayed today, so the closing date is set once they are in.
    past.voting_until = None
    _vote(past, rng.sample(people, min(40, len(people))), rng, {0, 3, 4})
    past.voting_until = date(2025, 10, 31)
    budget.move_phase(past, worker)  # result
    budget_tally.start_tally(past, worker, background=False)
    budget.move_phase(past, worker)  # implementation
    current = _cycle(community, worker, people, "2026 社区微基金", IDEAS_2026, 5_000_000, rng,
                     description="社区微基金 5 万元，用于居民提出的小微项目。每位居民可以勾选任意多个支持的项目。",
                     rule="mes", ideas_until=date(2026, 9, 30), review_until=date(2026, 10, 31),
                     voting_until=date(2026, 12, 20), result_on=date(2026, 12, 31))
    _vote(current, rng.sample(people, min(30, len(people))), rng, {0, 1, 4})
    return current, past
