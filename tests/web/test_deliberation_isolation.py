"""Building isolation, walked over app.url_map: building B's objects are 404 to building A, and stay unchanged."""
import io

import pytest
from PIL import Image
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from deliberation.extensions import db
from deliberation.models import Comment, ProposalImage, User
from deliberation.services import comments, notifications, uploads

from ..factories import make_proposal, make_thread

AREA_BLUEPRINTS = ("proposals", "threads", "notifications", "search")


def _png():
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(out, "PNG")
    out.seek(0)
    return FileStorage(out, "p.png")


def building_b_objects(app, community):
    """Create, in building B, one of every object a deliberation route can name; return their ids."""
    with app.test_request_context():
        pid = make_proposal(community.resident_b, title="2号楼加装电梯", building_id=community.building_b.id)
        name = uploads.save_image(_png(), "proposals")
        image = ProposalImage(proposal_id=pid, stored_name=name, position=0)
        db.session.add(image)
        tid = make_thread(community.resident_b, community.building_b.id)
        author = db.session.get(User, community.resident_b.id)
        thread_comment = db.session.execute(select(Comment).where(Comment.thread_id == tid)).scalar_one()
        comments.post_comment(thread_comment.thread, author, "回复", thread_comment.id)
        notifications.notify([author], "comment.reply", link="/", name="x", title="y")
        db.session.commit()
        from deliberation.models import Notification
        nid = db.session.execute(select(Notification.id)).scalar_one()
        return {"proposal_id": pid, "image_id": image.id, "thread_id": tid, "comment_id": thread_comment.id,
                "building_id": community.building_b.id, "notification_id": nid}


def snapshot():
    """Every row of every table: nothing may change when the request is refused."""
    return {t.name: db.session.execute(t.select().order_by(*t.primary_key.columns)).all()
            for t in db.metadata.sorted_tables}


def area_rules(app):
    # A rule whose id has a default (the community board) names no object of a building.
    return [r for r in app.url_map.iter_rules()
            if r.endpoint.split(".")[0] in AREA_BLUEPRINTS and r.arguments - set(r.defaults or {})]


def test_every_id_route_of_the_area_is_known_to_this_test(app):
    known = {"proposal_id", "image_id", "thread_id", "comment_id", "building_id", "notification_id"}
    rules = area_rules(app)
    assert len(rules) >= 15
    for rule in rules:
        assert rule.arguments <= known, f"{rule.rule} takes an id this test does not fill in"


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_resident_of_other_building_gets_404_and_nothing_changes(app, client, auth, community, tmp_path, method):
    app.instance_path = str(tmp_path)
    ids = building_b_objects(app, community)
    auth.login(community.resident_a)
    with app.app_context():
        before = snapshot()
    checked = []
    for rule in area_rules(app):
        if method not in rule.methods:
            continue
        url = rule.build({arg: ids[arg] for arg in rule.arguments})[1]
        response = client.open(url, method=method, data={"reason": "x", "body": "x", "kind": "agree",
                                                        "title": "x", "note": "x"})
        assert response.status_code == 404, f"{method} {url} answered {response.status_code}"
        response.close()
        checked.append(url)
    with app.app_context():
        assert snapshot() == before
    assert checked


def test_the_owner_of_those_objects_can_open_them(app, client, auth, community, tmp_path):
    """The control: the 404s above come from isolation, not from broken fixtures."""
    app.instance_path = str(tmp_path)
    ids = building_b_objects(app, community)
    auth.login(community.resident_b)
    for rule in area_rules(app):
        if "GET" not in rule.methods or rule.endpoint == "proposals.edit":
            continue
        url = rule.build({arg: ids[arg] for arg in rule.arguments})[1]
        response = client.get(url)
        assert response.status_code in (200, 303), f"GET {url} answered {response.status_code}"
        response.close()
