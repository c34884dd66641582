import io
import re

from sqlalchemy import func, select

from deliberation.extensions import db
from deliberation.models import AuditEntry, Household, InviteCode, User

HEADER = "楼栋,单元,房号,面积,业主姓名,联系电话\r\n"


def upload(client, text, encoding="gbk"):
    data = {"file": (io.BytesIO(text.encode(encoding)), "register.csv")}
    return client.post("/households/import", data=data, content_type="multipart/form-data")


def household_count(app):
    with app.app_context():
        return db.session.scalar(select(func.count(Household.id)))


def test_worker_imports_a_gbk_register(app, client, auth, community):
    auth.login(community.worker)
    before = household_count(app)
    response = upload(client, HEADER + "1号楼,2,101,89.56,王秀英,13812345678\r\n2号楼,2,102,101.10,李建国,\r\n")
    assert response.status_code == 303
    assert household_count(app) == before + 2
    with app.app_context():
        entry = db.session.execute(select(AuditEntry).where(AuditEntry.action == "households.import")).scalar_one()
        assert entry.actor_id == community.worker.id and '"created": 2' in entry.details


def test_bad_rows_import_nothing_and_are_listed_in_chinese(app, client, auth, community):
    auth.login(community.worker)
    before = household_count(app)
    response = upload(client, HEADER + "1号楼,2,101,89.56,王秀英,\r\n5号楼,2,102,八十,李建国,\r\n", "utf-8")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "没有导入" in page and "5号楼" in page and "八十" in page
    assert re.search(r"<td class=\"num\">3</td>", page)
    assert household_count(app) == before


def test_import_errors_are_in_english_when_chosen(client, auth, community):
    auth.login(community.worker)
    client.post("/language", data={"locale": "en"})
    page = upload(client, HEADER + "1号楼,2,,89.56,王秀英,\r\n").get_data(as_text=True)
    assert "The field “room” is empty." in page and "nothing was imported" in page


def test_residents_cannot_import(client, auth, community):
    auth.login(community.resident_a)
    assert upload(client, HEADER + "1号楼,2,101,89.56,王秀英,\r\n").status_code == 403


def test_invite_slips_register_once(app, client, auth, community):
    auth.login(community.worker)
    page = client.post("/households/invites", data={"building_id": community.building_a.id,
                                                    "only_unregistered": "1"}).get_data(as_text=True)
    codes = re.findall(r'<p class="code">([A-Z0-9-]+)</p>', page)
    assert len(codes) == 3  # four households in building A, one already has a resident
    assert page.count('src="data:image/svg+xml') == 3
    auth.logout()
    form = {"code": codes[0].lower(), "name": "新居民", "phone": "13700000000", "occupancy": "tenant",
            "password": "long-enough", "confirm": "long-enough"}
    assert client.post("/register", data=form).status_code == 303
    with app.app_context():
        user = db.session.execute(select(User).where(User.phone == "13700000000")).scalar_one()
        assert user.status == "verified" and user.occupancy == "tenant"
        assert user.household.building_id == community.building_a.id
    auth.logout()
    again = client.post("/register", data={**form, "phone": "13700000001"})
    assert again.status_code == 422 and "已被使用" in again.get_data(as_text=True)


def test_new_codes_void_the_old_unused_ones(app, client, auth, community):
    auth.login(community.worker)
    first = re.findall(r'<p class="code">([A-Z0-9-]+)</p>',
                       client.post("/households/invites", data={}).get_data(as_text=True))
    client.post("/households/invites", data={})
    auth.logout()
    form = {"code": first[0], "name": "旧码", "phone": "13700000009", "occupancy": "owner",
            "password": "long-enough", "confirm": "long-enough"}
    assert client.post("/register", data=form).status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count(InviteCode.id)).where(InviteCode.revoked_at.is_not(None))) == 8


def test_codes_are_stored_only_as_hashes(app, client, auth, community):
    auth.login(community.worker)
    page = client.post("/households/invites", data={}).get_data(as_text=True)
    code = re.findall(r'<p class="code">([A-Z0-9-]+)</p>', page)[0].replace("-", "")
    with app.app_context():
        stored = db.session.execute(select(InviteCode.code_hash)).scalars().all()
    assert code not in " ".join(stored)
