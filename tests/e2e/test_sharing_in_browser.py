"""A resident books a slot on a phone: htmx swaps the week in place, behind a confirm dialog."""
import pytest
from playwright.sync_api import expect

from deliberation.extensions import db

from ..factories import make_resource
from ..web.sharing_helpers import tomorrow_at

pytestmark = pytest.mark.e2e


def sign_in(page, base, phone, password="password1"):
    page.goto(f"{base}/login")
    page.fill("input[name=identifier]", phone)
    page.fill("input[name=password]", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/")


def test_resident_books_a_slot_and_changes_weeks_on_a_phone(phone, app, live_server, community):
    with app.app_context():
        rid = make_resource(community.id, name="篮球场")
        db.session.remove()
    sign_in(phone, live_server, community.resident_a.phone)
    start = tomorrow_at(10)
    phone.goto(f"{live_server}/resources/{rid}?week={start.date().isoformat()}")
    phone.on("dialog", lambda dialog: dialog.accept())
    phone.locator(f"form:has(input[name=start][value='{start.isoformat()}']) button").click()
    phone.locator("#week .slots .slot.mine").first.wait_for()
    assert phone.locator("#week [role=status]").count() == 1
    # Nothing is wider than the phone.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.locator(".week-nav a").nth(2).click()
    phone.wait_for_url(lambda url: "week=" in url and start.date().isoformat() not in url)
    expect(phone.locator("#week .slots .slot.mine")).to_have_count(0)
    assert not [e for e in phone.console_errors if "Content Security Policy" in e]
