"""Building boards and comment threads: visibility, replies, corrections, reactions, moderation, rate limit."""
from datetime import timedelta

from sqlalchemy import func, select

from deliberation.extensions import db
from deliberation.models import AuditEntry, Comment, Flag, Notification, Reaction, Thread

from ..factories import make_thread, make_user

HX = {"HX-Request": "true"}


def first_comment_id(app, thread_id):
    with app.app_context():
        return db.session.scalar(select(func.min(Comment.id)).where(Comment.thread_id == thread_id))


def test_building_board_is_hidden_from_other_buildings(app, client, auth, community):
    with app.app_context():
        tid = make_thread(community.resident_a, community.building_a.id)
    auth.login(community.resident_b)
    assert client.get(f"/boards/building/{community.building_a.id}").status_code == 404
    assert client.get(f"/threads/{tid}").status_code == 404
    auth.logout()
    auth.login(community.worker)
    assert client.get(f"/threads/{tid}").status_code == 200


def test_resident_starts_a_topic_on_their_building_board(app, client, auth, community):
    auth.login(community.resident_a)
    response = client.post(f"/boards/building/{community.building_a.id}",
                           data={"title": "电动车充电", "body": "楼下能装充电桩吗？"})
    assert response.status_code == 303
    with app.app_context():
        thread = db.session.execute(select(Thread)).scalar_one()
        assert thread.building_id == community.building_a.id and thread.comment_count == 1


def test_empty_topic_is_refused_with_422(app, client, auth, community):
    auth.login(community.resident_a)
    assert client.post("/boards/community", data={"title": "", "body": ""}).status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count(Thread.id))) == 0


def test_htmx_comment_is_returned_for_insertion(app, client, auth, community):
    with app.app_context():
        tid = make_thread(community.resident_a)
    auth.login(community.resident_b)
    response = client.post(f"/threads/{tid}/comments", data={"body": "同意，尽快修"}, headers=HX)
    assert response.status_code == 200
    html = response.get_data(as_text=True).lstrip()
    assert html.startswith('<li id="comment-') and "同意，尽快修" in html


def test_reply_to_a_reply_attaches_to_the_top_level_comment(app, client, auth, community):
    with app.app_context():
        tid = make_thread(community.resident_a)
    top = first_comment_id(app, tid)
    auth.login(community.resident_b)
    client.post(f"/threads/{tid}/comments", data={"body": "第一条回复", "parent_id": top})
    with app.app_context():
        reply = db.session.execute(select(Comment).where(Comment.parent_id == top)).scalar_one()
    client.post(f"/threads/{tid}/comments", data={"body": "回复的回复", "parent_id": reply.id})
    with app.app_context():
        assert db.session.scalar(select(func.count(Comment.id)).where(Comment.parent_id == top)) == 2
        assert db.session.scalar(select(func.count(Comment.id)).where(Comment.parent_id == reply.id)) == 0
        kinds = db.session.execute(select(Notification.kind).where(
            Notification.user_id == community.resident_a.id)).scalars().all()
        assert "comment.reply" in kinds


def test_comment_can_be_corrected_within_15_minutes_and_is_marked_edited(app, client, auth, community):
    with app.app_context():
        tid = make_thread(community.resident_a)
    cid = first_comment_id(app, tid)
    auth.login(community.resident_a)
    assert client.post(f"/comments/{cid}/edit", data={"body": "改过的内容"}).status_code == 303
    page = client.get(f"/threads/{tid}").get_data(as_text=True)
    assert "改过的内容" in page and ("edited" in page or "已编辑" in page)


def test_comment_cannot_be_corrected_after_15_minutes(app, client, auth, community):
    with app.app_context():
        tid = make_thread(community.resident_a)
        comment = db.session.execute(select(Comment).where(Comment.thread_id == tid)).scalar_one()
        comment.created_at = comment.created_at - timedelta(minutes=16)
        db.session.commit()
        cid = comment.id
    auth.login(community.resident_a)
    assert client.post(f"/comments/{cid}/edit", data={"body": "太晚了"}).status_code == 422
    with app.app_context():
        assert db.session.get(Comment, cid).body == "三楼的灯不亮了"


def test_other_resident_cannot_edit_a_comment(app, client, auth, community):
    with app.app_context():
        tid = make_thread(community.resident_a)
    cid = first_comment_id(app, tid)
    auth.login(community.resident_b)
    assert client.post(f"/comments/{cid}/edit", data={"body": "冒充"}).status_code == 404


def test_reactions_count_once_and_toggle(app, client, auth, community):
    with app.app_context():
        tid = make_thread(community.resident_a)
    cid = first_comment_id(app, tid)
    auth.login(community.resident_b)
    response = client.post(f"/comments/{cid}/react", data={"kind": "agree"}, headers=HX)
    assert response.get_data(as_text=True).lstrip().startswith(f'<div id="reactions-{cid}"')
    client.post(f"/comments/{cid}/react", data={"kind": "disagree"}, headers=HX)
    with app.app_context():
        comment = db.session.get(Comment, cid)
        assert (comment.agree_count, comment.disagree_count) == (0, 1)
    client.post(f"/comments/{cid}/react", data={"kind": "disagree"}, headers=HX)
    with app.app_context():
        assert db.session.get(Comment, cid).disagree_count == 0
        assert db.session.scalar(select(func.count(Reaction.id))) == 0


def test_unknown_reaction_is_refused(app, client, auth, community):
    with app.app_context():
        tid = make_thread(community.resident_a)
    cid = first_comment_id(app, tid)
    auth.login(community.resident_b)
    assert client.post(f"/comments/{cid}/react", data={"kind": "love"}, headers=HX).status_code == 422


def test_common_ground_puts_what_both_buildings_agree_on_first(app, client, auth, community):
    with app.app_context():
        tid = make_thread(community.worker, None, "小区停车", "大家怎么看？")
        a2 = make_user(community.id, "陈一", "13700000021", community.households[1].id)
        b2 = make_user(community.id, "陈二", "13700000022", community.households[5].id)
    ids = []
    for body in ("只许本楼停车", "装更多路灯"):
        auth.login(community.resident_a)
        client.post(f"/threads/{tid}/comments", data={"body": body})
        auth.logout()
    with app.app_context():
        divisive, shared = db.session.execute(select(Comment.id).where(
            Comment.thread_id == tid, Comment.body.in_(("只许本楼停车", "装更多路灯"))).order_by(Comment.id)).scalars()
        ids = [divisive, shared]
    votes = [(community.resident_a, ("agree", "agree")), (a2, ("agree", "agree")),
             (community.resident_b, ("disagree", "agree")), (b2, ("disagree", "pass"))]
    for person, kinds in votes:
        auth.login(person)
        for cid, kind in zip(ids, kinds):
            client.post(f"/comments/{cid}/react", data={"kind": kind})
        auth.logout()
    auth.login(community.resident_a)
    agreed = client.get(f"/threads/{tid}?order=agreed").get_data(as_text=True)
    common = client.get(f"/threads/{tid}?order=common").get_data(as_text=True)
    assert common.index("装更多路灯") < common.index("只许本楼停车")
    assert agreed.index("装更多路灯") < agreed.index("只许本楼停车")
    groups = client.get(f"/comments/{ids[0]}/groups", headers=HX).get_data(as_text=True)
    assert groups.lstrip().startswith(f'<div id="groups-{ids[0]}"') and "1号楼" in groups and "2号楼" in groups


def test_captain_hides_a_comment_in_their_building_and_the_author_is_told(app, client, auth, community):
    with app.app_context():
        tid = make_thread(community.resident_a, community.building_a.id)
        captain = make_user(community.id, "楼长", "13700000031", community.households[1].id,
                            roles=(("captain", community.building_a.id),))
    cid = first_comment_id(app, tid)
    auth.login(community.resident_a)
    client.post(f"/comments/{cid}/flag", data={"reason": "广告"})
    auth.logout()
    auth.login(captain)
    assert client.post(f"/comments/{cid}/hide", data={"reason": "与楼栋事务无关"}).status_code == 303
    assert "与楼栋事务无关" in client.get(f"/threads/{tid}").get_data(as_text=True)
    auth.logout()
    with app.app_context():
        other = make_user(community.id, "邻居", "13700000032", community.households[2].id)
        assert db.session.get(Comment, cid).hidden_at is not None
        assert db.session.execute(select(Flag.resolved_at)).scalar_one() is not None
        assert db.session.execute(select(Notification.kind).where(
            Notification.user_id == community.resident_a.id)).scalars().all() == ["comment.hidden"]
        assert "comment.hide" in db.session.execute(select(AuditEntry.action)).scalars().all()
    auth.login(other)
    page = client.get(f"/threads/{tid}").get_data(as_text=True)
    assert "三楼的灯不亮了" not in page


def test_captain_cannot_moderate_another_building(app, client, auth, community):
    with app.app_context():
        tid = make_thread(community.worker, None)
        captain = make_user(community.id, "楼长", "13700000031", community.households[1].id,
                            roles=(("captain", community.building_a.id),))
    cid = first_comment_id(app, tid)
    auth.login(captain)
    assert client.post(f"/comments/{cid}/hide", data={"reason": "不喜欢"}).status_code == 404
    with app.app_context():
        assert db.session.get(Comment, cid).hidden_at is None


def test_posting_is_rate_limited_per_user(make_app):
    app = make_app(RATELIMIT_ENABLED=True, POSTING_RATE_LIMIT="3 per minute")
    from ..conftest import AuthActions, ON_POSTGRES, _empty_tables
    from ..factories import Community

    with app.app_context():
        if ON_POSTGRES:
            _empty_tables()
        community = Community.build()
        tid = make_thread(community.resident_a)
    client = app.test_client()
    AuthActions(client).login(community.resident_b)
    statuses = [client.post(f"/threads/{tid}/comments", data={"body": f"第{i}条"}).status_code for i in range(5)]
    assert statuses == [303, 303, 303, 429, 429]
    other = app.test_client()
    AuthActions(other).login(community.resident_a)
    assert other.post(f"/threads/{tid}/comments", data={"body": "我还能发"}).status_code == 303


def test_common_ground_can_compare_owners_and_tenants(app, client, auth, community):
    with app.app_context():
        tid = make_thread(community.worker, None, "楼下商铺噪音", "大家怎么看？")
        tenant_a = make_user(community.id, "租户甲", "13700000061", community.households[1].id, occupancy="tenant")
        tenant_b = make_user(community.id, "租户乙", "13700000062", community.households[6].id, occupancy="tenant")
        owner_b = make_user(community.id, "业主甲", "13700000070", community.households[5].id)
    auth.login(community.worker)
    for body in ("商铺晚上十点后停业", "加装隔音窗"):
        client.post(f"/threads/{tid}/comments", data={"body": body})
    auth.logout()
    with app.app_context():
        owners_only, shared = db.session.execute(select(Comment.id).where(
            Comment.thread_id == tid, Comment.body.in_(("商铺晚上十点后停业", "加装隔音窗"))).order_by(Comment.id)).scalars()
    # Owners want the shops closed and tenants do not; building 1 is lukewarm about the windows.
    votes = [(community.resident_a, "agree", "pass"), (community.resident_b, "agree", "agree"),
             (owner_b, "agree", "agree"), (tenant_a, "disagree", "pass"), (tenant_b, "disagree", "agree")]
    for person, first, second in votes:
        auth.login(person)
        client.post(f"/comments/{owners_only}/react", data={"kind": first})
        client.post(f"/comments/{shared}/react", data={"kind": second})
        auth.logout()
    auth.login(community.resident_a)
    by_occupancy = client.get(f"/threads/{tid}?order=common&by=occupancy").get_data(as_text=True)
    by_building = client.get(f"/threads/{tid}?order=common&by=building").get_data(as_text=True)
    assert by_occupancy.index("加装隔音窗") < by_occupancy.index("商铺晚上十点后停业")
    assert by_building.index("商铺晚上十点后停业") < by_building.index("加装隔音窗")
