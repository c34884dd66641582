"""Voter credentials: a secret on a slip, a signing key derived from it."""
import secrets

from deliberation.crypto.canonical import object_hash

# Base58: no 0/O or l/I to misread on a printed slip.
ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
CREDENTIAL_LENGTH = 22  # about 129 bits


def generate_credential():
    """Draw a new secret credential string."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CREDENTIAL_LENGTH))


def signing_key(group, uuid, credential):
    """Derive the voter's secret signing scalar from a credential string."""
    return group.hash_to_scalar("credential", uuid, credential)


def public_credential(group, uuid, credential):
    """Return the public credential g^x for a secret credential."""
    return group.g_pow(signing_key(group, uuid, credential))


def credential_list(group, entries):
    """Build the public list from (public credential, weight) pairs, sorted."""
    items = [{"credential": group.encode(pub), "weight": str(int(w))} for pub, w in entries]
    items.sort(key=lambda item: item["credential"])
    return items


def credential_list_fingerprint(items):
    """Hash the public credential list as it is published."""
    return object_hash(items)


def parse_credential_list(group, items):
    """Check a public list and return {encoded credential: weight}."""
    weights = {}
    for i, item in enumerate(items):
        pub = group.decode(item["credential"])
        if pub == group.identity:
            raise ValueError(f"credential {i} is the identity element")
        weight = item["weight"]
        if not weight.isdigit() or int(weight) < 1:
            raise ValueError(f"credential {i} has an invalid weight {weight!r}")
        if item["credential"] in weights:
            raise ValueError(f"credential {i} appears twice")
        weights[item["credential"]] = int(weight)
    return weights
