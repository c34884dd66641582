"""A community with two councils and a proposal waiting on an agenda, for the councils tests."""
from types import SimpleNamespace

from .factories import make_agenda_proposal, make_council, make_user


def build(community):
    """Seat a five-member community council and a building-B council; return plain ids."""
    cid, homes = community.id, community.households
    a_home, b_home = homes[1].id, homes[5].id
    chair = make_user(cid, "陈主任", "13700000001", a_home)
    secretary = make_user(cid, "林秘书", "13700000002", a_home)
    m1 = make_user(cid, "吴委员", "13700000003", b_home)
    m2 = make_user(cid, "郑委员", "13700000004", b_home)
    m3 = make_user(cid, "孙委员", "13700000005", homes[2].id)
    b_chair = make_user(cid, "钱楼长", "13700000006", homes[6].id)
    b_secretary = make_user(cid, "冯秘书", "13700000007", homes[7].id)
    council = make_council(cid, [(chair.id, "chair"), (secretary.id, "secretary"), (m1.id, "member"),
                                 (m2.id, "member"), (m3.id, "member")])
    b_council = make_council(cid, [(b_chair.id, "chair"), (b_secretary.id, "secretary")],
                             building_id=community.building_b.id, name="2号楼楼委会")
    proposal = make_agenda_proposal(cid, community.resident_a.id, "小区加装电动车充电桩", estimated_cost=1_280_000)
    b_proposal = make_agenda_proposal(cid, community.resident_b.id, "2号楼楼道粉刷",
                                      building_id=community.building_b.id)
    return SimpleNamespace(chair=chair, secretary=secretary, members=[chair, secretary, m1, m2, m3],
                           council=council, b_council=b_council, b_chair=b_chair, b_secretary=b_secretary,
                           proposal=proposal, b_proposal=b_proposal)
