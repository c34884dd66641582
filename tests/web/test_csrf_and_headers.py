import re

import pytest

MUTATING = {"POST", "PUT", "PATCH", "DELETE"}


def _fill(rule):
    """Build a concrete URL for a rule: 1 for every argument, the first choice of an any()."""
    def value(match):
        converter = match.group(1) or ""
        choices = re.match(r"any\((.*)\)", converter)
        return choices.group(1).split(",")[0].strip(" '\"") if choices else "1"

    return re.sub(r"<(?:([^:<>]+):)?[^<>]+>", value, rule.rule)


@pytest.fixture
def csrf_app(make_app):
    return make_app(WTF_CSRF_ENABLED=True)


def test_every_mutating_route_rejects_a_post_without_csrf_token(csrf_app, community):
    client = csrf_app.test_client()
    # Signed in as an administrator, so that no permission check answers before the CSRF check.
    with client.session_transaction() as session:
        session["_user_id"] = f"{community.admin.id}:1"
        session["_fresh"] = True
    rules = [r for r in csrf_app.url_map.iter_rules() if MUTATING & set(r.methods)]
    assert len(rules) >= 6
    for rule in rules:
        method = sorted(MUTATING & set(rule.methods))[0]
        response = client.open(_fill(rule), method=method, data={"x": "1"})
        assert response.status_code == 400, f"{rule.rule} accepted a {method} without CSRF token"


def test_csrf_token_in_htmx_header_is_accepted(csrf_app, community):
    client = csrf_app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)
    response = client.post("/language", data={"locale": "en"}, headers={"X-CSRFToken": token})
    assert response.status_code == 303


def test_security_headers_on_every_response(client, community):
    for path in ("/", "/login", "/does-not-exist", "/static/css/app.css"):
        response = client.get(path)
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert "HX-Request" in response.headers.get("Vary", "")
        response.close()


def test_pages_have_no_inline_script(client, auth, community):
    auth.login(community.worker)
    for path in ("/", "/households/", "/residents/", "/audit/", "/account"):
        page = client.get(path).get_data(as_text=True)
        assert re.findall(r"<script(?![^>]*\bsrc=)", page) == [], path
        assert not re.search(r"\son[a-z]+=", page), path
