"""Threshold keys by Pedersen distributed key generation, t of n trustees.

Each trustee i deals a random polynomial f_i of degree t-1, publishes
commitments C_ik = g^a_ik with a proof of knowledge of a_i0, and sends f_i(j)
to trustee j encrypted (X25519 + AES-GCM) and signed (Ed25519). Trustee j
checks g^f_i(j) against the commitments and complains if it does not match.
The joint key is the product of the qualified dealers' C_i0; trustee j's
share is the sum of what it received, and g^share is public.
"""
import json
import os

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from deliberation.crypto import proofs
from deliberation.crypto.canonical import canonical_bytes


class ShareError(ValueError):
    """A dealt share is unreadable or does not match the dealer's commitments."""


def _raw_public(key):
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


class Trustee:
    """One trustee's secret state during and after the key ceremony."""

    def __init__(self, group, uuid, index, threshold, name=""):
        self.group, self.uuid, self.index, self.threshold = group, uuid, index, threshold
        self.name = name or f"trustee {index}"
        self.signing_key = Ed25519PrivateKey.generate()
        self.encryption_key = X25519PrivateKey.generate()
        self.coefficients = [group.random_scalar() for _ in range(threshold)]
        self.received = {}
        self.share = None

    def context(self):
        """Return the Fiat-Shamir context of this trustee's proof."""
        return f"{self.uuid}|trustee {self.index}"

    def certificate(self):
        """Return the public data this trustee publishes in the first round."""
        g = self.group
        commitments = [g.g_pow(a) for a in self.coefficients]
        pok = proofs.prove_knowledge(g, self.context(), self.coefficients[0], commitments[0])
        return {
            "index": self.index,
            "name": self.name,
            "signing_key": _raw_public(self.signing_key),
            "encryption_key": _raw_public(self.encryption_key),
            "commitments": [g.encode(c) for c in commitments],
            "proof": proofs.encode_proof(g, pok),
        }

    def evaluate(self, j):
        """Return f_i(j) mod q."""
        result = 0
        for a in reversed(self.coefficients):
            result = (result * j + a) % self.group.order
        return result

    def deal(self, certificates):
        """Return an encrypted, signed share message for every other trustee."""
        return [
            seal_share(self, cert, self.evaluate(cert["index"]))
            for cert in certificates
            if cert["index"] != self.index
        ]

    def receive(self, certificates, messages):
        """Open and check the shares addressed to me; return complaints."""
        by_index = {c["index"]: c for c in certificates}
        self.received = {self.index: self.evaluate(self.index)}
        complaints = []
        for msg in messages:
            if msg["recipient"] != self.index:
                continue
            dealer = by_index[msg["dealer"]]
            try:
                share = open_share(self, dealer, msg)
                check_share(self.group, dealer, self.index, share)
            except ShareError as exc:
                complaints.append({"accuser": self.index, "dealer": dealer["index"], "reason": str(exc)})
                continue
            self.received[dealer["index"]] = share
        return complaints

    def secret_material(self):
        """Return what the trustee must keep secret, for a passphrase-protected file."""
        def raw(key):
            return key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()).hex()

        return {
            "uuid": self.uuid,
            "index": self.index,
            "group": self.group.name,
            "share": None if self.share is None else self.group.encode_scalar(self.share),
            "coefficients": [self.group.encode_scalar(a) for a in self.coefficients],
            "signing_key": raw(self.signing_key),
            "encryption_key": raw(self.encryption_key),
        }

    def finish(self, qualified):
        """Sum the shares of the qualified dealers into my secret share."""
        self.share = sum(self.received[i] for i in qualified) % self.group.order
        return self.share


def _share_key(private_key, public_key, info):
    shared = private_key.exchange(public_key)
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(shared)


def _share_aad(uuid, dealer, recipient):
    return f"deliberation share|{uuid}|{dealer}|{recipient}".encode()


def seal_share(trustee, recipient_cert, share):
    """Encrypt a share for one recipient with an ephemeral X25519 key, then sign it."""
    ephemeral = X25519PrivateKey.generate()
    recipient_key = X25519PublicKey.from_public_bytes(bytes.fromhex(recipient_cert["encryption_key"]))
    aad = _share_aad(trustee.uuid, trustee.index, recipient_cert["index"])
    nonce = os.urandom(12)
    plaintext = json.dumps({"share": str(share)}).encode()
    body = {
        "dealer": trustee.index,
        "recipient": recipient_cert["index"],
        "ephemeral": _raw_public(ephemeral),
        "nonce": nonce.hex(),
        "ciphertext": AESGCM(_share_key(ephemeral, recipient_key, aad)).encrypt(nonce, plaintext, aad).hex(),
    }
    body["signature"] = trustee.signing_key.sign(canonical_bytes(body)).hex()
    return body


def verify_share_signature(dealer_cert, msg):
    """Tell whether a share message carries the dealer's Ed25519 signature."""
    body = {k: v for k, v in msg.items() if k != "signature"}
    key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(dealer_cert["signing_key"]))
    try:
        key.verify(bytes.fromhex(msg["signature"]), canonical_bytes(body))
    except (InvalidSignature, ValueError):
        return False
    return True


def open_share(trustee, dealer_cert, msg):
    """Check the signature and decrypt a share addressed to `trustee`."""
    if not verify_share_signature(dealer_cert, msg):
        raise ShareError("bad signature on share message")
    aad = _share_aad(trustee.uuid, dealer_cert["index"], trustee.index)
    ephemeral = X25519PublicKey.from_public_bytes(bytes.fromhex(msg["ephemeral"]))
    try:
        plaintext = AESGCM(_share_key(trustee.encryption_key, ephemeral, aad)).decrypt(
            bytes.fromhex(msg["nonce"]), bytes.fromhex(msg["ciphertext"]), aad
        )
    except InvalidTag:
        raise ShareError("share does not decrypt") from None
    return trustee.group.decode_scalar(json.loads(plaintext)["share"])


def expected_share_key(group, commitments, j):
    """Return g^f(j) computed from the commitments: prod_k C_k^(j^k)."""
    result, power = group.identity, 1
    for c in commitments:
        result = group.mul(result, group.pow(c, power))
        power = power * j % group.order
    return result


def check_share(group, dealer_cert, j, share):
    """Raise ShareError unless g^share matches the dealer's commitments at j."""
    commitments = [group.decode(c) for c in dealer_cert["commitments"]]
    if group.g_pow(share) != expected_share_key(group, commitments, j):
        raise ShareError(f"share from trustee {dealer_cert['index']} does not match its commitments")


def resolve_complaint(group, dealer_cert, complaint, revealed_share):
    """Tell whether the dealer answered a complaint with a share that checks out."""
    try:
        check_share(group, dealer_cert, complaint["accuser"], revealed_share)
    except ShareError:
        return False
    return True


def qualified_dealers(group, certificates, complaints):
    """Return the indices of dealers without an unanswered complaint.

    A dealer answers a complaint by publishing the disputed share in it
    (`revealed_share`); if that share matches the commitments the dealer stays.
    """
    by_index = {c["index"]: c for c in certificates}
    disqualified = set()
    for complaint in complaints:
        revealed = complaint.get("revealed_share")
        dealer = by_index[complaint["dealer"]]
        if revealed is None or not resolve_complaint(group, dealer, complaint, group.decode_scalar(revealed)):
            disqualified.add(complaint["dealer"])
    return sorted(set(by_index) - disqualified)


def joint_public_key(group, certificates, qualified):
    """Multiply the constant-term commitments of the qualified dealers."""
    by_index = {c["index"]: c for c in certificates}
    return group.prod(group.decode(by_index[i]["commitments"][0]) for i in qualified)


def verification_key(group, certificates, qualified, j):
    """Return g^share_j, computable by anyone from the commitments."""
    by_index = {c["index"]: c for c in certificates}
    return group.prod(
        expected_share_key(group, [group.decode(c) for c in by_index[i]["commitments"]], j)
        for i in qualified
    )


def lagrange_coefficient(group, j, indices):
    """Return the Lagrange coefficient at 0 of index j over `indices`, mod q."""
    q = group.order
    num, den = 1, 1
    for k in indices:
        if k != j:
            num = num * k % q
            den = den * (k - j) % q
    return num * pow(den, -1, q) % q


def run_ceremony(group, uuid, n, threshold):
    """Run the whole key ceremony in one process; return (trustees, public record)."""
    trustees = [Trustee(group, uuid, i, threshold) for i in range(1, n + 1)]
    certificates = [t.certificate() for t in trustees]
    messages = [m for t in trustees for m in t.deal(certificates)]
    complaints = [c for t in trustees for c in t.receive(certificates, messages)]
    qualified = qualified_dealers(group, certificates, complaints)
    for t in trustees:
        t.finish(qualified)
    for cert in certificates:
        key = verification_key(group, certificates, qualified, cert["index"])
        cert["verification_key"] = group.encode(key)
    public = {
        "threshold": threshold,
        "trustees": certificates,
        "shares": messages,
        "complaints": complaints,
        "qualified": qualified,
        "public_key": group.encode(joint_public_key(group, certificates, qualified)),
    }
    return trustees, public
