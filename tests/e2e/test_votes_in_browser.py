"""A whole vote in a real Chromium: ceremony in the trustees' browsers, encrypted ballots (one audited,
one revote), decryption in the browser, the result, and the downloaded record through `deliberation verify`."""
import json
import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest

from deliberation.extensions import db
from deliberation.models import Ballot, CastSubmission, User, Vote
from deliberation.services import vote_checker, vote_credentials, vote_tally, votes

from .. import vote_world

pytestmark = pytest.mark.e2e
PASSPHRASE = "居委会受托人口令-2026"
DELIBERATION = os.path.join(os.path.dirname(sys.executable), "deliberation")


def sign_in(page, base, phone):
    page.goto(f"{base}/login")
    page.get_by_label("手机号或电子邮箱").fill(phone)
    page.get_by_label("密码").fill("password1")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/")


def until(app, vote_id, check, timeout=60):
    """Wait until check(vote) holds, reading the database without keeping a context open."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with app.app_context():
            if check(db.session.get(Vote, vote_id)):
                return
        time.sleep(0.2)
    raise AssertionError("the vote did not get there in time")


def trustee_step(page, base, vote_id, action, keyfile=None, save_to=None):
    """Run one ceremony step on the trustee page; save the key file the page offers, if any."""
    page.goto(f"{base}/votes/{vote_id}/trustee")
    if keyfile:
        page.set_input_files("#keyfile", keyfile)
    page.fill("#passphrase", PASSPHRASE)
    button = page.locator(f"[data-trustee-action={action}]")
    if save_to:
        with page.expect_download(timeout=60000) as download:
            button.click()
        download.value.save_as(save_to)
    else:
        button.click()
    # The page reloads itself once the server has taken the step: let it, before navigating on,
    # or the next goto races the reload.
    page.wait_for_event("load", timeout=60000)


def ceremony_and_opening(browser, app, base, community, trustees, vote_id, tmp_path):
    """Each trustee runs the key ceremony on their own phone; then the office prints slips and opens the vote.

    Return the trustees' pages, their key files and the slips by user id.
    """
    contexts = [browser.new_context(viewport={"width": 390, "height": 844}, accept_downloads=True, locale="zh-CN")
                for _ in trustees]
    pages = [c.new_page() for c in contexts]
    keys = [str(tmp_path / f"trustee{i}.key") for i in range(len(trustees))]
    for page, person in zip(pages, trustees):
        sign_in(page, base, person.phone)
    for step, done in (("create", lambda v: all(t.certificate for t in v.trustees)),
                       ("deal", lambda v: all(t.shares for t in v.trustees)),
                       ("receive", lambda v: all(t.key_checked_at for t in v.trustees))):
        for page, key in zip(pages, keys):
            trustee_step(page, base, vote_id, step, keyfile=None if step == "create" else key,
                         save_to=None if step == "deal" else key)
        until(app, vote_id, done)
    with app.app_context():
        worker = db.session.get(User, community.worker.id)
        slips = {v.user_id: s for v, s in vote_credentials.issue_slips(db.session.get(Vote, vote_id), worker)}
        votes.open_vote(db.session.get(Vote, vote_id), worker)
    return pages, keys, slips


def close_and_tally(app, community, vote_id):
    """The office closes the vote at its closing time and tallies it after the complaint period."""
    with app.app_context():
        worker = db.session.get(User, community.worker.id)
        vote = db.session.get(Vote, vote_id)
        votes.close_vote(vote, worker, now=vote.closes_at)
        vote_tally.compute_tally(db.session.get(Vote, vote_id), worker, now=vote.closes_at + timedelta(days=2))


def cast(page, base, vote_id, code, answer, audit_first=False):
    """Vote on the phone: code, one question per screen, encrypt, maybe audit, cast; return the tracker."""
    page.goto("about:blank")  # a new visit, not a change of the #fragment on the same page
    page.goto(f"{base}/votes/{vote_id}/ballot#{code}")
    ballot = page.locator("#ballot")
    ballot.locator("[data-screen=code] [data-go=next]").click()
    ballot.locator(f"[data-screen=q0] input[value='{answer}']").check()
    ballot.locator("[data-screen=q0] [data-go=next]").click()
    ballot.locator("[data-screen=review] [data-go=encrypt]").click()
    ballot.locator("[data-screen=encrypted]").wait_for(timeout=30000)
    if audit_first:
        ballot.locator("[data-screen=encrypted] [data-go=audit]").click()
        ballot.locator("[data-screen=audited]").wait_for(timeout=30000)
        chosen = ballot.locator(f"[data-screen=q0] input[value='{answer}']").get_attribute("data-label")
        assert chosen in ballot.locator(".audit-list").inner_text()
        ballot.locator("[data-screen=audited] [data-go=encrypt]").click()
        ballot.locator("[data-screen=encrypted]").wait_for(timeout=30000)
    ballot.locator("[data-screen=encrypted] [data-go=cast]").click()
    ballot.locator("[data-screen=done]").wait_for(timeout=30000)
    tracker = ballot.locator("[data-screen=done] code.tracker").inner_text().strip()
    assert len(tracker) == 64
    assert page.evaluate("document.documentElement.scrollWidth") <= 391
    return tracker


def test_vote_from_ceremony_to_verified_record(browser, app, live_server, community, tmp_path):
    # As deployed: CSRF checked, the cast request queues the ballot (through the cast gateway once
    # the server knows the open vote), a checker thread settles it, the page asks.
    app.config.update(VOTE_CAST_CHECK="background", WTF_CSRF_ENABLED=True)
    with app.app_context():
        council, trustees = vote_world.seat_trustees(community)
        vote_id = vote_world.create(community, council.id)
        worker = db.session.get(User, community.worker.id)
        votes.freeze(db.session.get(Vote, vote_id), worker)
    pages, keys, slips = ceremony_and_opening(browser, app, live_server, community, trustees, vote_id, tmp_path)

    voters = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                 locale="zh-CN", accept_downloads=True)
    phone = voters.new_page()
    errors = []
    phone.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(phone, live_server, community.resident_a.phone)
    tracker_a = cast(phone, live_server, vote_id, slips[community.resident_a.id], 0, audit_first=True)
    phone.goto(f"{live_server}/votes/{vote_id}/board?tracker={tracker_a[:10]}")
    assert tracker_a in phone.locator("#board-rows").inner_text()

    other = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN").new_page()
    sign_in(other, live_server, community.resident_b.phone)
    cast(other, live_server, vote_id, slips[community.resident_b.id], 1)
    tracker_b = cast(other, live_server, vote_id, slips[community.resident_b.id], 0)  # the revote counts

    close_and_tally(app, community, vote_id)
    for page, key in list(zip(pages, keys))[:2]:
        trustee_step(page, live_server, vote_id, "decrypt", keyfile=key)
        page.wait_for_timeout(300)
    until(app, vote_id, lambda v: v.status == "published")

    phone.goto(f"{live_server}/votes/{vote_id}/result")
    command = phone.locator("#verify-command").inner_text()
    assert "deliberation verify" in command and "--head" in command
    assert phone.locator("svg.bar").count() >= 3
    with phone.expect_download() as download:
        phone.get_by_role("link", name="Download the record").or_(phone.get_by_role("link", name="下载选举记录")).click()
    record = tmp_path / "record.zip"
    download.value.save_as(record)
    head = phone.locator("#record-fingerprint").inner_text().strip()
    checked = subprocess.run([DELIBERATION, "verify", str(record), "--head", head, "--quiet", "--workers", "1"],
                             capture_output=True, text=True, timeout=120)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    with app.app_context():
        vote = db.session.get(Vote, vote_id)
        from deliberation.services.vote_results import vote_result

        result = vote_result(vote)
        assert result.electronic["headcount"] == [[2, 0, 0]] and result.online[0] == 2
        counted = db.session.scalars(db.select(Ballot.tracker).where(Ballot.vote_id == vote_id,
                                                                     Ballot.replaced.is_(False))).all()
        assert sorted(counted) == sorted([tracker_a, tracker_b])
    assert not [e for e in errors if "Content Security Policy" in e]
    for page in pages:
        page.context.close()
    voters.close()


def open_vote_on_a_phone(browser, app, live_server, community, mode):
    """An open vote, its checker mode, and resident A signed in on a phone: (world, code, context, page)."""
    app.config["VOTE_CAST_CHECK"] = mode
    with app.app_context():
        world = vote_world.open_vote(community)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    sign_in(page, live_server, community.resident_a.phone)
    return world, world.slips[world.rolls[community.resident_a.id]], context, page


def encrypt_and_cast(page, live_server, world, code, answer):
    """One answer, encrypted and cast straight away (no audit); return the ballot element."""
    page.goto(f"{live_server}/votes/{world.id}/ballot#{code}")
    ballot = page.locator("#ballot")
    ballot.locator("[data-screen=code] [data-go=next]").click()
    ballot.locator(f"[data-screen=q0] input[value='{answer}']").check()
    ballot.locator("[data-screen=q0] [data-go=next]").click()
    ballot.locator("[data-screen=review] [data-go=encrypt]").click()
    ballot.locator("[data-screen=encrypted] [data-go=cast]").click()
    return ballot


def test_a_ballot_refused_after_sending_brings_the_voter_back_to_encrypt_again(browser, app, live_server,
                                                                               community):
    """The checker refuses a ballot altered on its way (its proof broken): the page says why, in
    Chinese, returns to the review screen, and the voter's next ballot is accepted."""
    world, code, context, page = open_vote_on_a_phone(browser, app, live_server, community, "background")

    def alter(route):
        body = json.loads(route.request.post_data)
        body["ballot"]["answers"][0]["proofs"][0][0]["response"] = "1"
        route.continue_(post_data=json.dumps(body))

    page.route("**/cast", alter)
    ballot = encrypt_and_cast(page, live_server, world, code, 0)
    ballot.locator("[data-screen=review]").wait_for(timeout=30000)
    assert "选票被拒收" in page.locator("#ballot").inner_text()
    page.unroute("**/cast")
    ballot.locator("[data-screen=review] [data-go=encrypt]").click()
    ballot.locator("[data-screen=encrypted] [data-go=cast]").click()
    ballot.locator("[data-screen=done]").wait_for(timeout=30000)
    with app.app_context():
        assert len(db.session.scalars(db.select(Ballot).where(Ballot.vote_id == world.id)).all()) == 1
    context.close()


def test_a_ballot_lost_after_it_was_taken_is_sent_again_by_the_page(browser, app, live_server, community):
    """The queue insert does not wait for the disk (deliberation.add_cast_engine): if a database crash
    loses a ballot just taken, the page, asking about it, hears it is missing and sends it again."""
    world, code, context, page = open_vote_on_a_phone(browser, app, live_server, community, "external")
    sent = []

    def lose_the_first(route):
        sent.append(route.request.post_data)
        response = route.fetch()
        if len(sent) == 1:  # taken and answered, then lost
            with app.app_context():
                db.session.execute(db.delete(CastSubmission))
                db.session.commit()
        route.fulfill(response=response)

    page.route("**/cast", lose_the_first)
    ballot = encrypt_and_cast(page, live_server, world, code, 1)
    deadline = time.monotonic() + 30
    while len(sent) < 2 and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert sent[0] == sent[1]  # the same ballot, not a new encryption
    with app.app_context():
        vote_checker.check_pending(world.id)
    ballot.locator("[data-screen=done]").wait_for(timeout=30000)
    with app.app_context():
        board = db.session.scalars(db.select(Ballot.tracker).where(Ballot.vote_id == world.id)).all()
    assert board == [ballot.locator("[data-screen=done] code.tracker").inner_text().strip()]
    context.close()
