"""`deliberation trustee ...`: a trustee's ceremony and decryption steps, on files, offline.

Each step reads what the trustee downloaded from the vote's trustee page and writes what
they upload back. The secret stays in a passphrase-protected key file (deliberation.crypto.keyfile),
the same format the browser saves.
"""
import json

import click
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from deliberation.crypto import keyfile
from deliberation.crypto.belenios import interop
from deliberation.crypto.belenios.fastexp import Exps
from deliberation.crypto.belenios.formats import Election as BeleniosElection
from deliberation.crypto.group import DEFAULT_GROUP, get_group
from deliberation.crypto.trustees import Trustee

BELENIOS = interop.GROUP
PASSPHRASE = click.option("--passphrase", prompt=True, hide_input=True, envvar="TRUSTEE_PASSPHRASE",
                          help="Passphrase of the key file (or set TRUSTEE_PASSPHRASE).")


def restore_trustee(state):
    """Rebuild a Trustee from its secret material (Trustee.secret_material())."""
    group = get_group(state["group"])
    trustee = Trustee.__new__(Trustee)
    trustee.group, trustee.uuid, trustee.index = group, state["uuid"], state["index"]
    trustee.coefficients = [group.decode_scalar(a) for a in state["coefficients"]]
    trustee.threshold, trustee.name = len(trustee.coefficients), state.get("name", f"trustee {state['index']}")
    trustee.signing_key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(state["signing_key"]))
    trustee.encryption_key = X25519PrivateKey.from_private_bytes(bytes.fromhex(state["encryption_key"]))
    trustee.received = {}
    trustee.share = None if state.get("share") is None else group.decode_scalar(state["share"])
    return trustee


def _read(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def _write(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    click.echo(f"wrote {path}")


def _certificates(path):
    data = _read(path)
    return data["trustees"] if isinstance(data, dict) else data


@click.group("trustee")
def trustee():
    """Take part in a vote's key ceremony and decryption as a trustee."""


@trustee.command("generate")
@click.option("--uuid", required=True, help="The vote's uuid (on the trustee page).")
@click.option("--index", type=int, required=True, help="Your trustee number.")
@click.option("--threshold", type=int, required=True, help="How many trustees must decrypt.")
@click.option("--name", default="")
@click.option("--group", "group_name", default=DEFAULT_GROUP, show_default=True,
              help="The vote's group: BELENIOS-2048 for a vote in Belenios' format.")
@click.option("--key", "key_path", required=True, type=click.Path(), help="Key file to create.")
@click.option("--out", required=True, type=click.Path(), help="Certificate to upload.")
@PASSPHRASE
def generate(uuid, index, threshold, name, group_name, key_path, out, passphrase):
    """Make your keys: save the secret in a key file, write the public certificate."""
    me = Trustee(get_group(group_name), uuid, index, threshold, name)
    keyfile.save(key_path, me.secret_material(), passphrase)
    cert = me.certificate()
    if me.group.name == BELENIOS:
        # A vote in Belenios' format also takes Belenios' signed certificate and commitments.
        cert["belenios"] = interop.trustee_signatures(Exps(me.group), cert["commitments"])
    _write(out, cert)


@trustee.command("deal")
@click.argument("key_path", type=click.Path(exists=True))
@click.argument("certificates", type=click.Path(exists=True))
@click.option("--out", required=True, type=click.Path(), help="Share messages to upload.")
@PASSPHRASE
def deal(key_path, certificates, out, passphrase):
    """Write an encrypted, signed share for every other trustee."""
    me = restore_trustee(keyfile.load(key_path, passphrase))
    _write(out, me.deal(_certificates(certificates)))


@trustee.command("receive")
@click.argument("key_path", type=click.Path(exists=True))
@click.argument("certificates", type=click.Path(exists=True))
@click.argument("messages", type=click.Path(exists=True))
@click.option("--out", required=True, type=click.Path(), help="Complaints to upload (empty if all is well).")
@PASSPHRASE
def receive(key_path, certificates, messages, out, passphrase):
    """Open and check the shares sent to you; keep your key share in the key file."""
    me = restore_trustee(keyfile.load(key_path, passphrase))
    certs = _certificates(certificates)
    complaints = me.receive(certs, _read(messages))
    if not complaints:
        me.finish(sorted(c["index"] for c in certs))
        keyfile.save(key_path, me.secret_material(), passphrase)
    _write(out, complaints)
    click.echo("all shares check out" if not complaints else f"{len(complaints)} complaint(s): upload them")


@trustee.command("decrypt")
@click.argument("key_path", type=click.Path(exists=True))
@click.argument("election_path", type=click.Path(exists=True))
@click.argument("tally_path", type=click.Path(exists=True))
@click.option("--out", required=True, type=click.Path(), help="Partial decryption to upload.")
@PASSPHRASE
def decrypt(key_path, election_path, tally_path, out, passphrase):
    """Decrypt your part of a tally (or of the key check), with proofs.

    For a vote in Belenios' format, give its belenios-election.json: the partial
    decryption is then Belenios'; the key check also carries the Belenios verification key.
    """
    from deliberation.crypto.election import Election
    from deliberation.crypto.tally import decode_tally, partial_decryption

    me = restore_trustee(keyfile.load(key_path, passphrase))
    if me.share is None:
        raise click.ClickException("this key file has no key share yet: run `receive` first")
    with open(election_path, encoding="utf-8") as f:
        text = f.read()  # a Belenios election is hashed over these exact bytes
    if "tallies" not in json.loads(text):
        election = BeleniosElection(text)
        rows = interop.decode_tally(election, _read(tally_path))
        _write(out, {"trustee": me.index,
                     **interop.partial_decryption(election.exps, election.fingerprint, rows, me.share)})
        return
    election = Election(json.loads(text))
    partial = partial_decryption(election, decode_tally(election, _read(tally_path)), me.index, me.share)
    if me.group.name == BELENIOS:
        partial["belenios_key"] = interop.verification_key(Exps(me.group), me.share)
    _write(out, partial)
