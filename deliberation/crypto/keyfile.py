"""Passphrase-protected files for a trustee's secret material (scrypt + AES-GCM)."""
import base64
import json
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

SCRYPT_N = 2**15


class WrongPassphrase(ValueError):
    """The passphrase does not open the key file, or the file was altered."""


def _b64(data):
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _derive(passphrase, salt, n):
    return Scrypt(salt=salt, length=32, n=n, r=8, p=1).derive(passphrase.encode("utf-8"))


def seal(secret, passphrase, n=SCRYPT_N):
    """Encrypt a JSON-serialisable secret under a passphrase; return the file's JSON."""
    salt, nonce = os.urandom(16), os.urandom(12)
    header = {"format": "deliberation-keyfile-1", "kdf": "scrypt", "n": n, "r": 8, "p": 1, "salt": _b64(salt)}
    aad = json.dumps(header, sort_keys=True).encode()
    ciphertext = AESGCM(_derive(passphrase, salt, n)).encrypt(nonce, json.dumps(secret).encode(), aad)
    return dict(header, nonce=_b64(nonce), ciphertext=_b64(ciphertext))


def unseal(sealed, passphrase):
    """Decrypt a sealed secret; raise WrongPassphrase on failure."""
    header = {k: sealed[k] for k in ("format", "kdf", "n", "r", "p", "salt")}
    aad = json.dumps(header, sort_keys=True).encode()
    key = _derive(passphrase, _unb64(sealed["salt"]), sealed["n"])
    try:
        plaintext = AESGCM(key).decrypt(_unb64(sealed["nonce"]), _unb64(sealed["ciphertext"]), aad)
    except InvalidTag:
        raise WrongPassphrase("wrong passphrase or altered key file") from None
    return json.loads(plaintext)


def save(path, secret, passphrase, n=SCRYPT_N):
    """Write a sealed secret to path, readable by its owner only."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump(seal(secret, passphrase, n), f)


def load(path, passphrase):
    """Read and decrypt a sealed secret from path."""
    with open(path) as f:
        return unseal(json.load(f), passphrase)
