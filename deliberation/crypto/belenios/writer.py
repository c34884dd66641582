"""Write a simulated election as a Belenios 2.0 archive that belenios-tool verifies."""
import json
import os
import random
import secrets
from concurrent.futures import ProcessPoolExecutor

import gmpy2

from deliberation.crypto.belenios import proofs as bp
from deliberation.crypto.belenios.archive import ArchiveWriter, dumps
from deliberation.crypto.belenios.ballots import make_ballot
from deliberation.crypto.belenios.decryption import compute_tally, last_ballots
from deliberation.crypto.belenios.fastexp import Exps
from deliberation.crypto.belenios.formats import Election
from deliberation.crypto.group import get_group

BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_worker = {}


def _signed(ex, message, sk):
    return {"message": message, "signature": bp.encode_proof(bp.sign_message(ex, message, sk))}


def _trustee_key(ex, group_name, x):
    public = ex.g_pow(x)
    return {"pok": bp.encode_proof(bp.prove_pok(ex, group_name, x, public)), "public_key": str(public)}


def pedersen_ceremony(ex, group_name, n, threshold):
    """Run a Pedersen key generation among n trustees in one process; return (structure, secrets, subkey).

    Shares travel in clear here: the channels of 4.6.3 are not part of the public data.
    """
    q = ex.q
    sks = [secrets.randbelow(q) for _ in range(n)]
    certs = [_signed(ex, dumps({"verification": str(ex.g_pow(sk)), "encryption": str(ex.g_pow(secrets.randbelow(q)))}),
                     sk) for sk in sks]
    polys = [[secrets.randbelow(q) for _ in range(threshold)] for _ in range(n)]
    coefexps = [_signed(ex, dumps({"coefexps": [str(ex.g_pow(a)) for a in poly]}), sk) for poly, sk in zip(polys, sks)]
    shares = [sum(sum(a * j ** k for k, a in enumerate(poly)) for poly in polys) % q for j in range(1, n + 1)]
    subkey = 1
    for poly in polys:
        subkey = subkey * ex.g_pow(poly[0]) % ex.p
    body = {"threshold": threshold, "certs": certs, "coefexps": coefexps,
            "verification_keys": [_trustee_key(ex, group_name, s) for s in shares]}
    return body, shares, subkey


def _init_worker(election_text):
    _worker["election"] = Election(election_text)


def _ballot_task(args):
    secret, plaintexts = args
    return make_ballot(_worker["election"], secret, plaintexts)


def _random_row(rng, question):
    picked = set(rng.sample(range(len(question["answers"])), rng.randint(question["min"], question["max"])))
    return [1 if i in picked else 0 for i in range(len(question["answers"]))]


def write_demo_archive(out_dir, ballots=20, questions=1, choices=3, trustees_count=3, threshold=2, weights="headcount",
                       min_choices=1, max_choices=1, revote_rate=0.05, group_name="BELENIOS-2048", seed=None,
                       workers=None):
    """Simulate an election and write out_dir/UUID.bel; return (path, result)."""
    if not 1 <= threshold <= trustees_count or not 0 <= min_choices <= max_choices <= choices:
        raise ValueError("need 1 <= threshold <= trustees and 0 <= min <= max <= choices")
    rng = random.Random(seed)
    group = get_group(group_name)
    ex = Exps(group)
    uuid = "".join(secrets.choice(BASE58) for _ in range(14))
    server_secret = secrets.randbelow(ex.q)
    body, shares, subkey = pedersen_ceremony(ex, group_name, trustees_count, threshold)
    structure = [["Single", _trustee_key(ex, group_name, server_secret)], ["Pedersen", body]]
    public_key = ex.g_pow(server_secret) * subkey % ex.p
    qs = [{"answers": [f"Answer {i + 1}.{c + 1}" for c in range(choices)], "min": min_choices, "max": max_choices,
           "question": f"Question {i + 1}"} for i in range(questions)]
    election_text = dumps({"version": 1, "description": "Simulated election", "name": "Demo election",
                           "group": group_name, "public_key": str(public_key), "questions": qs, "uuid": uuid})
    election = Election(election_text)
    voters = [(secrets.randbelow(ex.q), rng.randint(100, 20000) if weights == "area" else 1) for _ in range(ballots)]
    creds = sorted(f"{ex.g_pow(s)},{w}" if weights == "area" else str(ex.g_pow(s)) for s, w in voters)
    writer = ArchiveWriter()
    setup = {"election": writer.add_data(election_text), "trustees": writer.add_data(structure),
             "credentials": writer.add_data(creds)}
    writer.add_event("Setup", writer.add_data(setup))
    casts = [(s, [_random_row(rng, q) for q in qs]) for s, _ in voters]
    casts += [(s, [_random_row(rng, q) for q in qs]) for s, _ in voters if rng.random() < revote_rate]
    texts = _make_ballots(election_text, casts, workers)
    for text in texts:
        writer.add_event("Ballot", writer.add_data(text))
    writer.add_event("EndBallots")
    weight_of = {str(ex.g_pow(s)): w for s, w in voters}
    counted = last_ballots([_ciphertexts(text) for text in texts])
    tally = compute_tally(election, counted, weight_of, workers)
    last = {str(ex.g_pow(s)): rows for s, rows in casts}
    result = [[sum(weight_of[c] * rows[qi][ci] for c, rows in last.items()) for ci in range(choices)]
              for qi in range(questions)]
    sized = {"num_tallied": len(last), "total_weight": sum(weight_of[c] for c in last),
             "encrypted_tally": writer.add_data([[{"alpha": str(a), "beta": str(b)} for a, b in row] for row in tally])}
    writer.add_event("EncryptedTally", writer.add_data(sized))
    deciders = [(1, server_secret)] + [(2 + j, shares[j]) for j in range(threshold)]
    for owner, x in deciders:
        pd = _partial_decryption(ex, election, tally, x)
        writer.add_event("PartialDecryption", writer.add_data({"owner": owner, "payload": writer.add_data(pd)}))
    writer.add_event("Result", writer.add_data({"result": result}))
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, f"{uuid}.bel")
    writer.write(path)
    return path, result


def _make_ballots(election_text, casts, workers):
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(casts) < 20:
        _init_worker(election_text)
        return [_ballot_task(c) for c in casts]
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(election_text,)) as pool:
        return list(pool.map(_ballot_task, casts, chunksize=5))


def _ciphertexts(text):
    ballot = json.loads(text)
    return ballot["credential"], [[(gmpy2.mpz(c["alpha"]), gmpy2.mpz(c["beta"])) for c in a["choices"]]
                                  for a in ballot["answers"]]


def _partial_decryption(ex, election, tally, x):
    key = ex.g_pow(x)
    factors, proofs = [], []
    for row in tally:
        pairs = [bp.prove_decryption(ex, election.fingerprint, x, key, alpha) for alpha, _ in row]
        factors.append([str(f) for f, _ in pairs])
        proofs.append([bp.encode_proof(p) for _, p in pairs])
    return {"decryption_factors": factors, "decryption_proofs": proofs}
