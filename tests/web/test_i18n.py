from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po


def test_chinese_is_the_default(client, community):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="zh-CN">' in page and "登录" in page


def test_english_is_chosen_and_remembered_by_cookie(client, community):
    client.post("/language", data={"locale": "en", "next": "/login"})
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in page and "Sign in" in page and "登录" not in page


def test_language_is_remembered_on_the_account(app, client, auth, community):
    auth.login(community.resident_a)
    client.post("/language", data={"locale": "en"})
    fresh = app.test_client()
    fresh.post("/login", data={"identifier": community.resident_a.phone, "password": "password1"})
    assert "Sign out" in fresh.get("/").get_data(as_text=True)


def test_unknown_locale_changes_nothing(client, community):
    client.post("/language", data={"locale": "xx"})
    assert '<html lang="zh-CN">' in client.get("/").get_data(as_text=True)


def test_language_switch_refuses_offsite_redirects(client, community):
    response = client.post("/language", data={"locale": "en", "next": "//evil.example/"})
    assert response.headers["Location"] == "/"


def test_every_string_has_a_chinese_translation(app):
    root = app.root_path + "/translations"
    with open(root + "/messages.pot", "rb") as f:
        template = read_po(f)
    with open(root + "/zh/LC_MESSAGES/messages.po", "rb") as f:
        catalog = read_po(f)
    with open(root + "/zh/LC_MESSAGES/messages.mo", "rb") as f:
        compiled = read_mo(f)
    missing = [m.id for m in template if m.id and not (catalog.get(m.id) and all(_strings(catalog.get(m.id))))]
    assert missing == []
    stale = [m.id for m in catalog if m.id and m.string and compiled.get(m.id) is None]
    assert stale == [], "messages.mo is older than messages.po: run `make translations`"


def _strings(message):
    return message.string if isinstance(message.string, tuple) else (message.string,)


def test_home_page_shows_what_is_open_in_the_residents_scope(app, client, auth, community):
    from deliberation.extensions import db
    from deliberation.models import Proposal

    with app.app_context():
        for title, building in (("楼道灯更换", community.building_a.id), ("二号楼车棚", community.building_b.id),
                                ("小区花园", None)):
            db.session.add(Proposal(community_id=community.id, building_id=building, author_id=community.resident_a.id,
                                    title=title, body="", category="co_building", status="collecting"))
        db.session.commit()
    auth.login(community.resident_a)
    page = client.get("/").get_data(as_text=True)
    assert "征集附议中的提案" in page and "楼道灯更换" in page and "小区花园" in page
    assert "二号楼车棚" not in page
