"""The browser library against the Python one: what JS builds, Python accepts."""
import pytest

from deliberation.crypto import ballot as ballots
from deliberation.crypto.canonical import canonical_json, object_hash, sha256_hex
from deliberation.crypto.credentials import parse_credential_list, public_credential

from .js_crypto_helpers import call, load_library, make_election

pytestmark = pytest.mark.e2e

SHAPES = {
    "one question, one of three": [
        {"question": "修缮电梯？", "choices": ["同意", "反对", "弃权"], "min": 1, "max": 1},
    ],
    "choose one to three of five, and a yes/no": [
        {"question": "选出委员", "choices": ["王", "李", "张", "刘", "陈"], "min": 1, "max": 3},
        {"question": "Approve the budget?", "choices": ["yes", "no"], "min": 0, "max": 1},
    ],
}


@pytest.fixture(scope="module")
def page(browser):
    context = browser.new_context()
    yield load_library(context.new_page())
    context.close()


def test_canonical_json_and_hash_match_python(page):
    value = {"b": [1, {"z": "中文", "a": None}], "a": "quote \" and \\ and \n", "é": True, "😀": 0, "\ue000": 1}
    assert call(page, "canonicalJSON", value) == canonical_json(value)
    assert call(page, "sha256hex", "选票 ballot") == sha256_hex("选票 ballot")


@pytest.mark.parametrize("shape", SHAPES)
def test_js_ballot_passes_python_check_ballot(page, shape):
    election, cred_list, secret, _, _ = make_election(questions=SHAPES[shape], weights=(1250, 8830, 4000),
                                                      tallies=("headcount", "weight"))
    selections = [[1] + [0] * (len(q["choices"]) - 1) for q in election.questions]
    out = call(page, "encryptBallot", election.params, secret[1], selections)
    decoded = ballots.check_ballot(election, parse_credential_list(election.group, cred_list), out["ballot"])
    assert [len(cts) for cts in decoded] == [len(q["choices"]) for q in election.questions]
    assert out["tracker"] == ballots.tracker(out["ballot"])
    assert call(page, "tracker", out["ballot"]) == out["tracker"]


def test_public_credential_matches_python(page):
    election, _, secret, _, _ = make_election()
    expected = election.group.encode(public_credential(election.group, election.uuid, secret[0]))
    assert call(page, "publicCredential", "Ed25519", election.uuid, secret[0]) == expected


def test_election_fingerprint_is_hashed_like_python(page):
    election, *_ = make_election()
    assert call(page, "sha256hex", call(page, "canonicalJSON", election.params)) == object_hash(election.params)
