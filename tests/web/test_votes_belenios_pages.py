"""A published vote in BELENIOS-2048: its result page offers vote-N.bel with both commands, and the file verifies."""
import os

import pytest

from deliberation.crypto.belenios.verify import verify_archive
from deliberation.extensions import db
from deliberation.models import Vote
from deliberation.services import vote_belenios

from .. import belenios_world, vote_world



@pytest.fixture(autouse=True)
def english(client):
    client.set_cookie("lang", "en")


def test_result_page_offers_the_belenios_record_and_it_verifies_with_the_head_shown(app, client, auth, community,
                                                                                  tmp_path):
    with app.app_context():
        world = belenios_world.open_vote(community, weighting="headcount", rule="simple_majority")
        slips = list(world.slips.values())
        belenios_world.cast(world.id, slips[0], [[1, 0, 0]])
        belenios_world.cast(world.id, slips[1], [[0, 0, 1]])
        belenios_world.close_and_tally(community, world.id)
        belenios_world.decrypt(world.id, world.players)
        election_text = vote_belenios.election_text(db.session.get(Vote, world.id))
    auth.login(community.resident_a.phone)
    assert "Belenios 2.0" in client.get(f"/votes/{world.id}").get_data(as_text=True)
    assert client.get(f"/votes/{world.id}/belenios-election.json").get_data(as_text=True) == election_text
    page = client.get(f"/votes/{world.id}/result").get_data(as_text=True)
    assert f"/votes/{world.id}/record.bel" in page and f"vote-{world.id}.bel" in page
    assert "belenios-tool election verify --dir DIR" in page
    assert f"-record.zip" not in page
    assert client.get(f"/votes/{world.id}/record.zip").status_code == 404  # its ballots are Belenios'
    head = page.split(f"deliberation verify --format belenios vote-{world.id}.bel --head ")[1].split("<")[0].strip()
    download = client.get(f"/votes/{world.id}/record.bel")
    assert download.status_code == 200
    assert f"vote-{world.id}.bel" in download.headers["Content-Disposition"]
    assert client.get(f"/votes/{world.id}/record.bel").data == download.data  # the same file every time
    path = tmp_path / f"vote-{world.id}.bel"
    path.write_bytes(download.data)
    report = verify_archive(str(path), workers=1, head=head)
    assert report.ok, report.failure
    assert report.summary["result"] == [[1, 0, 1]]


def test_a_vote_in_our_group_has_no_belenios_files(app, client, auth, community):
    with app.app_context():
        world = vote_world.open_vote(community)
    auth.login(community.resident_a.phone)
    assert 'id="ballot-format"' not in client.get(f"/votes/{world.id}").get_data(as_text=True)
    assert client.get(f"/votes/{world.id}/belenios-election.json").status_code == 404
    assert client.get(f"/votes/{world.id}/record.bel").status_code == 404
