"""Take the README's screenshots from a running demo (`make run`), phone-sized, in Chinese and English.

Usage: .venv/bin/python tools/screenshots.py [http://127.0.0.1:5000]
"""
import sys

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:5000"
OUT = "docs/screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
# name, who signs in, page, language, viewport
SHOTS = [
    ("home-zh-phone", "13800000006", "/", "zh_CN", PHONE),
    ("home-en-phone", "13800000006", "/", "en", PHONE),
    ("proposal-zh-phone", "13800000006", "/proposals/1", "zh_CN", PHONE),
    ("ballot-zh-phone", "13800000006", "/votes/1/ballot", "zh_CN", PHONE),
    ("vote-result-en-phone", "13800000006", "/votes/2/result", "en", PHONE),
    ("budget-ballot-zh-phone", "13800000006", "/budget/2/ballot", "zh_CN", PHONE),
    ("booking-en-phone", "13800000006", "/resources/1", "en", PHONE),
    ("residents-zh-desktop", "13900000001", "/residents/", "zh_CN", DESKTOP),
    ("audit-en-desktop", "13900000002", "/audit/", "en", DESKTOP),
]


def shoot(browser, name, phone, path, locale, viewport):
    context = browser.new_context(viewport=viewport, device_scale_factor=1)
    page = context.new_page()
    page.goto(f"{BASE}/login")
    page.locator("#identifier").fill(phone)
    page.locator("#password").fill("demo1234")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    page.locator(f"button[value={locale}]").click()
    page.wait_for_load_state("networkidle")
    page.goto(BASE + path)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=f"{OUT}/{name}.png")
    context.close()


def main():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for shot in SHOTS:
            shoot(browser, *shot)
        browser.close()


if __name__ == "__main__":
    main()
