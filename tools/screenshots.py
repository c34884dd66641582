"""Take the README's screenshots from a running demo (`make run`), phone-sized, in Chinese and English.

Usage: .venv/bin/python tools/screenshots.py [http://127.0.0.1:5000]
"""
import sys

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:5000"
OUT = "docs/screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def shoot(browser, name, phone, path, locale="zh_CN", width=390, height=844, full=False):
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
    page = context.new_page()
    page.goto(f"{BASE}/login")
    page.locator("#identifier").fill(phone)
    page.locator("#password").fill("demo1234")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    if locale == "en":
        page.locator("button[value=en]").click()
        page.wait_for_load_state("networkidle")
    page.goto(BASE + path)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=f"{OUT}/{name}.png", full_page=full)
    context.close()


def main():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        shoot(browser, "home-zh-phone", "13800000001", "/")
        shoot(browser, "home-en-phone", "13800000001", "/", locale="en")
        shoot(browser, "residents-zh-desktop", "13900000001", "/residents/", width=1280, height=800)
        shoot(browser, "audit-en-desktop", "13900000002", "/audit/", locale="en", width=1280, height=800)
        browser.close()


if __name__ == "__main__":
    main()
