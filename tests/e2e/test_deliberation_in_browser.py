"""Deliberation in a real headless Chromium on a phone: payloads stay inert, htmx updates in place."""
import pytest

from deliberation.extensions import db
from deliberation.models import Proposal

from ..factories import make_proposal, make_user

pytestmark = pytest.mark.e2e

PAYLOAD = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>[x](javascript:window.__xss=3)'


def sign_in(page, base, phone, password="password1"):
    page.goto(f"{base}/login")
    page.get_by_label("手机号或电子邮箱").fill(phone)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/")


def test_payloads_do_not_run_and_support_and_comment_update_in_place(phone, live_server, app, community):
    with app.app_context():
        neighbour = make_user(community.id, "钱八", "13700000051", community.households[1].id)
        pid = make_proposal(community.resident_a, title=PAYLOAD, body=PAYLOAD)
    dialogs = []
    phone.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    sign_in(phone, live_server, neighbour.phone)
    phone.goto(f"{live_server}/proposals/{pid}")
    # Selectors by structure: the labels' Chinese texts wait in translations/pending until merged.
    box = phone.locator(f"#comment-form-{pid} textarea[name=body]")
    box.fill(PAYLOAD)
    phone.locator(f"#comment-form-{pid} button[type=submit]").click()
    phone.locator(".comment-list > li.comment").first.wait_for()
    # The new comment came in without a reload, and the form was emptied for the next one.
    assert box.input_value() == ""
    phone.locator(f"#support-{pid} button[type=submit]").click()
    phone.locator(f"#support-{pid} .ok").wait_for()
    assert phone.locator(f"#support-{pid} .num").inner_text() == "1"
    phone.reload()
    assert phone.evaluate("window.__xss") is None
    assert not dialogs
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert not [e for e in phone.console_errors if "Content Security Policy" in e]
    with app.app_context():
        assert db.session.get(Proposal, pid).support_count == 1
