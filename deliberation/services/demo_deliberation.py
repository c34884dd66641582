"""Demo content for deliberation: a dozen proposals in every status, supports, and lively Chinese threads."""
from sqlalchemy import select

from ..extensions import db
from ..models import RoleGrant, User
from . import comments, proposals, support
from .proposal_lifecycle import transition

# (title, category, building index or None, cost in yuan, final status, body)
PROPOSALS = [
    ("1号楼2单元加装电梯", "co_building", 0, 680000, "voting",
     "我们单元住了不少七八十岁的老人，买菜上下楼很困难。\n\n- 按《民法典》第278条征求业主意见\n"
     "- 费用按楼层分摊，一楼不出资\n- 申请政府加装电梯补贴（每台最高 20 万元）"),
    ("楼道灯更换为声控LED灯", "co_governance", 1, 4800, "completed",
     "2号楼楼道灯老化，晚上经常不亮。建议统一换成**声控 LED 灯**，省电也安全。"),
    ("共享工具间", "sharing", None, 12000, "collecting",
     "把物业旁边闲置的储物间改成共享工具间：电钻、梯子、扳手大家借用，登记借还。"),
    ("垃圾分类督导志愿者轮值", "co_governance", None, None, "on_agenda",
     "早晚高峰在垃圾房旁安排志愿者督导分类，每人每月两次，计入时间银行。"),
    ("儿童游乐区改造", "co_building", None, 150000, "accepted",
     "现在的滑梯生锈了，地面是水泥的。建议换成塑胶地面，增加秋千和沙坑，旁边放几张长椅给家长。"),
    ("3号楼屋顶防水维修", "co_building", 2, 86000, "in_progress",
     "顶楼几户每逢下雨就渗水，需要动用维修资金做整体防水。"),
    ("小区电动车集中充电棚", "co_building", None, 45000, "collecting",
     "楼道里充电太危险了。建议在北门空地建一个带智能充电桩的车棚，按度收费。"),
    ("周末二手物品交换集市", "sharing", None, 0, "rejected",
     "每月第一个周六上午在中心花园摆摊交换旧物。"),
    ("2号楼门禁系统升级", "co_governance", 1, 23000, "collecting",
     "单元门禁经常坏，外卖员随意进出。建议升级为人脸识别加刷卡。"),
    ("中心花园增设遮阳凉亭", "co_building", None, 38000, "withdrawn",
     "夏天下棋的老人没有地方遮阳。"),
    ("建立楼栋微信群公约", "co_governance", 0, None, "collecting",
     "群里广告太多，建议制定公约：不发广告、不传谣言、重要通知置顶。"),
    ("社区图书角", "sharing", None, 3000, "draft", "在活动室放两个书架，大家捐书、借书。"),
]
BOARD_TOPICS = [
    (0, "1号楼电梯方案讨论", ["一楼的住户也要考虑采光问题。", "补贴政策我去街道问过了，今年还有名额。",
                          "费用分摊表能不能先公布出来？"]),
    (1, "2号楼楼道堆物清理", ["三楼楼梯口的旧沙发谁家的？消防检查要来了。", "周六上午大家一起清理吧。"]),
    (2, "3号楼漏水情况登记", ["602 卫生间天花板渗水。", "501 也有，物业说要等维修资金批下来。"]),
    (None, "中秋节邻里活动建议", ["可以办个包饺子比赛！", "小朋友做灯笼，老人教剪纸。", "需要志愿者的话算我一个。"]),
]
STEP_NOTES = {"voting": "提交业主表决", "accepted": "议事会审议通过", "rejected": "经议事会讨论，暂不实施",
              "in_progress": "已确定施工单位", "completed": "已验收", "withdrawn": "和物业协商后另行处理"}
REPLIES = ["同意！", "这个想法好，支持。", "费用再细化一下就更好了。", "我家也遇到过这个问题。", "能不能先试点？"]


def _residents(community):
    users = db.session.execute(select(User).where(User.community_id == community.id, User.status == "verified",
                                                  User.household_id.is_not(None)).order_by(User.id)).scalars().all()
    return users


def _staff(community):
    return db.session.execute(select(User).join(RoleGrant).where(
        User.community_id == community.id, RoleGrant.role == "worker").order_by(User.id)).scalars().first()


def _path(final):
    """The statuses a proposal passes through to reach final, after collecting."""
    paths = {"on_agenda": ["on_agenda"], "voting": ["on_agenda", "voting"], "accepted": ["on_agenda", "accepted"],
             "rejected": ["on_agenda", "rejected"], "in_progress": ["on_agenda", "accepted", "in_progress"],
             "completed": ["on_agenda", "accepted", "in_progress", "completed"], "withdrawn": ["withdrawn"]}
    return paths.get(final, [])


def seed_deliberation(community, rng):
    """Create proposals, supports, comments and board topics through the services."""
    people = _residents(community)
    worker = _staff(community)
    buildings = list(community.buildings)
    proposals.update_settings(community.id, worker, 12, 20, "")
    created = []
    for title, category, b_index, cost, final, body in PROPOSALS:
        building = buildings[b_index] if b_index is not None else None
        in_scope = [p for p in people if building is None or p.building_id == building.id]
        author = rng.choice(in_scope)
        proposal = proposals.create(author, title, body, category, building.id if building else None,
                                    cost * 100 if cost is not None else None, submit=final != "draft")
        created.append((proposal, in_scope))
        if final == "draft":
            continue
        supporters = [p for p in in_scope if p.id != author.id]
        rng.shuffle(supporters)
        wanted = rng.randint(3, 9) if final in ("collecting", "withdrawn") else len(supporters)
        for person in supporters[:wanted]:
            current = db.session.get(type(proposal), proposal.id)
            if current.status != "collecting":
                break
            support.support(proposal.id, person)
        proposal = db.session.get(type(proposal), proposal.id)
        for step in _path(final):
            if proposal.status == step:
                continue
            actor = author if step == "withdrawn" else worker
            transition(proposal, step, actor, note=STEP_NOTES.get(step, ""))
            db.session.commit()
    for proposal, in_scope in created:
        if proposal.status == "draft":
            continue
        _discuss(proposals.proposal_thread(proposal), in_scope, rng)
    for b_index, title, lines in BOARD_TOPICS:
        building = buildings[b_index] if b_index is not None and b_index < len(buildings) else None
        in_scope = [p for p in people if building is None or p.building_id == building.id]
        thread = comments.start_thread(rng.choice(in_scope), building.id if building else None, title, lines[0])
        _discuss(thread, in_scope, rng, lines[1:])
    return len(created)


def _discuss(thread, people, rng, lines=()):
    """Add comments, a reply or two, and reactions from neighbours."""
    bodies = list(lines) or rng.sample(REPLIES, 2)
    for body in bodies:
        comment = comments.post_comment(thread, rng.choice(people), body)
        if rng.random() < 0.6:
            comments.post_comment(thread, rng.choice(people), rng.choice(REPLIES), comment.id)
        for person in rng.sample(people, min(len(people), rng.randint(2, 8))):
            comments.react(comment, person, rng.choices(("agree", "disagree", "pass"), (6, 2, 1))[0])
