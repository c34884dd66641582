"""The key ceremony, relayed: trustees post certificates, shares, complaints and a key check.

Keys are made on the trustees' devices (browser or `deliberation trustee`); the server checks
and publishes what they send and never sees a secret.
"""
import json

from ..crypto import elgamal, proofs, trustees
from ..crypto.canonical import canonical_json, object_hash
from ..crypto.election import Election, election_params
from ..crypto.group import InvalidElement, get_group
from ..crypto.tally import TallyError, check_partial_decryption, decode_tally
from ..extensions import db
from ..models.base import utcnow
from . import audit, vote_belenios
from .vote_chain import lock_vote
from .votes import VoteError


def step(vote):
    """Return the ceremony's current step: certificates, shares, checks, failed or done."""
    ts = vote.trustees
    if any(t.certificate is None for t in ts):
        return "certificates"
    if any(t.shares is None for t in ts):
        return "shares"
    if any(json.loads(t.complaints or "[]") for t in ts):
        return "failed"
    if any(t.key_checked_at is None for t in ts):
        return "checks"
    return "done"


def certificates(vote):
    return [json.loads(t.certificate) for t in vote.trustees if t.certificate]


def _locked(trustee, expected_step):
    vote = lock_vote(trustee.vote_id)
    if vote.status != "ceremony" or step(vote) != expected_step:
        raise VoteError("wrong_step")
    return vote


def post_certificate(trustee, cert, actor):
    """Accept a trustee's commitments with their proof of knowledge."""
    vote = _locked(trustee, "certificates")
    if trustee.certificate is not None:
        raise VoteError("already_posted")
    group = get_group(vote.group_name)
    try:
        if cert["index"] != trustee.index or len(cert["commitments"]) != vote.threshold:
            raise VoteError("bad_certificate")
        commitments = [group.decode(c) for c in cert["commitments"]]
        bytes.fromhex(cert["signing_key"]), bytes.fromhex(cert["encryption_key"])
        pok = proofs.decode_proof(group, cert["proof"])
        valid = commitments[0] != group.identity and proofs.verify_knowledge(
            group, f"{vote.uuid}|trustee {trustee.index}", commitments[0], pok)
    except (KeyError, TypeError, ValueError, InvalidElement):
        raise VoteError("bad_certificate") from None
    if not valid:
        raise VoteError("bad_certificate")
    fields = ("index", "name", "signing_key", "encryption_key", "commitments", "proof")
    extra = vote_belenios.certificate_part(vote, cert)  # a Belenios vote's signed certificate, else {}
    trustee.certificate = canonical_json({k: cert[k] for k in fields if k in cert} | {"name": trustee.name} | extra)
    audit.record(actor, "vote.trustee_certificate", vote, trustee=trustee.index)
    db.session.commit()


def post_shares(trustee, messages, actor):
    """Accept one signed, encrypted share for every other trustee."""
    vote = _locked(trustee, "shares")
    if trustee.shares is not None:
        raise VoteError("already_posted")
    certs = {c["index"]: c for c in certificates(vote)}
    try:
        recipients = sorted(m["recipient"] for m in messages)
        ok = (recipients == sorted(i for i in certs if i != trustee.index)
              and all(m["dealer"] == trustee.index and trustees.verify_share_signature(certs[trustee.index], m)
                      for m in messages))
    except (KeyError, TypeError, ValueError):
        ok = False
    if not ok:
        raise VoteError("bad_shares")
    trustee.shares = canonical_json(messages)
    audit.record(actor, "vote.trustee_shares", vote, trustee=trustee.index)
    db.session.commit()


def messages_for(vote, trustee):
    """Return the share messages addressed to this trustee (once every trustee has dealt)."""
    if step(vote) in ("certificates", "shares"):
        return []
    return [m for t in vote.trustees for m in json.loads(t.shares) if m["recipient"] == trustee.index]


def trustees_public(vote):
    """Return trustees.json: certificates with verification keys, shares, complaints, joint key."""
    group = get_group(vote.group_name)
    certs = certificates(vote)
    qualified = [c["index"] for c in certs]
    for cert in certs:
        cert["verification_key"] = group.encode(trustees.verification_key(group, certs, qualified, cert["index"]))
    return {"threshold": vote.threshold, "trustees": certs, "qualified": qualified, "complaints": [],
            "shares": [m for t in vote.trustees for m in json.loads(t.shares or "[]")],
            "public_key": group.encode(trustees.joint_public_key(group, certs, qualified))}


def key_check(vote):
    """Return (election, tally) that each trustee decrypts to prove the share they hold works."""
    group = get_group(vote.group_name)
    public = trustees_public(vote)
    question = [{"question": "key check", "choices": ["ok"], "min": 0, "max": 1}]
    params = election_params(vote.uuid, "key check", group, group.decode(public["public_key"]), question,
                             "0" * 64, object_hash(public))
    g1 = group.g_pow(1)
    return params, {"headcount": [[elgamal.encode(group, elgamal.Ciphertext(g1, g1))]]}


def post_complaints(trustee, complaints, actor):
    """Record what the trustee found on receiving shares; any complaint stops the ceremony."""
    vote = _locked(trustee, "checks")
    if not isinstance(complaints, list):
        raise VoteError("bad_complaints")
    trustee.complaints = canonical_json(complaints)
    audit.record(actor, "vote.trustee_complaints", vote, trustee=trustee.index, complaints=len(complaints))
    db.session.commit()


def post_key_check(trustee, partial, actor):
    """Accept the trustee's decryption of the key-check ciphertext, proved against their key."""
    vote = _locked(trustee, "checks")
    group = get_group(vote.group_name)
    params, tally = key_check(vote)
    election = Election(params)
    certs = certificates(vote)
    key = trustees.verification_key(group, certs, [c["index"] for c in certs], trustee.index)
    try:
        if partial["trustee"] != trustee.index:
            raise VoteError("bad_key_check")
        check_partial_decryption(election, decode_tally(election, tally), partial, key)
    except (TallyError, KeyError, TypeError, ValueError, InvalidElement):
        raise VoteError("bad_key_check") from None
    vote_belenios.record_verification_key(vote, trustee, partial, key)
    trustee.complaints = trustee.complaints or "[]"
    trustee.key_checked_at = utcnow()
    audit.record(actor, "vote.trustee_key_check", vote, trustee=trustee.index)
    db.session.commit()


def restart(vote, actor):
    """Start the ceremony over after a complaint: every trustee makes new keys."""
    vote = lock_vote(vote.id)
    if vote.status != "ceremony":
        raise VoteError("not_ceremony")
    for t in vote.trustees:
        t.certificate = t.shares = t.complaints = t.partial = None
        t.key_checked_at = None
    audit.record(actor, "vote.ceremony_restart", vote)
    db.session.commit()
