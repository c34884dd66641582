"""Office downloads and Pabulib replays: import a .pb, tally it, download the sheet and the file back."""
import io

from deliberation.budgeting import equal_shares, parse_pb

SMALL = """META
key;value
description;Test replay
country;Poland
unit;Gdańsk
instance;2025
num_projects;3
num_votes;4
budget;1000
vote_type;approval
rule;equalshares/add1
date_begin;01.03.2025
date_end;15.03.2025
PROJECTS
project_id;cost;votes;name
1;600;3;Park
2;500;2;Library
3;300;1;Bench
VOTES
voter_id;vote
v1;1
v2;1,3
v3;1
v4;2
"""


def test_imported_file_is_tallied_like_the_library_and_downloads_back(app, client, auth, community):
    auth.login(community.worker)
    response = client.post("/budget/import", data={"rule": "mes", "file": (io.BytesIO(SMALL.encode()), "x.pb")},
                           content_type="multipart/form-data")
    assert response.status_code == 303
    client.post("/budget/1/tally")
    instance, profile, _ = parse_pb(SMALL)
    expected = equal_shares(instance, profile).selected
    sheet = client.get("/budget/1/export.csv").get_data(as_text=True)
    funded = {line.split(",")[0] for line in sheet.splitlines()[1:] if ",yes," in line}
    assert funded == set(expected)
    exported, again, meta = parse_pb(client.get("/budget/1/export.pb").get_data(as_text=True))
    assert exported.budget == 1000 and len(again) == 4 and meta["rule"] == "equalshares/add1"


def test_unreadable_file_is_refused_and_nothing_is_created(app, client, auth, community):
    from deliberation.extensions import db
    from deliberation.models import BudgetCycle

    auth.login(community.worker)
    client.set_cookie("lang", "en")
    response = client.post("/budget/import", data={"rule": "mes", "file": (io.BytesIO(b"hello"), "x.pb")},
                           content_type="multipart/form-data")
    assert response.status_code == 422 and "not a readable Pabulib" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(BudgetCycle).count() == 0


def test_residents_cannot_download_the_office_files(app, client, auth, community):
    auth.login(community.worker)
    client.post("/budget/import", data={"rule": "greedy", "file": (io.BytesIO(SMALL.encode()), "x.pb")},
                content_type="multipart/form-data")
    auth.logout()
    auth.login(community.resident_a)
    assert client.get("/budget/1/export.csv").status_code == 404
    assert client.get("/budget/1/export.pb").status_code == 404


def test_file_with_a_vote_for_an_unknown_project_is_refused(app, client, auth, community):
    auth.login(community.worker)
    bad = SMALL.replace("v4;2", "v4;9")
    response = client.post("/budget/import", data={"rule": "mes", "file": (io.BytesIO(bad.encode()), "x.pb")},
                           content_type="multipart/form-data")
    assert response.status_code == 422
