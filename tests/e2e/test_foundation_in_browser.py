"""A resident and a worker use the platform in a real headless Chromium on a phone."""
import re

import pytest

pytestmark = pytest.mark.e2e


def sign_in(page, base, phone, password="password1"):
    page.goto(f"{base}/login")
    page.get_by_label("手机号或电子邮箱").fill(phone)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/")


def test_resident_signs_in_and_switches_to_english(phone, live_server, community):
    sign_in(phone, live_server, community.resident_a.phone)
    assert "您住在 1号楼 1-101" in phone.content()
    phone.get_by_role("button", name="English").click()
    phone.wait_for_selector("html[lang=en]")
    assert "You live at 1号楼 1-101" in phone.content()
    phone.reload()
    assert phone.locator("html").get_attribute("lang") == "en"
    # The CSP allows no inline script: nothing may have been refused.
    assert not [e for e in phone.console_errors if "Content Security Policy" in e]


def test_worker_import_errors_show_on_a_phone(phone, live_server, community, tmp_path):
    sign_in(phone, live_server, community.worker.phone)
    phone.goto(f"{live_server}/households/import")
    bad = tmp_path / "register.csv"
    bad.write_bytes("楼栋,单元,房号,面积,业主姓名,联系电话\r\n9号楼,1,101,abc,王五,\r\n".encode("gbk"))
    phone.set_input_files("input[type=file]", str(bad))
    phone.get_by_role("button", name="导入").click()
    alert = phone.get_by_role("alert")
    alert.wait_for()
    text = alert.inner_text()
    assert "没有导入" in text and "9号楼" in text and "abc" in text
    # Nothing overflows the phone's width.
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1


def test_boosted_navigation_keeps_working_with_csrf(phone, live_server, community):
    sign_in(phone, live_server, community.worker.phone)
    phone.get_by_role("link", name="居民").click()
    phone.wait_for_url(re.compile(r".*/residents/"))
    row = phone.locator("tr", has_text="李四")
    row.get_by_role("button", name="暂停").click()
    phone.wait_for_selector("text=李四 已被暂停")
