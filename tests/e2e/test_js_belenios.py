"""The browser's Belenios ballots and trustee steps (js/src/belenios.js) against the Python checks."""
import json
import secrets

import pytest

from deliberation.crypto import credentials as creds
from deliberation.crypto import trustees
from deliberation.crypto.belenios import interop
from deliberation.crypto.belenios.archive import dumps
from deliberation.crypto.belenios.ballots import check_ballot
from deliberation.crypto.belenios.formats import Election, fingerprint
from deliberation.crypto.canonical import object_hash
from deliberation.crypto.group import get_group
from deliberation.services import vote_belenios

from .js_crypto_helpers import call, load_library

pytestmark = pytest.mark.e2e

GROUP = "BELENIOS-2048"
SHAPES = {
    "one of three": [{"question": "加装电梯？", "choices": ["同意", "反对", "弃权"], "min": 1, "max": 1}],
    "one or two of three, and one of two": [
        {"question": "Which works first?", "choices": ["Roof", "Lift", "Garden"], "min": 1, "max": 2},
        {"question": "Approve the budget?", "choices": ["yes", "no"], "min": 1, "max": 1}],
}


@pytest.fixture(scope="module")
def page(browser):
    context = browser.new_context()
    yield load_library(context.new_page())
    context.close()


def belenios_election(questions, weighting="both", voters=3):
    """Return (Election, its secret key, platform uuid, {credential: Belenios weight}, secret codes)."""
    group = get_group(GROUP)
    uuid, key = secrets.token_hex(16), group.random_scalar()
    codes = [creds.generate_credential() for _ in range(voters)]
    params = {"uuid": uuid, "name": "试验表决 Trial vote", "group": GROUP, "public_key": group.encode(group.g_pow(key)),
              "questions": questions}
    scale = interop.weight_scale(weighting, voters)
    election = Election(interop.election_text(params, weighting, scale))
    weights = {group.encode(creds.public_credential(group, uuid, c)): interop.belenios_weight(weighting, 8950, scale)
               for c in codes}
    return election, key, uuid, weights, codes


def _decrypt(election, key, ballot):
    ex = election.exps
    return [[next(m for m in (0, 1) if ex.g_pow(m) * ex.pow(int(c["alpha"]), key) % ex.p == int(c["beta"]))
             for c in answer["choices"]] for answer in ballot["answers"]]


@pytest.mark.parametrize("shape", SHAPES)
def test_js_ballot_passes_the_belenios_ballot_check_and_encrypts_the_choices(page, shape):
    election, key, uuid, weights, codes = belenios_election(SHAPES[shape])
    selections = [[1] + [0] * (len(q["answers"]) - 1) for q in election.questions]
    selections[0][-1] = 1 if election.questions[0]["max"] > 1 else 0
    out = call(page, "belenios.encryptBallot", election.text, uuid, codes[1], selections)
    text = interop.ballot_text(out["ballot"])
    assert text == dumps(out["ballot"])  # the browser writes Belenios' field order itself
    credential, _ = check_ballot(election, weights, text)
    assert weights[credential] and credential == out["ballot"]["credential"]
    assert _decrypt(election, key, out["ballot"]) == selections
    assert out["tracker"] == object_hash(out["ballot"])


def test_js_ballot_outside_min_max_is_not_made(page):
    election, _, uuid, _, codes = belenios_election(SHAPES["one of three"])
    with pytest.raises(Exception, match="choose between 1 and 1"):
        call(page, "belenios.encryptBallot", election.text, uuid, codes[0], [[1, 1, 0]])


def test_js_fingerprint_is_belenios_hash_of_the_exact_text(page):
    election, *_ = belenios_election(SHAPES["one of three"])
    assert call(page, "belenios.fingerprint", election.text) == fingerprint(election.text) == election.fingerprint


def test_js_audited_ballot_opens_to_the_choices_and_passes_the_server_check(page):
    election, _, uuid, weights, codes = belenios_election(SHAPES["one of three"])
    out = call(page, "belenios.encryptBallot", election.text, uuid, codes[0], [[0, 0, 1]])
    record = call(page, "belenios.auditRecord", out["ballot"], out["randomness"], [[0, 0, 1]])
    assert call(page, "belenios.openAudited", election.text, record) == [[0, 0, 1]]
    assert vote_belenios.check_audited((election, weights, 1), record) == out["tracker"]
    ex = election.exps
    r = int(record["randomness"][0][2])
    assert str(ex.g_pow(r)) == out["ballot"]["answers"][0]["choices"][2]["alpha"]


def test_js_trustee_in_belenios_group_signs_a_belenios_certificate_and_proves_its_key(page):
    uuid = secrets.token_hex(16)
    made = [call(page, "trustee.create", GROUP, uuid, i, 2, f"委员{i}") for i in (1, 2, 3)]
    certificates = [m["certificate"] for m in made]
    ex = Election(interop.election_text({"uuid": uuid, "name": "x", "group": GROUP, "public_key": "1",
                                         "questions": SHAPES["one of three"]}, "headcount", 1)).exps
    for cert in certificates:
        part = interop.check_trustee_signatures(ex, cert["commitments"], cert["belenios"])
        assert json.loads(part["coefexps"]["message"]) == {"coefexps": cert["commitments"]}
    other = dict(certificates[0], belenios=dict(certificates[0]["belenios"], coefexps=certificates[1]["belenios"]["coefexps"]))
    with pytest.raises(interop.InteropError):
        interop.check_trustee_signatures(ex, other["commitments"], other["belenios"])
    messages = [msg for m in made for msg in call(page, "trustee.deal", m["state"], certificates)]
    states = [call(page, "trustee.receive", m["state"], certificates, messages)["state"] for m in made]
    group = get_group(GROUP)
    for state in states:
        posted = call(page, "belenios.verificationKey", state)
        expected = trustees.verification_key(group, certificates, [1, 2, 3], state["index"])
        assert interop.check_verification_key(ex, expected, posted)["public_key"] == group.encode(expected)
        with pytest.raises(interop.InteropError):
            interop.check_verification_key(ex, group.g_pow(1), posted)


def test_js_partial_decryptions_combine_to_the_weighted_result(page):
    group = get_group(GROUP)
    uuid = secrets.token_hex(16)
    council, public = trustees.run_ceremony(group, uuid, 3, 2)
    questions = SHAPES["one or two of three, and one of two"]
    params = {"uuid": uuid, "name": "x", "group": GROUP, "public_key": public["public_key"], "questions": questions}
    election = Election(interop.election_text(params, "area", 1))
    ex = election.exps
    rows_by_voter = [[[1, 1, 0], [0, 1]], [[0, 1, 0], [1, 0]]]
    counted = []
    for rows, weight in zip(rows_by_voter, (8950, 12000)):
        cts = []
        for row in rows:
            rs = [group.random_scalar() for _ in row]
            cts.append([(ex.g_pow(r), ex.y_pow(r) * ex.g_pow(m) % ex.p) for r, m in zip(rs, row)])
        counted.append((cts, weight))
    sized = interop.encrypted_tally(election, counted)
    rows = interop.decode_tally(election, sized)
    keys = {t.index: group.g_pow(t.share) for t in council}
    factors = {}
    for t in council[1:]:
        state = {"group": GROUP, "index": t.index, "share": str(t.share)}
        partial = call(page, "belenios.partialDecryption", election.text, sized, t.index, state)
        assert partial["trustee"] == t.index
        factors[t.index] = interop.check_partial_decryption(election, rows, partial, keys[t.index])
    counts = interop.decrypt_counts(election, rows, factors, keys, 2, sized["total_weight"])
    assert counts == [[8950, 8950 + 12000, 0], [12000, 8950]]
