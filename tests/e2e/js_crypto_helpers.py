"""Python-side elections and a blank browser page with the ballot library loaded."""
import secrets
from pathlib import Path

from deliberation.crypto import credentials as creds
from deliberation.crypto import trustees
from deliberation.crypto.canonical import object_hash
from deliberation.crypto.election import Election, election_params
from deliberation.crypto.group import get_group

BUNDLE = Path(__file__).resolve().parents[2] / "static" / "js" / "vendor" / "ballot-crypto.js"


def load_library(page):
    """Load the committed bundle into a blank page (no app CSP there) and return the page."""
    page.goto("about:blank")
    page.add_script_tag(content=BUNDLE.read_text(encoding="utf-8"))
    assert page.evaluate("typeof window.BallotCrypto") == "object"
    return page


def call(page, function, *args):
    """Await BallotCrypto.<function>(*args) in the page and return the JSON result."""
    return page.evaluate(
        "async ([name, args]) => { let f = window.BallotCrypto;"
        " for (const part of name.split('.')) f = f[part];"
        " return await f(...args); }",
        [function, list(args)],
    )


def make_election(group_name="Ed25519", questions=None, weights=(1, 1, 1), tallies=("headcount",)):
    """Run a Python key ceremony and return (election, credential list, secret credentials, trustees)."""
    group = get_group(group_name)
    uuid = secrets.token_hex(8)
    council, public = trustees.run_ceremony(group, uuid, 3, 2)
    secret_creds = [creds.generate_credential() for _ in weights]
    cred_list = creds.credential_list(
        group, [(creds.public_credential(group, uuid, c), w) for c, w in zip(secret_creds, weights)]
    )
    questions = questions or [{"question": "修缮电梯？", "choices": ["同意", "反对", "弃权"], "min": 1, "max": 1}]
    params = election_params(uuid, "试验表决 Trial vote", group, group.decode(public["public_key"]), questions,
                             creds.credential_list_fingerprint(cred_list), object_hash(public), tallies)
    return Election(params), cred_list, secret_creds, council, public


def public_trustees(group, certificates, messages, complaints):
    """Assemble trustees.json from a ceremony's certificates, share messages and complaints."""
    accused = {c["dealer"] for c in complaints}
    qualified = sorted(c["index"] for c in certificates if c["index"] not in accused)
    certs = [dict(c) for c in certificates]
    for cert in certs:
        key = trustees.verification_key(group, certificates, qualified, cert["index"])
        cert["verification_key"] = group.encode(key)
    return {
        "threshold": len(certificates[0]["commitments"]),
        "trustees": certs,
        "shares": messages,
        "complaints": complaints,
        "qualified": qualified,
        "public_key": group.encode(trustees.joint_public_key(group, certificates, qualified)),
    }


def election_for(group, uuid, public, secret_creds, weights=None, questions=None):
    """Return (Election, credential list) for trustees.json `public` and the voters' secret credentials."""
    weights = weights or [1] * len(secret_creds)
    cred_list = creds.credential_list(
        group, [(creds.public_credential(group, uuid, c), w) for c, w in zip(secret_creds, weights)]
    )
    questions = questions or [{"question": "更换门禁？", "choices": ["同意", "反对"], "min": 0, "max": 1}]
    params = election_params(uuid, "受托人试验", group, group.decode(public["public_key"]), questions,
                             creds.credential_list_fingerprint(cred_list), object_hash(public),
                             ("headcount", "weight"))
    return Election(params), cred_list
