"""A resident objects and a secretary records a roll call, on a phone in a real Chromium."""
import pytest

from deliberation.extensions import db
from deliberation.models import Council
from deliberation.services import meetings

from .. import council_world
from ..council_world import NOW, publish

pytestmark = pytest.mark.e2e


def sign_in(page, base, phone):
    page.goto(f"{base}/login")
    page.get_by_label("手机号或电子邮箱").fill(phone)
    page.get_by_label("密码").fill("password1")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/")


def assert_fits_and_no_csp_errors(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 391
    assert not [e for e in page.console_errors if "Content Security Policy" in e]


def test_resident_files_objection_in_place(phone, app, live_server, community):
    with app.app_context():
        world = council_world.build(community)
    decision_id = publish(app, world)
    sign_in(phone, live_server, community.resident_b.phone)
    phone.goto(f"{live_server}/decisions/{decision_id}")
    phone.locator("#objections textarea").fill("充电桩离儿童游乐区太近，请改到东侧。")
    phone.locator("#objections button[type=submit]").click()
    phone.locator("#objections .objection", has_text="儿童游乐区").wait_for()
    assert phone.url.endswith(f"/decisions/{decision_id}")
    assert_fits_and_no_csp_errors(phone)


def test_secretary_records_roll_call_in_place(phone, app, live_server, community):
    with app.app_context():
        world = council_world.build(community)
        council = db.session.get(Council, world.council.id)
        meeting = meetings.schedule_meeting(council, "四月议事会", NOW, "活动室", [world.proposal], [],
                                            council.members[0].user)
        present = [m.id for m in council.members][:3]
        meetings.record_attendance(meeting, set(present), council.members[0].user)
        meeting_id, item_id = meeting.id, meeting.items[0].id
    sign_in(phone, live_server, world.secretary.phone)
    phone.goto(f"{live_server}/councils/meetings/{meeting_id}")
    item = phone.locator(f"#item-{item_id}")
    for member_id, choice in zip(present, ("yes", "yes", "no")):
        item.locator(f"input[name=choice-{member_id}][value={choice}]").check()
    item.locator("button[type=submit]").first.click()
    phone.locator(f"#item-{item_id} .outcome-adopted").wait_for()
    assert phone.url.endswith(f"/councils/meetings/{meeting_id}")
    assert_fits_and_no_csp_errors(phone)
