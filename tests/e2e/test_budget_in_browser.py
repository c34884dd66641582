"""A resident fills a knapsack ballot on a phone: the budget bar follows each tick, live."""
import pytest
from playwright.sync_api import expect

from deliberation.extensions import db

from ..web.budget_helpers import ballots_of, make_cycle
from .test_sharing_in_browser import sign_in

pytestmark = pytest.mark.e2e


def test_budget_bar_follows_the_ticks_and_the_ballot_is_cast(phone, app, live_server, community):
    with app.app_context():
        c = make_cycle(community.id, [("a", "中心花园长椅", 40000), ("b", "楼道感应灯", 50000),
                                      ("c", "儿童游乐区软垫", 30000)], fund=80000, ballot_type="knapsack")
        db.session.remove()
    sign_in(phone, live_server, community.resident_a.phone)
    phone.goto(f"{live_server}/budget/{c.id}/ballot")
    phone.locator("input[name=project][value=a]").check()
    expect(phone.locator("#budget-bar")).to_contain_text("¥400.00")
    phone.locator("input[name=project][value=b]").check()
    expect(phone.locator("#budget-bar.over")).to_contain_text("¥900.00")
    phone.locator("input[name=project][value=b]").uncheck()
    phone.locator("input[name=project][value=c]").check()
    expect(phone.locator("#budget-bar")).to_contain_text("¥700.00")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.locator("button[value=cast]").click()
    phone.wait_for_url(f"{live_server}/budget/{c.id}")
    assert ballots_of(app, c.id)[0][1] == ["a", "c"]
    assert not [e for e in phone.console_errors if "Content Security Policy" in e]
