"""A community with two councils and a proposal waiting on an agenda, for the councils tests."""
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

from deliberation.extensions import db
from deliberation.models import Council
from deliberation.services import decisions, meetings

from .factories import make_agenda_proposal, make_council, make_user

NOW = datetime.now(timezone.utc)


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


def publish(app, world, effect="accept", published_days_ago=0, votes=("yes", "yes", "yes", "no"),
            council="council", proposal="proposal"):
    """Hold a meeting and publish a decision on the proposal through the services; return its id."""
    with app.app_context():
        seats = getattr(world, council)
        council_row = db.session.get(Council, seats.id)
        chair = council_row.members[0].user
        meeting = meetings.schedule_meeting(council_row, "议事会", NOW - timedelta(days=published_days_ago + 1),
                                            "活动室", [getattr(world, proposal)], [], chair)
        present = [m.id for m in council_row.members][:len(votes)]
        meetings.record_attendance(meeting, set(present), chair)
        item = meeting.items[0]
        meetings.record_roll_call(item, {mid: (v, "亲属" if v == "recused" else "") for mid, v in zip(present, votes)},
                                  chair)
        decision = decisions.publish(item, "关于加装充电桩的决议", "同意在地面停车场加装 **20 个**充电桩。", effect,
                                     chair, now=NOW - timedelta(days=published_days_ago))
        return decision.id
