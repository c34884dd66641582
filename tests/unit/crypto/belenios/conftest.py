"""Drive Debian's belenios-tool 2.0 through whole elections; skip when it is not installed."""
import glob
import hashlib
import json
import os
import shutil
import subprocess

import pytest

from deliberation.crypto.ffgroup import BELENIOS_2048

TOOL = shutil.which("belenios-tool")

if TOOL is None:
    pytest.skip("belenios-tool is not installed (Debian package belenios-tool; .ci/run installs it)",
                allow_module_level=True)

# Q1 allows a blank vote (its leading plaintext is the blank flag), Q2 may be left empty,
# Q3 needs one or two of two answers.
QUESTIONS = [
    {"answers": ["Ada", "Bea", "Cy"], "blank": True, "min": 1, "max": 1, "question": "Chair"},
    {"answers": ["Roof", "Lift", "Garden"], "min": 0, "max": 2, "question": "Works"},
    {"answers": ["Yes", "No"], "min": 1, "max": 2, "question": "Budget"},
]
WEIGHTS = [3, 1, 2, 5]
# (voter, plaintexts); voter 0 and 2 vote again, voter 3 votes blank on Q1.
VOTES = [
    (0, [[0, 1, 0, 0], [1, 1, 0], [1, 0]]),
    (1, [[0, 0, 1, 0], [0, 0, 0], [0, 1]]),
    (2, [[0, 0, 0, 1], [0, 1, 1], [1, 1]]),
    (0, [[0, 0, 1, 0], [0, 0, 1], [0, 1]]),
    (3, [[1, 0, 0, 0], [1, 0, 0], [1, 0]]),
    (2, [[0, 1, 0, 0], [0, 1, 0], [1, 0]]),
]


def expected_result():
    """Return the weighted result of the last ballot of each voter."""
    last = dict(VOTES)
    return [[sum(WEIGHTS[v] * rows[qi][ci] for v, rows in last.items()) for ci in range(len(rows_q))]
            for qi, rows_q in enumerate(VOTES[0][1])]


def tool(cwd, *args, stdin=None):
    """Run belenios-tool in cwd and return its standard output."""
    env = dict(os.environ, BELENIOS_USE_URANDOM="1")
    done = subprocess.run([TOOL, *args], cwd=cwd, input=stdin, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise RuntimeError(f"belenios-tool {' '.join(args)}: {done.stderr.strip()[-500:]}")
    return done.stdout


def _read(path):
    with open(path) as f:
        return f.read()


def credential_secret(uuid, private_credential):
    """Derive a voter's secret exponent as Belenios does (PBKDF2-HMAC-SHA256 over the uuid, 1000 rounds)."""
    key = hashlib.pbkdf2_hmac("sha256", private_credential.encode(), uuid.encode(), 1000, 32)
    return int.from_bytes(key, "big") % BELENIOS_2048["q"]


def run_election(d):
    """Run a Pedersen 2-of-3 election with a server key through belenios-tool in d; return (archive, secrets)."""
    g = ["--group", "BELENIOS-2048"]
    uuid = tool(d, "setup", "generate-token").strip()
    with open(os.path.join(d, "voters.txt"), "w") as f:
        f.writelines(f"v{i}@example.org,v{i},{w}\n" for i, w in enumerate(WEIGHTS))
    tool(d, "setup", "generate-credentials", "--uuid", uuid, *g, "--file", "voters.txt")
    os.rename(glob.glob(os.path.join(d, "*.pubcreds"))[0], os.path.join(d, "public_creds.json"))
    with open(glob.glob(os.path.join(d, "*.privcreds"))[0]) as f:
        creds = {line.split(",")[1]: line.split()[-1] for line in f if line.strip()}
    _threshold_keys(d, g)
    tool(d, "setup", "generate-trustee-key", *g)
    with open(os.path.join(d, "public_keys.jsons"), "w") as f:
        f.write("".join(_read(p) for p in sorted(glob.glob(os.path.join(d, "*.pubkey")))))
    tool(d, "setup", "make-trustees")
    os.remove(os.path.join(d, "threshold.json"))
    with open(os.path.join(d, "template.json"), "w") as f:
        json.dump({"description": "Test", "name": "Test", "questions": QUESTIONS}, f)
    tool(d, "setup", "make-election", "--uuid", uuid, *g, "--template", "template.json")
    tool(d, "archive", "init")
    for name in ("election.json", "trustees.json", "public_creds.json"):
        os.remove(os.path.join(d, name))
    for voter, plaintexts in VOTES:
        with open(os.path.join(d, "cred.txt"), "w") as f:
            f.write(creds[f"v{voter}"] + "\n")
        with open(os.path.join(d, "plain.json"), "w") as f:
            json.dump(plaintexts, f)
        ballot = tool(d, "election", "generate-ballot", "--privcred", "cred.txt", "--ballot", "plain.json")
        tool(d, "archive", "add-event", "--type=Ballot", stdin=ballot)
    tool(d, "archive", "add-event", "--type=EndBallots", stdin="")
    tool(d, "archive", "add-event", "--type=EncryptedTally", stdin=tool(d, "election", "compute-encrypted-tally"))
    keys = sorted(glob.glob(os.path.join(d, "*.key")))
    # Trustees 2 and 4 (the first and third of the threshold group) decide; trustee 1 is the server.
    for trustee_id, key in ((2, keys[0]), (4, keys[2])):
        out = tool(d, "election", "decrypt-threshold", "--key", key, "--decryption-key", key[:-4] + ".dkey",
                   "--trustee-id", str(trustee_id))
        tool(d, "archive", "add-event", "--type=PartialDecryption", stdin=out)
    server = glob.glob(os.path.join(d, "*.privkey"))[0]
    out = tool(d, "election", "decrypt", "--privkey", server, "--trustee-id", "1")
    tool(d, "archive", "add-event", "--type=PartialDecryption", stdin=out)
    tool(d, "archive", "add-event", "--type=Result", stdin=tool(d, "election", "compute-result"))
    secrets = {f"v{v}": credential_secret(uuid, c) for v, c in ((k[1:], c) for k, c in creds.items())}
    return os.path.join(d, f"{uuid}.bel"), secrets


def _threshold_keys(d, g):
    def step(*args, stdin=None):
        return tool(d, "setup", "generate-trustee-key-threshold", *g, *args, stdin=stdin)

    for _ in range(3):
        step("--step", "1")
    certs = "".join(_read(p) for p in sorted(glob.glob(os.path.join(d, "*.cert"))))
    with open(os.path.join(d, "certs.jsons"), "w") as f:
        f.write(certs)
    step("--certs", "certs.jsons", "--step", "2")
    keys = sorted(glob.glob(os.path.join(d, "*.key")))
    polynomials = "".join(step("--certs", "certs.jsons", "--key", k, "--step", "3", "--threshold", "2")
                          for k in keys)
    with open(os.path.join(d, "polynomials.jsons"), "w") as f:
        f.write(polynomials)
    step("--certs", "certs.jsons", "--step", "4", "--polynomials", "polynomials.jsons")
    outputs = "".join(step("--certs", "certs.jsons", "--key", k, "--step", "5", stdin=_read(k[:-4] + ".vinput"))
                      for k in keys)
    with open(os.path.join(d, "threshold.json"), "w") as f:
        f.write(step("--certs", "certs.jsons", "--step", "6", "--polynomials", "polynomials.jsons", stdin=outputs))


@pytest.fixture(scope="module")
def tool_election(tmp_path_factory):
    """Run one belenios-tool election per test module; return (archive path, voter secrets)."""
    return run_election(str(tmp_path_factory.mktemp("belenios")))


def belenios_verify(path):
    """Run `belenios-tool election verify` on the folder of an archive; return (ok, stderr)."""
    env = dict(os.environ, BELENIOS_USE_URANDOM="1")
    done = subprocess.run([TOOL, "election", "verify", "--dir", os.path.dirname(path)], capture_output=True,
                          text=True, env=env)
    return done.returncode == 0, done.stderr
