"""The browser library against the Python one: what JS builds, Python accepts."""
import pytest

from deliberation.crypto import ballot as ballots
from deliberation.crypto.canonical import canonical_json, object_hash, sha256_hex
from deliberation.crypto.election import Election
from deliberation.crypto.group import InvalidElement
from deliberation.crypto.credentials import generate_credential, parse_credential_list, public_credential

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
    value = {"b": [1, {"z": "中文", "a": None}], "a": "quote \" and \\ and \n", "é": True, "😀": 0, "\ue000": 1,
             "controls": "\x01\x1f\x7f\u2028\t", "big": 2**53 - 1, "empty": [{}, []]}
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


@pytest.mark.parametrize("group_name", ["Ristretto255", "BELENIOS-2048", "RFC-3526-2048"])
def test_js_ballot_in_other_groups_passes_python_check_ballot(page, group_name):
    election, cred_list, secret, _, _ = make_election(group_name)
    out = call(page, "encryptBallot", election.params, secret[0], [[0, 0, 1]])
    ballots.check_ballot(election, parse_credential_list(election.group, cred_list), out["ballot"])
    assert call(page, "publicCredential", group_name, election.uuid, secret[0]) == out["ballot"]["credential"]


@pytest.fixture(scope="module")
def trial():
    """One election of two questions (choose 1..3 of 5, yes/no) with three weighted voters."""
    election, cred_list, secret, _, _ = make_election(questions=SHAPES["choose one to three of five, and a yes/no"],
                                                      weights=(1250, 8830, 4000), tallies=("headcount", "weight"))
    return election, parse_credential_list(election.group, cred_list), secret


def test_js_audited_ballot_passes_python_check_audited_ballot(page, trial):
    election, _, secret = trial
    selections = [[0, 1, 1, 0, 1], [0, 0]]
    out = call(page, "encryptBallot", election.params, secret[0], selections)
    audited = call(page, "auditRecord", election.params, out["ballot"], out["randomness"], selections)
    ballots.check_audited_ballot(election, audited)
    assert audited["plaintexts"] == [["0", "1", "1", "0", "1"], ["0", "0"]]
    assert call(page, "openAudited", election.params, audited) == selections


def test_audited_ballot_claiming_other_choices_is_refused_by_python(page, trial):
    election, _, secret = trial
    out = call(page, "encryptBallot", election.params, secret[0], [[1, 0, 0, 0, 0], [1, 0]])
    audited = call(page, "auditRecord", election.params, out["ballot"], out["randomness"], [[0, 1, 0, 0, 0], [1, 0]])
    with pytest.raises(ballots.BallotError) as err:
        ballots.check_audited_ballot(election, audited)
    assert (err.value.check, err.value.message) == ("audited ballot", "question 1 choice 1 does not open to 0")


def test_ballot_with_a_flipped_bit_is_refused_by_the_signature_check(page, trial):
    election, weights, secret = trial
    ballot = call(page, "encryptBallot", election.params, secret[2], [[1, 0, 0, 0, 0], [0, 1]])["ballot"]
    alpha = ballot["answers"][1]["choices"][0]["alpha"]
    ballot["answers"][1]["choices"][0]["alpha"] = alpha[:10] + format(int(alpha[10], 16) ^ 1, "x") + alpha[11:]
    with pytest.raises(ballots.BallotError) as err:
        ballots.check_ballot(election, weights, ballot)
    assert (err.value.check, err.value.message) == ("ballot signature", "credential signature does not verify")


def test_ballot_with_a_bad_proof_is_refused_even_when_re_signed(page, trial):
    election, weights, secret = trial
    ballot = call(page, "encryptBallot", election.params, secret[2], [[1, 0, 0, 0, 0], [0, 1]])["ballot"]
    proof = ballot["answers"][0]["proofs"][3][1]
    proof["response"] = str((int(proof["response"]) + 1) % election.group.order)
    with pytest.raises(ballots.BallotError) as err:
        ballots.check_ballot(election, weights, ballots.sign_ballot(election, secret[2], ballot))
    assert (err.value.check, err.value.message) == ("ballot proof", "0/1 proof for question 1 choice 4 does not verify")


def test_ballot_with_a_credential_not_on_the_list_is_refused(page, trial):
    election, weights, _ = trial
    ballot = call(page, "encryptBallot", election.params, generate_credential(), [[0, 0, 1, 0, 0], [1, 0]])["ballot"]
    with pytest.raises(ballots.BallotError) as err:
        ballots.check_ballot(election, weights, ballot)
    assert err.value.check == "unknown credential"


def test_ballot_signed_with_another_voters_credential_is_refused(page, trial):
    election, weights, secret = trial
    ballot = call(page, "encryptBallot", election.params, secret[0], [[0, 0, 1, 0, 0], [1, 0]])["ballot"]
    ballot["credential"] = call(page, "publicCredential", "Ed25519", election.uuid, secret[1])
    with pytest.raises(ballots.BallotError) as err:
        ballots.check_ballot(election, weights, ballot)
    assert err.value.check == "ballot signature"


@pytest.mark.parametrize("selections, message", [
    ([[1, 1, 1, 1, 0], [0, 0]], "question 1: choose between 1 and 3 options"),
    ([[1, 0, 0, 0, 0], [1, 1]], "question 2: choose between 0 and 1 options"),
    ([[1, 0, 0, 0, 2], [0, 0]], "question 1: each choice must be selected 0 or 1 times"),
    ([[1, 0, 0, 0, 0]], "one selection list per question is needed"),
])
def test_selections_outside_the_rules_are_refused_in_js(page, trial, selections, message):
    election, _, secret = trial
    caught = page.evaluate(
        "async ([e, c, s]) => { try { await BallotCrypto.encryptBallot(e, c, s); return null; }"
        " catch (err) { return err.message; } }", [election.params, secret[0], selections])
    assert caught == message


@pytest.mark.parametrize("key", [
    "98519eadf35b995233b51b5cd23e9cc5a28b639b5a4af0ec903cb960d81b7819",  # generator plus a point of order 8
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  # (0, -1), of order 2
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  # y = p, not canonical
])
def test_js_refuses_an_election_key_python_refuses(page, trial, key):
    election, _, secret = trial
    params = dict(election.params, public_key=key)
    with pytest.raises(InvalidElement):
        Election(params)
    caught = page.evaluate(
        "async ([e, c]) => { try { await BallotCrypto.encryptBallot(e, c, [[1, 0, 0, 0, 0], [0, 0]]); return null; }"
        " catch (err) { return err.message; } }", [params, secret[0]])
    assert caught is not None and ("subgroup" in caught or "canonical" in caught)


def test_js_refuses_the_identity_as_election_key(page, trial):
    election, _, secret = trial
    params = dict(election.params, public_key="01" + "00" * 31)
    caught = page.evaluate(
        "async ([e, c]) => { try { await BallotCrypto.encryptBallot(e, c, [[1, 0, 0, 0, 0], [0, 0]]); return null; }"
        " catch (err) { return err.message; } }", [params, secret[0]])
    assert caught == "the election key is the identity element"


def test_library_runs_under_the_apps_content_security_policy(phone, live_server, trial):
    election, weights, secret = trial
    response = phone.goto(live_server + "/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    phone.add_script_tag(url=live_server + "/static/js/vendor/ballot-crypto.js")
    out = call(phone, "encryptBallot", election.params, secret[1], [[0, 0, 0, 1, 1], [1, 0]])
    ballots.check_ballot(election, weights, out["ballot"])
    assert phone.console_errors == []


def test_typed_slip_code_is_cleaned_and_checked(page):
    code = generate_credential()
    typed = f" {code[:4]} {code[4:8]}-{code[8:]}\n"
    assert call(page, "credentialCode", typed) == code
    assert call(page, "credentialCode", code[:-1]) is None
    assert call(page, "credentialCode", code[:-1] + "0") is None  # 0 is not in the slips' alphabet
