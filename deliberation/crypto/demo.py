"""Simulate a whole election end to end and return its record."""
import os
import random
import secrets
from concurrent.futures import ProcessPoolExecutor

from deliberation.crypto import ballot as ballots_mod
from deliberation.crypto import credentials as creds
from deliberation.crypto import elgamal, keyfile, tally, trustees
from deliberation.crypto.canonical import object_hash
from deliberation.crypto.election import Election, election_params
from deliberation.crypto.group import DEFAULT_GROUP, get_group
from deliberation.crypto.record import EventLog

CHUNK = 100


def random_selection(rng, question):
    """Pick between min and max of a question's choices at random."""
    k = len(question["choices"])
    picked = set(rng.sample(range(k), rng.randint(question["min"], min(question["max"], k))))
    return [1 if i in picked else 0 for i in range(k)]


def _build_chunk(params, jobs):
    election = Election(params)
    return [ballots_mod.build_ballot(election, credential, sel)[0] for credential, sel in jobs]


def build_ballots(params, jobs, workers=None):
    """Build ballots for (credential, selections) jobs, in parallel when many."""
    if len(jobs) <= CHUNK or workers == 1:
        return _build_chunk(params, jobs)
    chunks = [jobs[i:i + CHUNK] for i in range(0, len(jobs), CHUNK)]
    with ProcessPoolExecutor(max_workers=workers or os.cpu_count()) as pool:
        return [b for chunk in pool.map(_build_chunk, [params] * len(chunks), chunks) for b in chunk]


def _key_path(keys_dir, index):
    return os.path.join(keys_dir, f"trustee-{index}.key")


def _share(trustee, keys_dir, passphrase):
    """Return the trustee's share, from its key file when there is one."""
    if keys_dir is None:
        return trustee.share
    secret = keyfile.load(_key_path(keys_dir, trustee.index), passphrase)
    return trustee.group.decode_scalar(secret["share"])


def _questions(n_questions, n_choices, min_choices, max_choices):
    return [
        {
            "question": f"Question {q + 1}",
            "choices": [f"Choice {c + 1}" for c in range(n_choices)],
            "min": min_choices,
            "max": max_choices,
        }
        for q in range(n_questions)
    ]


def demo_election(ballots=10, questions=1, choices=3, trustees_count=3, threshold=2, weights="headcount",
                  revote_rate=0.05, audited=2, group_name=DEFAULT_GROUP, min_choices=1, max_choices=1,
                  seed=None, workers=None, keys_dir=None, passphrase="demo", reissued=0):
    """Run key ceremony, voting, tally and decryption; return (record, secrets).

    With keys_dir, each trustee's secret goes to a passphrase-protected file
    there, and the deciding trustees read their shares back from those files.
    With reissued=k, the first k voters report their credential lost after voting:
    each is revoked and replaced in the event chain, and they vote again with the new one.
    """
    if not 1 <= threshold <= trustees_count:
        raise ValueError("need 1 <= threshold <= number of trustees")
    if ballots < 1 or questions < 1 or choices < 1:
        raise ValueError("need at least one ballot, question and choice")
    rng = random.Random(seed)
    group = get_group(group_name)
    uuid = secrets.token_hex(8)
    council, trustees_public = trustees.run_ceremony(group, uuid, trustees_count, threshold)
    if keys_dir is not None:
        os.makedirs(keys_dir, exist_ok=True)
        for t in council:
            keyfile.save(_key_path(keys_dir, t.index), t.secret_material(), passphrase)
    voters = max(1, ballots - int(ballots * revote_rate))
    voter_creds = [creds.generate_credential() for _ in range(voters)]
    voter_weights = [rng.randint(3000, 15000) if weights == "area" else 1 for _ in range(voters)]
    cred_list = creds.credential_list(
        group, [(creds.public_credential(group, uuid, c), w) for c, w in zip(voter_creds, voter_weights)]
    )
    params = election_params(
        uuid, "Demo election", group, group.decode(trustees_public["public_key"]),
        _questions(questions, choices, min_choices, max_choices),
        creds.credential_list_fingerprint(cred_list), object_hash(trustees_public),
        ("headcount", "weight") if weights == "area" else ("headcount",),
    )
    election = Election(params)
    voter_order = list(range(voters)) + [rng.randrange(voters) for _ in range(ballots - voters)]
    jobs = [(voter_creds[v], [random_selection(rng, q) for q in params["questions"]]) for v in voter_order]
    cast = build_ballots(params, jobs, workers)
    weight_of = creds.parse_credential_list(group, cred_list)

    log = EventLog()
    log.append("election", {"fingerprint": election.fingerprint})
    for b in cast:
        log.append("ballot", {"tracker": ballots_mod.tracker(b)})
    reissue_jobs = []
    for v in range(min(reissued, voters)):
        old = group.encode(creds.public_credential(group, uuid, voter_creds[v]))
        voter_creds[v] = creds.generate_credential()
        new = group.encode(creds.public_credential(group, uuid, voter_creds[v]))
        log.append(creds.REVOCATION, {"credential": old})
        log.append(creds.REISSUE, {"credential": new, "weight": str(weight_of[old]), "replaces": old})
        weight_of[new] = weight_of.pop(old)
        reissue_jobs.append((voter_creds[v], [random_selection(rng, q) for q in params["questions"]]))
    for b in build_ballots(params, reissue_jobs, workers):
        cast.append(b)
        log.append("ballot", {"tracker": ballots_mod.tracker(b)})
    jobs += reissue_jobs
    audited_ballots = []
    for i in range(audited):
        sel = [random_selection(rng, q) for q in params["questions"]]
        b, rs = ballots_mod.build_ballot(election, voter_creds[i % voters], sel)
        audited_ballots.append(ballots_mod.audit_record(election, b, rs, sel))
        log.append("audit", {"tracker": ballots_mod.tracker(b)})
    log.append("close", {})

    counted = [
        ([[elgamal.decode(group, ct) for ct in a["choices"]] for a in cast[i]["answers"]],
         weight_of[cast[i]["credential"]])
        for i in tally.counted_ballots(cast, weight_of)
    ]
    encrypted = tally.compute_tally(election, counted)
    tally_json = tally.encode_tally(election, encrypted)
    log.append("tally", {"hash": object_hash(tally_json)})

    deciders = sorted(rng.sample([t for t in council if t.index in trustees_public["qualified"]], threshold),
                      key=lambda t: t.index)
    partials = [tally.partial_decryption(election, encrypted, t.index, _share(t, keys_dir, passphrase))
                for t in deciders]
    for p in partials:
        log.append("decryption", {"trustee": p["trustee"], "hash": object_hash(p)})
    plaintexts = tally.combined_plaintexts(election, encrypted, partials)
    bounds = {"headcount": voters, "weight": sum(voter_weights)}
    result = {"tallies": tally.decode_result(election, plaintexts, bounds),
              "counted": str(len(tally.counted_ballots(cast, weight_of)))}
    log.append("result", {"hash": object_hash(result)})

    record = {
        "election": params, "trustees": trustees_public, "credentials": cred_list, "ballots": cast,
        "audited": audited_ballots, "events": log.events, "tally": tally_json, "decryptions": partials,
        "result": result,
    }
    return record, {"credentials": voter_creds, "trustees": council, "jobs": jobs}
