"""Trustees run the ceremony with `deliberation trustee ...` on files, uploading each output on the trustee page."""
import json

from click.testing import CliRunner

from deliberation.extensions import db
from deliberation.models import User, Vote
from deliberation.services import votes
from deliberation.votes_cli import trustee

from .. import vote_world

PASS = ["--passphrase", "trustee passphrase 1"]


def _run(*args):
    result = CliRunner().invoke(trustee, [*args, *PASS])
    assert result.exit_code == 0, result.output
    return result


def _save(client, url, path):
    response = client.get(url)
    assert response.status_code == 200
    path.write_bytes(response.data)
    return str(path)


def _upload(client, vote_id, step, path):
    with open(path, encoding="utf-8") as f:
        response = client.post(f"/votes/{vote_id}/trustee/{step}", json=json.load(f))
    assert response.status_code == 200, response.get_json()


def test_trustees_run_the_ceremony_with_the_cli_and_the_vote_opens(app, client, auth, community, tmp_path):
    with app.app_context():
        council, people = vote_world.seat_trustees(community)
        vote_id = vote_world.create(community, council.id)
        votes.freeze(db.session.get(Vote, vote_id), db.session.get(User, community.worker.id))
        vote = db.session.get(Vote, vote_id)
        index_of = {t.user_id: t.index for t in vote.trustees}
        uuid, threshold = vote.uuid, vote.threshold
    files = {p.id: tmp_path / f"t{index_of[p.id]}" for p in people}
    for p in people:
        files[p.id].mkdir()
    steps = [
        lambda d, i: (_run("generate", "--uuid", uuid, "--index", str(i), "--threshold", str(threshold),
                           "--key", str(d / "key"), "--out", str(d / "certificate.json")), "certificate",
                      d / "certificate.json"),
        lambda d, i: (_run("deal", str(d / "key"), _save(client, f"/votes/{vote_id}/trustees.json", d / "trustees.json"),
                           "--out", str(d / "shares.json")), "shares", d / "shares.json"),
        lambda d, i: (_run("receive", str(d / "key"), _save(client, f"/votes/{vote_id}/trustees.json", d / "trustees.json"),
                           _save(client, f"/votes/{vote_id}/trustee/messages.json", d / "messages.json"),
                           "--out", str(d / "complaints.json")), "complaints", d / "complaints.json"),
        lambda d, i: (_run("decrypt", str(d / "key"),
                           _save(client, f"/votes/{vote_id}/keycheck/election.json", d / "kce.json"),
                           _save(client, f"/votes/{vote_id}/keycheck/tally.json", d / "kct.json"),
                           "--out", str(d / "keycheck.json")), "keycheck", d / "keycheck.json"),
    ]
    for step in steps:
        for p in people:
            auth.login(p.phone)
            assert client.get(f"/votes/{vote_id}/trustee").status_code == 200
            _, name, path = step(files[p.id], index_of[p.id])
            _upload(client, vote_id, name, path)
            auth.logout()
    with app.app_context():
        vote = db.session.get(Vote, vote_id)
        assert all(t.key_checked_at for t in vote.trustees)


def test_certificate_for_another_trustee_number_is_refused(app, client, auth, community, tmp_path):
    with app.app_context():
        council, people = vote_world.seat_trustees(community)
        vote_id = vote_world.create(community, council.id)
        votes.freeze(db.session.get(Vote, vote_id), db.session.get(User, community.worker.id))
        vote = db.session.get(Vote, vote_id)
        first = next(t for t in vote.trustees if t.index == 1)
        uuid, user_id = vote.uuid, first.user_id
    _run("generate", "--uuid", uuid, "--index", "2", "--threshold", "2", "--key", str(tmp_path / "k"),
         "--out", str(tmp_path / "c.json"))
    auth.login(next(p for p in people if p.id == user_id).phone)
    response = client.post(f"/votes/{vote_id}/trustee/certificate", json=json.loads((tmp_path / "c.json").read_text()))
    assert response.status_code == 422 and response.get_json()["code"] == "bad_certificate"


def test_non_trustee_cannot_reach_the_trustee_page(app, client, auth, community):
    with app.app_context():
        council, _ = vote_world.seat_trustees(community)
        vote_id = vote_world.create(community, council.id)
        votes.freeze(db.session.get(Vote, vote_id), db.session.get(User, community.worker.id))
    auth.login(community.resident_a.phone)
    assert client.get(f"/votes/{vote_id}/trustee").status_code == 404
    assert client.post(f"/votes/{vote_id}/trustee/certificate", json={}).status_code == 404
