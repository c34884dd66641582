import uuid

from deliberation.extensions import db
from deliberation.models import User
from deliberation.services import residents


def test_login_with_phone_and_logout(client, auth, community):
    response = auth.login(community.resident_a)
    assert response.status_code == 303
    assert "张三" in client.get("/").get_data(as_text=True)
    auth.logout()
    assert "张三" not in client.get("/").get_data(as_text=True)


def test_wrong_password_is_refused_with_a_message(client, auth, community):
    response = auth.login(community.resident_a, "wrong-password")
    assert response.status_code == 422
    assert "密码" in response.get_data(as_text=True)


def test_removed_resident_old_cookie_is_rejected(app, client, auth, community):
    auth.login(community.resident_a)
    assert client.get("/account").status_code == 200
    with app.app_context():
        resident = db.session.get(User, community.resident_a.id)
        worker = db.session.get(User, community.worker.id)
        residents.change_status(resident, "remove", worker, "moved out")
    response = client.get("/account")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert auth.login(community.resident_a).status_code == 422


def test_suspended_resident_is_signed_out_at_once(app, client, auth, community):
    auth.login(community.resident_b)
    with app.app_context():
        resident = db.session.get(User, community.resident_b.id)
        residents.change_status(resident, "suspend", db.session.get(User, community.worker.id))
    assert client.get("/account").status_code == 302


def test_logout_invalidates_a_copied_cookie(app, auth, client, community):
    auth.login(community.resident_a)
    stolen = app.test_client()
    for cookie in client._cookies.values():
        stolen.set_cookie(cookie.key, cookie.value)
    assert stolen.get("/account").status_code == 200
    auth.logout()
    assert stolen.get("/account").status_code == 302


def test_password_change_signs_out_other_devices(app, auth, client, community):
    auth.login(community.resident_a)
    other = app.test_client()
    other.post("/login", data={"identifier": community.resident_a.phone, "password": "password1"})
    response = client.post("/account", data={"current": "password1", "password": "new-password-2",
                                             "confirm": "new-password-2"})
    assert response.status_code == 303
    assert client.get("/account").status_code == 200
    assert other.get("/account").status_code == 302


def test_login_is_rate_limited(make_app, community):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute",
                   RATELIMIT_KEY_PREFIX=f"test-{uuid.uuid4().hex}")
    client = app.test_client()
    statuses = [client.post("/login", data={"identifier": "13800000001", "password": "x"}).status_code
                for _ in range(4)]
    assert statuses == [422, 422, 422, 429]


def _attempts(client, *addresses):
    return [client.post("/login", data={"identifier": "13800000001", "password": "x"},
                        headers={"X-Forwarded-For": address}).status_code for address in addresses]


def test_behind_a_trusted_proxy_each_client_address_has_its_own_limit(make_app, community):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="2 per minute", TRUSTED_PROXIES=1,
                   RATELIMIT_KEY_PREFIX=f"test-{uuid.uuid4().hex}")
    client = app.test_client()
    assert _attempts(client, "10.0.0.1", "10.0.0.1", "10.0.0.1") == [422, 422, 429]
    assert _attempts(client, "10.0.0.2") == [422]  # a neighbour behind the same proxy is not locked out
    response = client.get("/login", headers={"X-Forwarded-Proto": "https"})
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_without_a_trusted_proxy_forwarded_headers_are_ignored(make_app, community):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="2 per minute",
                   RATELIMIT_KEY_PREFIX=f"test-{uuid.uuid4().hex}")
    client = app.test_client()
    # Anyone can send X-Forwarded-For: taken at its word, it would dodge the limit.
    assert _attempts(client, "10.0.0.1", "10.0.0.2", "10.0.0.3") == [422, 422, 429]
    assert "Strict-Transport-Security" not in client.get("/login", headers={"X-Forwarded-Proto": "https"}).headers


def test_worker_cannot_suspend_an_administrator(app, client, auth, community):
    auth.login(community.worker)
    client.post(f"/residents/{community.admin.id}/suspend", data={})
    with app.app_context():
        assert db.session.get(User, community.admin.id).status == "verified"


def test_worker_cannot_act_on_another_community(app, client, auth, community):
    from tests.factories import make_other_community, make_user

    with app.app_context():
        stranger = make_user(make_other_community(), "外人", "13600000000")
    auth.login(community.worker)
    assert client.post(f"/residents/{stranger.id}/suspend", data={}).status_code == 404
    with app.app_context():
        assert db.session.get(User, stranger.id).status == "verified"
