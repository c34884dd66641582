"""Trustees of a vote in Belenios' format run `deliberation trustee ...` on files: ceremony, key check, decryption."""
from deliberation.crypto.belenios.verify import verify_archive
from deliberation.extensions import db
from deliberation.models import User, Vote
from deliberation.services import vote_belenios, vote_credentials, votes

from .. import belenios_world, vote_world
from .test_votes_trustees import _run, _save, _upload

def test_cli_trustees_of_a_belenios_vote_make_a_record_that_verifies(app, client, auth, community, tmp_path):
    client.set_cookie("lang", "en")
    with app.app_context():
        council, people = vote_world.seat_trustees(community)
        vote_id = vote_world.create(community, council.id, group_name="BELENIOS-2048", weighting="headcount",
                                    rule="simple_majority")
        votes.freeze(db.session.get(Vote, vote_id), db.session.get(User, community.worker.id))
        vote = db.session.get(Vote, vote_id)
        index_of = {t.user_id: t.index for t in vote.trustees}
        uuid, threshold = vote.uuid, vote.threshold
    files = {p.id: tmp_path / f"t{index_of[p.id]}" for p in people}
    for p in people:
        files[p.id].mkdir()

    def trustees_file(d):
        return _save(client, f"/votes/{vote_id}/trustees.json", d / "trustees.json")

    steps = [
        lambda d, i: (_run("generate", "--uuid", uuid, "--index", str(i), "--threshold", str(threshold),
                           "--group", "BELENIOS-2048", "--key", str(d / "key"), "--out", str(d / "cert.json")),
                      "certificate", d / "cert.json"),
        lambda d, i: (_run("deal", str(d / "key"), trustees_file(d), "--out", str(d / "shares.json")),
                      "shares", d / "shares.json"),
        lambda d, i: (_run("receive", str(d / "key"), trustees_file(d),
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
            page = client.get(f"/votes/{vote_id}/trustee").get_data(as_text=True)
            assert "--group BELENIOS-2048" in page and "belenios-election.json tally.json" in page
            _, name, path = step(files[p.id], index_of[p.id])
            _upload(client, vote_id, name, path)
            auth.logout()
    with app.app_context():
        worker = db.session.get(User, community.worker.id)
        slips = [s for _, s in vote_credentials.issue_slips(db.session.get(Vote, vote_id), worker)]
        votes.open_vote(db.session.get(Vote, vote_id), worker)
        belenios_world.cast(vote_id, slips[0], [[0, 1, 0]])
        belenios_world.cast(vote_id, slips[1], [[0, 1, 0]])
        belenios_world.close_and_tally(community, vote_id)
    for p in people[:2]:
        d = files[p.id]
        auth.login(p.phone)
        _run("decrypt", str(d / "key"), _save(client, f"/votes/{vote_id}/belenios-election.json", d / "be.json"),
             _save(client, f"/votes/{vote_id}/tally.json", d / "tally.json"), "--out", str(d / "partial.json"))
        _upload(client, vote_id, "partial", d / "partial.json")
        auth.logout()
    with app.app_context():
        vote = db.session.get(Vote, vote_id)
        assert vote.status == "published"
        data, head = vote_belenios.write_archive(vote)
    path = tmp_path / f"vote-{vote_id}.bel"
    path.write_bytes(data)
    report = verify_archive(str(path), workers=1, head=head)
    assert report.ok, report.failure
    assert report.summary["result"] == [[0, 2, 0]]
