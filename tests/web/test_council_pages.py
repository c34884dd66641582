"""The councils pages render in both languages with no inline script, and partials keep a stable root."""
import re

import pytest
from sqlalchemy import select

from deliberation.extensions import db
from deliberation.models import Meeting, Project

from .. import council_world
from ..council_world import publish


@pytest.fixture
def paths(app, community):
    with app.app_context():
        world = council_world.build(community)
    decision_id = publish(app, world, published_days_ago=8)
    with app.app_context():
        meeting_id = db.session.scalars(select(Meeting.id)).one()
    return world, ["/councils/", f"/councils/{world.council.id}", f"/councils/{world.council.id}/meetings/new",
                   f"/councils/meetings/{meeting_id}", "/decisions/", f"/decisions/{decision_id}",
                   f"/decisions/{decision_id}/print", "/projects/"]


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_pages_render_without_inline_script(app, client, auth, paths, locale):
    world, urls = paths
    client.set_cookie("lang", locale)
    auth.login(world.chair)
    for url in urls + ["project"]:
        if url == "project":
            # Viewing the due decision above put it into effect and started its project.
            with app.app_context():
                url = f"/projects/{db.session.scalars(select(Project.id)).one()}"
        response = client.get(url)
        page = response.get_data(as_text=True)
        assert response.status_code == 200, url
        assert re.findall(r"<script(?![^>]*\bsrc=)", page) == [], url
        assert not re.search(r"\son[a-z]+=", page), url


def test_objections_partial_has_one_stable_root(client, auth, paths, community):
    world, urls = paths
    auth.login(community.resident_a)
    html = client.get(urls[5], headers={"HX-Request": "true"}).get_data(as_text=True).strip()
    assert html.startswith('<section id="objections"') and html.endswith("</section>")
