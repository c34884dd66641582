"""A whole vote in BELENIOS-2048 in a real Chromium: set up through the form, the ceremony, ballots and the
decryption in the browsers in Belenios' formats, and the downloaded vote-N.bel through `deliberation verify
--format belenios` and belenios-tool."""
import os
import shutil
import subprocess
from datetime import timedelta

import pytest

from deliberation.extensions import db
from deliberation.models import Ballot, User, Vote
from deliberation.models.base import utcnow
from deliberation.services import votes

from .. import vote_world
from .test_votes_in_browser import (DELIBERATION, cast, ceremony_and_opening, close_and_tally, sign_in, trustee_step,
                                    until)

pytestmark = pytest.mark.e2e


def set_up_through_the_form(page, base, app, community, council_id):
    """The worker sets up a vote in Belenios' format on the new-vote page; return its id."""
    sign_in(page, base, community.worker.phone)
    page.goto(f"{base}/votes/new")
    page.fill("#title", "加装电梯表决（Belenios）")
    page.fill("#questions", "是否同意为 1 号楼加装电梯？")
    page.check("input[name=weighting][value=both]")
    page.select_option("#rule", "art278_major")
    page.select_option("#council", str(council_id))
    page.fill("#threshold", "2")
    now = utcnow() + timedelta(hours=8)  # the form reads local (Beijing) time
    page.fill("#opens_at", (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#closes_at", (now + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"))
    page.check("input[name=group][value='BELENIOS-2048']")
    page.locator("form.vote-form button[type=submit]").click()
    page.locator("form[action$='/freeze']").wait_for(timeout=30000)  # the draft's page
    with app.app_context():
        vote = db.session.scalars(db.select(Vote)).one()
        assert vote.group_name == "BELENIOS-2048"
        return vote.id


def test_belenios_vote_from_the_form_to_a_record_belenios_tool_verifies(browser, app, live_server, community,
                                                                        tmp_path):
    with app.app_context():
        council, trustees = vote_world.seat_trustees(community)
        council_id = council.id
    office = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN").new_page()
    vote_id = set_up_through_the_form(office, live_server, app, community, council_id)
    with app.app_context():
        votes.freeze(db.session.get(Vote, vote_id), db.session.get(User, community.worker.id))
    pages, keys, slips = ceremony_and_opening(browser, app, live_server, community, trustees, vote_id, tmp_path)

    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                locale="zh-CN").new_page()
    errors = []
    phone.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(phone, live_server, community.resident_a.phone)
    tracker_a = cast(phone, live_server, vote_id, slips[community.resident_a.id], 0, audit_first=True)
    other = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN").new_page()
    sign_in(other, live_server, community.resident_b.phone)
    cast(other, live_server, vote_id, slips[community.resident_b.id], 1)
    tracker_b = cast(other, live_server, vote_id, slips[community.resident_b.id], 0)  # the revote counts

    close_and_tally(app, community, vote_id)
    for page, key in list(zip(pages, keys))[1:]:
        trustee_step(page, live_server, vote_id, "decrypt", keyfile=key)
        page.wait_for_timeout(300)
    until(app, vote_id, lambda v: v.status == "published")

    phone.goto(f"{live_server}/votes/{vote_id}/result")
    command = phone.locator("#verify-command").inner_text()
    assert f"deliberation verify --format belenios vote-{vote_id}.bel --head" in command
    assert "belenios-tool election verify" in phone.locator("#belenios-tool-command").inner_text()
    with phone.expect_download() as download:
        phone.locator("#belenios-record a.button").click()
    folder = tmp_path / "record"
    folder.mkdir()
    record = folder / download.value.suggested_filename
    download.value.save_as(record)
    assert record.name == f"vote-{vote_id}.bel"
    head = phone.locator("#record-fingerprint").inner_text().strip()
    checked = subprocess.run([DELIBERATION, "verify", "--format", "belenios", str(record), "--head", head, "--quiet",
                              "--workers", "1"], capture_output=True, text=True, timeout=120)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    tool = shutil.which("belenios-tool")
    if tool:
        done = subprocess.run([tool, "election", "verify", "--dir", str(folder)], capture_output=True, text=True,
                              timeout=120, env=dict(os.environ, BELENIOS_USE_URANDOM="1"))
        assert done.returncode == 0, done.stderr
    with app.app_context():
        from deliberation.services.vote_results import vote_result

        result = vote_result(db.session.get(Vote, vote_id))
        assert result.electronic["headcount"] == [[2, 0, 0]] and result.online[0] == 2
        counted = db.session.scalars(db.select(Ballot.tracker).where(Ballot.vote_id == vote_id,
                                                                     Ballot.replaced.is_(False))).all()
        assert sorted(counted) == sorted([tracker_a, tracker_b])
    assert not [e for e in errors if "Content Security Policy" in e]
    for page in pages:
        page.context.close()
