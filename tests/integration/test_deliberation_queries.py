"""The proposal list and a thread issue the same number of SQL statements whatever their length."""
from contextlib import contextmanager

from sqlalchemy import event, select

from deliberation.extensions import db
from deliberation.models import Comment, User
from deliberation.services import comments

from ..factories import make_proposal, make_thread, make_user


@contextmanager
def counting(app):
    """Count the statements the app's engine runs meanwhile."""
    with app.app_context():
        engine = db.engine
    statements = []

    def before(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before)


def count_get(app, client, url):
    with counting(app) as statements:
        response = client.get(url)
    assert response.status_code == 200
    return len(statements)


def add_proposals(app, community, n, start):
    with app.app_context():
        for i in range(n):
            make_proposal(community.resident_a, title=f"提案{start + i}",
                          building_id=community.building_a.id if i % 2 else None)


def test_proposal_list_query_count_does_not_grow_with_its_length(app, client, auth, community):
    add_proposals(app, community, 2, 0)
    auth.login(community.worker)
    short = count_get(app, client, "/proposals/")
    add_proposals(app, community, 18, 2)
    long = count_get(app, client, "/proposals/")
    assert long == short


def add_comments(app, thread_id, people, n):
    with app.app_context():
        thread = db.session.get(comments.Thread, thread_id)
        for i in range(n):
            author = db.session.get(User, people[i % len(people)].id)
            top = comments.post_comment(thread, author, f"意见{i}")
            reply = comments.post_comment(thread, db.session.get(User, people[(i + 1) % len(people)].id),
                                          f"回复{i}", top.id)
            comments.react(db.session.get(Comment, reply.id), author, "agree")


def test_thread_query_count_does_not_grow_with_its_length(app, client, auth, community):
    with app.app_context():
        tid = make_thread(community.resident_a, community.building_a.id)
        pid = make_proposal(community.resident_a)
        ptid = db.session.execute(select(comments.Thread.id).where(comments.Thread.proposal_id == pid)).scalar()
        extra = make_user(community.id, "孙七", "13700000041", community.households[1].id)
    people = [community.resident_a, extra]
    auth.login(community.resident_a)
    add_comments(app, tid, people, 2)
    add_comments(app, ptid, people + [community.resident_b], 2)
    counts = {}
    for order in ("new", "agreed", "common"):
        counts[order] = (count_get(app, client, f"/threads/{tid}?order={order}"),
                         count_get(app, client, f"/proposals/{pid}?order={order}"))
    add_comments(app, tid, people, 15)
    add_comments(app, ptid, people + [community.resident_b], 15)
    for order in ("new", "agreed", "common"):
        assert (count_get(app, client, f"/threads/{tid}?order={order}"),
                count_get(app, client, f"/proposals/{pid}?order={order}")) == counts[order], order
