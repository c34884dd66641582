"""Votes in the group BELENIOS-2048: Belenios-format ballots, trustee data and decryptions, and the UUID.bel export.

Such a vote keeps the platform's election.json, credential list and trustees.json
(crypto/belenios/interop.py derives the Belenios structures from them), but what
carries a secret is made in Belenios' own format on the voter's or trustee's
device: ballots, the trustees' signed certificates and verification keys, and
partial decryptions. The export then writes one archive that belenios-tool
verifies as it would one of its own elections.
"""
import io
import json
from collections import OrderedDict

from sqlalchemy import func, select

from ..crypto import ballot as ballots_mod
from ..crypto.belenios import interop
from ..crypto.belenios.archive import ArchiveWriter, sha256_hex
from ..crypto.belenios.ballots import BallotError, check_ballot
from ..crypto.belenios.formats import Election, FormatError, decode_element
from ..crypto.canonical import canonical_json, object_hash
from ..crypto.checks import VerificationError
from ..crypto.tally import TallyError
from ..extensions import db
from ..models import Ballot, VoteVoter
from .vote_casting import election_of
from .votes import VoteError

GROUP = interop.GROUP
_CACHE = OrderedDict()


def is_belenios(vote):
    """Tell whether the vote runs in Belenios' group, with Belenios-format ballots, trustees and decryptions."""
    return vote.group_name == GROUP


def belenios_of(vote):
    """Return (Belenios Election, {credential in force: Belenios weight}, weight scale) of an open vote.

    The election text is derived once from what froze when the vote opened; the
    weights follow the credentials in force (services.vote_casting.election_of).
    """
    election, areas = election_of(vote)
    held = _CACHE.get((vote.id, vote.uuid))
    if held is None:
        # Heads per count never exceed the roll, frozen before the vote opened.
        voters = db.session.scalar(select(func.count(VoteVoter.id)).where(VoteVoter.vote_id == vote.id))
        scale = interop.weight_scale(vote.weighting, voters)
        held = _CACHE[(vote.id, vote.uuid)] = {
            "election": Election(interop.election_text(election.params, vote.weighting, scale)), "scale": scale}
        while len(_CACHE) > 16:
            _CACHE.popitem(last=False)
    if held.get("areas") is not areas:
        held["weights"] = {c: interop.belenios_weight(vote.weighting, a, held["scale"]) for c, a in areas.items()}
        held["areas"] = areas
    return held["election"], held["weights"], held["scale"]


def election_text(vote):
    """Return the exact text of the vote's Belenios election (what ballots and decryptions hash)."""
    return belenios_of(vote)[0].text


# ---- casting ----

def ballot_body(ballot):
    """Return the bytes to store for a posted Belenios ballot: its canonical text, whose SHA-256 is the tracker.

    The tracker is then also the name of the ballot's member in the exported UUID.bel.
    A ballot that is not shaped like a Belenios one is stored as it came, to be refused by the check.
    """
    try:
        return interop.ballot_text(ballot).encode("utf-8")
    except interop.InteropError:
        return canonical_json(ballot).encode("utf-8")


def check_belenios_ballot(vote, ballot):
    """Check a Belenios ballot (dict or text) completely; return its tracker or raise crypto.ballot.BallotError."""
    election, weights, _ = belenios_of(vote)
    try:
        text = interop.ballot_text(json.loads(ballot) if isinstance(ballot, (str, bytes)) else ballot)
        check_ballot(election, weights, text)
    except interop.InteropError as error:
        raise ballots_mod.BallotError(error.check, error.message) from None
    except BallotError as error:
        raise ballots_mod.BallotError(error.check, error.message) from None
    except ValueError:
        raise ballots_mod.BallotError("ballot format", "not JSON") from None
    return sha256_hex(text)


def check_audited(belenios, audited):
    """Check a Benaloh-challenged Belenios ballot: every check of a cast one, and that it opens as claimed.

    `belenios` is belenios_of(vote), taken before the caller ends its transaction.
    Return the ballot's tracker or raise crypto.ballot.BallotError.
    """
    election, weights, _ = belenios
    try:
        if set(audited) != {"ballot", "randomness", "plaintexts"}:
            raise ballots_mod.BallotError("ballot format", "an audited ballot has ballot, randomness, plaintexts")
        text = interop.ballot_text(audited["ballot"])
        _, rows = check_ballot(election, weights, text)
        interop.check_opening(election, rows, audited["randomness"], audited["plaintexts"])
    except (interop.InteropError, BallotError) as error:
        raise ballots_mod.BallotError(error.check, error.message) from None
    return object_hash(audited["ballot"])


# ---- the key ceremony ----

def certificate_part(vote, cert):
    """Return the Belenios part to keep with a trustee's certificate ({} for other groups).

    A trustee of a Belenios vote signs a Belenios certificate and its commitments
    (coefexps) with a Belenios signing key; refuse the certificate without them.
    """
    if not is_belenios(vote):
        return {}
    try:
        part = interop.check_trustee_signatures(_exps(), cert["commitments"], cert["belenios"])
    except (interop.InteropError, KeyError, TypeError):
        raise VoteError("bad_certificate") from None
    return {"belenios": part}


def record_verification_key(vote, trustee, posted, key):
    """Keep the trustee's Belenios verification key, posted with the key check, in its certificate.

    `key` is g^share as the ceremony computed it; the posted key must be the same,
    with a Belenios proof of knowledge of the share.
    """
    if not is_belenios(vote):
        return
    try:
        part = interop.check_verification_key(_exps(), key, posted["belenios_key"])
    except (interop.InteropError, KeyError, TypeError):
        raise VoteError("bad_key_check") from None
    cert = json.loads(trustee.certificate)
    cert["belenios"]["verification_key"] = part
    trustee.certificate = canonical_json(cert)


_EXPS = []


def _exps():
    """Return the exponentiation tables of the bare group (no election key yet)."""
    if not _EXPS:
        from ..crypto.belenios.fastexp import Exps
        from ..crypto.group import get_group

        _EXPS.append(Exps(get_group(GROUP)))
    return _EXPS[0]


# ---- tally, decryption, result ----

def encrypted_tally(vote, counted):
    """Return the sized encrypted tally of counted ballots given as (ciphertext rows, area) pairs."""
    election, _, scale = belenios_of(vote)
    pairs = [([[(ct.alpha, ct.beta) for ct in row] for row in rows], interop.belenios_weight(vote.weighting, w, scale))
             for rows, w in counted]
    return interop.encrypted_tally(election, pairs)


def check_partial(vote, partial, key):
    """Check a trustee's Belenios partial decryption against its verification key; return the tally rows.

    Raises TallyError (the caller answers bad_partial).
    """
    election, _, _ = belenios_of(vote)
    try:
        rows = interop.decode_tally(election, json.loads(vote.tally_json))
        interop.check_partial_decryption(election, rows, partial, decode_element(election.group, key))
    except (interop.InteropError, FormatError) as error:
        raise TallyError(str(error)) from None
    return rows


def decrypted_tallies(vote, rows, partials):
    """Combine the deciders' partial decryptions and return the platform's tallies {"headcount", "weight"}."""
    election, _, scale = belenios_of(vote)
    keys = {c["index"]: decode_element(election.group, c["verification_key"])
            for c in json.loads(vote.trustees_json)["trustees"]}
    factors = {p["trustee"]: interop.check_partial_decryption(election, rows, p, keys[p["trustee"]])
               for p in partials}
    bound = json.loads(vote.tally_json)["total_weight"]
    try:
        counts = interop.decrypt_counts(election, rows, factors, keys, vote.threshold, bound)
    except (VerificationError, ValueError) as error:
        raise TallyError(str(error)) from None
    return {kind: [[str(c) for c in row] for row in table]
            for kind, table in interop.split_counts(vote.weighting, scale, counts).items()}


# ---- the export ----

def _deciders(vote):
    return [t for t in vote.trustees if t.partial is not None][:vote.threshold]


def write_archive(vote):
    """Return (the bytes of vote-N.bel, its event-chain head): the published vote as a Belenios archive."""
    election, _, scale = belenios_of(vote)
    # The credentials in force when the vote closed, and their ballots: a credential
    # revoked during the vote, and what it cast, count for nothing, here as in the tally.
    _, areas = election_of(vote)
    # Dated by publication, so that every download is the same file.
    writer = ArchiveWriter(int(vote.published_at.timestamp()))
    setup = {"election": writer.add_data(election.text),
             "trustees": writer.add_data(interop.trustees_structure(json.loads(vote.trustees_json))),
             "credentials": writer.add_data(interop.public_credentials(areas, vote.weighting, scale))}
    writer.add_event("Setup", writer.add_data(setup))
    ballots = db.session.execute(select(Ballot.credential, Ballot.body).where(Ballot.vote_id == vote.id)
                                 .order_by(Ballot.seq))
    for credential, body in ballots:
        if credential in areas:
            writer.add_event("Ballot", writer.add_data(interop.ballot_text(json.loads(body))))
    writer.add_event("EndBallots")
    sized = json.loads(vote.tally_json)
    writer.add_event("EncryptedTally", writer.add_data({
        "num_tallied": sized["num_tallied"], "total_weight": sized["total_weight"],
        "encrypted_tally": writer.add_data(sized["encrypted_tally"])}))
    for t in _deciders(vote):
        partial = json.loads(t.partial)
        pd = {"decryption_factors": partial["decryption_factors"], "decryption_proofs": partial["decryption_proofs"]}
        writer.add_event("PartialDecryption", writer.add_data({"owner": t.index, "payload": writer.add_data(pd)}))
    result = interop.packed_counts(vote.weighting, scale, json.loads(vote.result_json)["tallies"])
    writer.add_event("Result", writer.add_data({"result": result}))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), writer.head


_HEADS = OrderedDict()


def archive_head(vote):
    """Return the event-chain head of the published vote's archive, computed once per process."""
    key = (vote.id, vote.uuid, vote.chain_head)
    if key not in _HEADS:
        _HEADS[key] = write_archive(vote)[1]
        while len(_HEADS) > 64:
            _HEADS.popitem(last=False)
    return _HEADS[key]
