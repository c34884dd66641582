"""Our verifier against belenios-tool's records, and belenios-tool against ours."""
import json
import os
import shutil

import pytest
from click.testing import CliRunner

from conftest import belenios_verify, expected_result
from deliberation.crypto.belenios import proofs as bp
from deliberation.crypto.belenios.archive import dumps, read_archive, rewrite_archive
from deliberation.crypto.belenios.formats import Election, fingerprint
from deliberation.crypto.belenios.verify import verify_archive
from deliberation.crypto.cli import demo_election, verify


def _payloads(archive, kind):
    return [e["payload"] for e in archive.of_type(kind)]


def _election(archive):
    setup = json.loads(archive.payload(archive.events[0]))
    return Election(archive.objects[setup["election"]])


def _tampered(path, tmp_path, change):
    """Copy the archive with `change(archive)` -> {hash: new text} applied and every hash recomputed."""
    archive = read_archive(path)
    out = os.path.join(tmp_path, os.path.basename(path))
    rewrite_archive(archive, out, change(archive))
    return out


def _order(archive):
    return _election(archive).exps.q


def _failure(path):
    report = verify_archive(path, workers=1)
    assert not report.ok
    return report.failure


def _resign(election, secrets, ballot):
    """Sign an altered ballot again with its voter's credential, as a voter could."""
    secret = next(s for s in secrets.values() if str(election.exps.g_pow(s)) == ballot["credential"])
    unsigned = {k: v for k, v in ballot.items() if k != "signature"}
    digest = fingerprint(dumps(unsigned))
    proof = bp.encode_proof(bp.sign_ballot(election.exps, digest, secret))
    return dumps({**unsigned, "signature": {"hash": digest, "proof": proof}})


def test_belenios_tool_record_verifies_with_the_weighted_result(tool_election):
    report = verify_archive(tool_election[0])
    assert report.ok, report.failure
    assert report.summary["result"] == expected_result()
    assert report.summary["counted"] == 4 and report.summary["ballots"] == 6


def test_changed_ballot_proof_is_rejected(tool_election, tmp_path):
    path, secrets = tool_election

    def change(archive):
        digest = _payloads(archive, "Ballot")[1]
        ballot = json.loads(archive.objects[digest])
        proof = ballot["answers"][1]["individual_proofs"][0][0]
        proof["response"] = str((int(proof["response"]) + 1) % _order(archive))
        return {digest: _resign(_election(archive), secrets, ballot)}

    assert _failure(_tampered(path, tmp_path, change)) == {
        "check": "ballot proof", "object": "ballot 2",
        "message": "0/1 proof for question 2 choice 1 does not verify"}


def test_swapped_ciphertexts_with_a_new_signature_are_rejected(tool_election, tmp_path):
    path, secrets = tool_election

    def change(archive):
        digest = _payloads(archive, "Ballot")[0]
        ballot = json.loads(archive.objects[digest])
        choices = ballot["answers"][2]["choices"]
        choices[0], choices[1] = choices[1], choices[0]
        return {digest: _resign(_election(archive), secrets, ballot)}

    assert _failure(_tampered(path, tmp_path, change))["check"] == "ballot proof"


def test_changed_ballot_without_its_signature_is_rejected(tool_election, tmp_path):
    def change(archive):
        digest = _payloads(archive, "Ballot")[2]
        ballot = json.loads(archive.objects[digest])
        ballot["answers"][0]["choices"].reverse()
        return {digest: dumps(ballot)}

    assert _failure(_tampered(tool_election[0], tmp_path, change))["check"] == "ballot signature"


def test_ballot_not_in_canonical_form_is_rejected(tool_election, tmp_path):
    def change(archive):
        digest = _payloads(archive, "Ballot")[3]
        return {digest: json.dumps(json.loads(archive.objects[digest]))}

    failure = _failure(_tampered(tool_election[0], tmp_path, change))
    assert (failure["check"], failure["object"]) == ("ballot format", "ballot 4")


def test_changed_weight_is_rejected(tool_election, tmp_path):
    def change(archive):
        setup = json.loads(archive.payload(archive.events[0]))
        creds = json.loads(archive.objects[setup["credentials"]])
        parts = creds[0].split(",")
        parts[1] = str(int(parts[1]) + 1)
        creds[0] = ",".join(parts)
        return {setup["credentials"]: dumps(creds)}

    assert _failure(_tampered(tool_election[0], tmp_path, change))["check"] == "encrypted tally"


def test_changed_stored_tally_is_rejected(tool_election, tmp_path):
    def change(archive):
        sized = json.loads(archive.payload(archive.of_type("EncryptedTally")[0]))
        tally = json.loads(archive.objects[sized["encrypted_tally"]])
        tally[1][0], tally[1][1] = tally[1][1], tally[1][0]
        return {sized["encrypted_tally"]: dumps(tally)}

    assert _failure(_tampered(tool_election[0], tmp_path, change)) == {
        "check": "encrypted tally", "object": "encrypted tally question 2",
        "message": "is not the weighted product of the last ballots"}


def test_changed_ballot_count_is_rejected(tool_election, tmp_path):
    def change(archive):
        digest = _payloads(archive, "EncryptedTally")[0]
        sized = json.loads(archive.objects[digest])
        sized["num_tallied"] += 1
        return {digest: dumps(sized)}

    assert _failure(_tampered(tool_election[0], tmp_path, change))["check"] == "last ballot per credential"


def test_changed_partial_decryption_is_rejected(tool_election, tmp_path):
    def change(archive):
        owned = json.loads(archive.payload(archive.of_type("PartialDecryption")[1]))
        pd = json.loads(archive.objects[owned["payload"]])
        pd["decryption_factors"][0][0], pd["decryption_factors"][0][1] = (pd["decryption_factors"][0][1],
                                                                          pd["decryption_factors"][0][0])
        return {owned["payload"]: dumps(pd)}

    failure = _failure(_tampered(tool_election[0], tmp_path, change))
    assert (failure["check"], failure["object"]) == ("partial decryption", "trustee 4")


def test_changed_result_is_rejected(tool_election, tmp_path):
    def change(archive):
        digest = _payloads(archive, "Result")[0]
        result = json.loads(archive.objects[digest])
        result["result"][2] = [result["result"][2][1], result["result"][2][0]]
        return {digest: dumps(result)}

    failure = _failure(_tampered(tool_election[0], tmp_path, change))
    assert failure["check"] == "result" and "question 3" in failure["message"]


def test_edited_member_without_new_hash_is_rejected(tool_election, tmp_path):
    archive = read_archive(tool_election[0])
    digest = _payloads(archive, "Result")[0]
    out = os.path.join(tmp_path, "edited.bel")
    with open(tool_election[0], "rb") as f:
        data = f.read()
    text = archive.objects[digest]
    with open(out, "wb") as f:
        f.write(data.replace(text.encode(), text.replace("[", " [", 1)[:len(text)].encode()))
    assert _failure(out)["check"] == "content hash"


def test_our_archive_passes_belenios_tool_and_ours(tmp_path):
    out = str(tmp_path / "demo")
    result = CliRunner().invoke(demo_election, ["--group", "belenios-2048", "--format", "belenios", "--out", out,
                                                "--ballots", "6", "--questions", "2", "--choices", "3",
                                                "--max", "2", "--weights", "area", "--revote-rate", "0.5"])
    assert result.exit_code == 0, result.output
    (path,) = [os.path.join(out, f) for f in os.listdir(out)]
    ok, stderr = belenios_verify(path)
    assert ok, stderr
    run = CliRunner().invoke(verify, ["--format", "belenios", "--quiet", path])
    assert run.exit_code == 0 and run.output.startswith("OK election"), run.output


def test_our_tampered_archive_fails_belenios_tool(tmp_path):
    out = str(tmp_path / "demo")
    CliRunner().invoke(demo_election, ["--group", "BELENIOS-2048", "--format", "belenios", "--out", out,
                                       "--ballots", "4", "--choices", "2"])
    (path,) = [os.path.join(out, f) for f in os.listdir(out)]

    def change(archive):
        digest = _payloads(archive, "Result")[0]
        result = json.loads(archive.objects[digest])
        result["result"][0][0] += 1
        return {digest: dumps(result)}

    bad = tmp_path / "bad"
    bad.mkdir()
    tampered = _tampered(path, str(bad), change)
    assert not belenios_verify(tampered)[0]
    run = CliRunner().invoke(verify, ["--format", "belenios", "--quiet", tampered])
    assert run.exit_code == 1 and run.output.startswith("FAILED result: result:"), run.output


def test_belenios_tool_accepts_our_untouched_copy_of_its_archive(tool_election, tmp_path):
    copy = _tampered(tool_election[0], str(tmp_path), lambda archive: {})
    with open(copy, "rb") as a, open(tool_election[0], "rb") as b:
        assert a.read() == b.read()
    assert belenios_verify(copy)[0]


@pytest.mark.parametrize("workers", [1, 2])
def test_verdict_does_not_depend_on_workers(tool_election, workers, tmp_path):
    shutil.copy(tool_election[0], tmp_path)
    report = verify_archive(os.path.join(tmp_path, os.path.basename(tool_election[0])), workers=workers)
    assert report.ok and report.summary["result"] == expected_result()


def test_ciphertext_outside_the_subgroup_is_rejected(tool_election, tmp_path):
    path, secrets = tool_election

    def change(archive):
        digest = _payloads(archive, "Ballot")[4]
        ballot = json.loads(archive.objects[digest])
        election = _election(archive)
        # -alpha has the same square but order 2q: only the subgroup check can see it.
        alpha = ballot["answers"][0]["choices"][1]["alpha"]
        ballot["answers"][0]["choices"][1]["alpha"] = str(election.exps.p - int(alpha))
        return {digest: _resign(election, secrets, ballot)}

    assert _failure(_tampered(path, tmp_path, change)) == {
        "check": "element validity", "object": "ballot 5",
        "message": "question 1 choice 2: ciphertext is not in the order-q subgroup"}


def test_file_that_is_not_an_archive_fails_with_exit_code_1(tmp_path):
    path = tmp_path / "x.bel"
    path.write_text("not a tar")
    run = CliRunner().invoke(verify, ["--format", "belenios", "--quiet", str(path)])
    assert run.exit_code == 1 and run.output.startswith("FAILED archive format: archive:"), run.output
