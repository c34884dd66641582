"""A realistic demo community: 3 buildings, 120 households, 60 residents, a council, staff."""
import io
import random
from datetime import date, timedelta

from ..domain.age import BirthDate
from ..extensions import db
from ..models import Building, Community, Council, CouncilMember
from . import audit, households, invites, residents, staff
from .community import default_community

PASSWORD = "demo1234"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = ("秀英 桂英 秀兰 玉兰 桂兰 淑珍 建华 建国 建军 志强 志明 国强 国华 海燕 海涛 丽娟 丽华 "
         "晓明 晓燕 文静 文博 子涵 梓萱 浩然 宇轩 雨桐 欣怡 俊杰 伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 涛 明 超 霞 平 刚 桂芳").split()
STAFF = [
    ("周建国", "13900000000", ("admin", "worker")),
    ("王芳", "13900000001", ("worker",)),
    ("赵敏", "13900000002", ("auditor",)),
]
COUNCIL_ROLES = ("chair", "secretary", "member", "member", "member")


def _name(rng):
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _owner_birth(births):
    """An owner's date of birth as the register writes it (1941-1996); older records hold only the year."""
    born = date(births.randint(1941, 1996), births.randint(1, 12), births.randint(1, 28))
    return str(born.year) if births.random() < 0.1 else f"{born.year}/{born.month}/{born.day}"


def register_csv(rng):
    """Build the register as a community office would export it from Excel (GBK CSV)."""
    births = random.Random(1949)  # its own sequence: the other demo data stay as they were
    lines = ["楼栋,单元,房号,面积,业主姓名,联系电话,出生日期"]
    for building in (1, 2, 3):
        for unit in (1, 2):
            for floor in range(1, 11):
                for door, base in ((1, 8956), (2, 12380)):
                    area = base + rng.randint(-600, 600)
                    lines.append(f"{building}号楼,{unit},{floor}{door:02d},{area // 100}.{area % 100:02d},"
                                 f"{_name(rng)},1{rng.choice('35789')}{rng.randint(0, 999999999):09d},"
                                 f"{_owner_birth(births)}")
    return ("\r\n".join(lines) + "\r\n").encode("gbk")


def record_family_births(family, worker, today):
    """The office records the second residents' dates of birth: three are teenagers, two not yet recorded.

    Owners got theirs from the register when they registered.
    """
    births = random.Random(18)
    for index, person in enumerate(family):
        if index < 3:  # minors: 15, 16 and 17 on the day the demo is seeded
            birthday = date(today.year - 15 - index, today.month, min(today.day, 28))
            birth = BirthDate(birthday - timedelta(days=births.randint(0, 300)))
        elif index < 5:
            continue  # not recorded yet: a vote of adult residents warns about them
        elif index == 5:
            birth = BirthDate(date(births.randint(1950, 1970), 1, 1), year_only=True)
        else:
            birth = BirthDate(date(births.randint(1960, 2004), births.randint(1, 12), births.randint(1, 28)))
        residents.set_birth_date(person, birth, worker)


def seed(if_empty=False):
    """Create the demo community; return False if one exists and if_empty is set."""
    if if_empty and default_community() is not None:
        return False
    rng = random.Random(278)
    community = Community(name="幸福里社区", address="上海市浦东新区幸福路 278 弄")
    community.buildings = [Building(name=f"{n}号楼", sort_key=n) for n in (1, 2, 3)]
    db.session.add(community)
    audit.record(None, "community.create", None, name=community.name)
    db.session.commit()

    admin, worker, auditor = (staff.create_staff(name, phone, None, PASSWORD, roles, community)
                              for name, phone, roles in STAFF)
    created, _, errors = households.import_register(community, register_csv(rng), worker)
    if errors or created != 120:
        raise RuntimeError(f"demo register did not import cleanly: {errors}")

    all_households = [h for b in community.buildings for h in b.households]
    codes = dict((h.id, code) for h, code in invites.generate(all_households, worker))
    people = []
    # 45 households register one resident each; 15 of them a second one (family or tenant).
    chosen = rng.sample(all_households, 45)
    for index in range(60):
        household = chosen[index % 45] if index < 45 else chosen[index - 45]
        code = codes.pop(household.id, None)
        if code is None:
            code = invites.generate([household], worker)[0][1]
        occupancy = "owner" if index < 45 else rng.choice(("owner", "tenant"))
        person = invites.register(community, code, household.owner_name if index < 45 else _name(rng),
                                  f"138{index + 1:08d}", None, PASSWORD, occupancy)
        people.append(person)
    record_family_births(people[45:], worker, households.local_today())

    council = Council(community_id=community.id, name="幸福里社区居民议事会")
    db.session.add(council)
    for person, role in zip(people[:5], COUNCIL_ROLES):
        council.members.append(CouncilMember(user_id=person.id, role=role, term_start=date(2026, 1, 1),
                                             term_end=date(2028, 12, 31)))
    db.session.flush()
    audit.record(worker, "council.create", council, members=[p.id for p in people[:5]])
    db.session.commit()
    for person in people[:5]:
        residents.grant_role(person, "council", worker)
    for building in community.buildings:
        captain = next(p for p in people[5:] if p.household.building_id == building.id)
        residents.grant_role(captain, "captain", worker, building)
    seed_areas(community, rng)
    return True


def seed_areas(community, rng):
    """Bring each area to life: proposals and boards, the council's work, sharing, votes."""
    from .demo_budget import seed_budget
    from .demo_councils import seed_councils
    from .demo_deliberation import seed_deliberation
    from .demo_sharing import seed_sharing
    from .demo_votes import seed_votes

    for seed_area in (seed_deliberation, seed_councils, seed_sharing, seed_votes, seed_budget):
        seed_area(community, rng)
