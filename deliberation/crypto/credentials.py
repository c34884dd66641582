"""Voter credentials: a secret on a slip, a signing key derived from it; the list and its changes."""
import secrets
from dataclasses import dataclass, field

from deliberation.crypto.canonical import object_hash
from deliberation.crypto.group import InvalidElement

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


# Event types of the chain that change the list after opening (docs/election-record.md).
REVOCATION, REISSUE = "revocation", "credential"
CREDENTIAL_EVENTS = (REVOCATION, REISSUE)


class CredentialEventError(ValueError):
    """A revocation or reissue breaks the rules; `check` names the rule and `seq` the event."""

    def __init__(self, check, seq, message):
        super().__init__(f"event {seq}: {message}")
        self.check, self.seq, self.message = check, seq, message


@dataclass
class Roster:
    """Which credential may sign a ballot where in the chain.

    `weights` holds every credential ever on the list (those frozen at opening and their
    replacements), `issued` the event that added each replacement, `revoked` the event that
    revoked a credential, and `replaced` each revoked credential's replacement.
    """

    weights: dict
    issued: dict = field(default_factory=dict)
    revoked: dict = field(default_factory=dict)
    replaced: dict = field(default_factory=dict)

    @property
    def in_force(self):
        """Return {credential: weight} of the credentials not revoked."""
        return {c: w for c, w in self.weights.items() if c not in self.revoked}

    def problem(self, credential, seq):
        """Return None if the credential may sign a ballot at event `seq`, else (check, message)."""
        short = f"credential {credential[:16]}..."
        if credential not in self.weights:
            return "unknown credential", f"{short} is not on the list"
        if self.issued.get(credential, 0) > seq:
            return "unknown credential", f"{short} was issued only at event {self.issued[credential]}"
        if self.revoked.get(credential, seq + 1) < seq:
            return "revoked credential", f"{short} was revoked at event {self.revoked[credential]}"
        return None


def replay(group, frozen, events):
    """Apply the chain's revocations and reissues to the list frozen at opening; return the Roster.

    The rules: a credential on the list is revoked at most once; a new credential replaces
    exactly one revoked credential, with the same weight, and was never on the list; both
    happen after the election event and before the close event. The first event breaking
    one raises CredentialEventError.
    """
    roster = Roster(dict(frozen))
    opened = closed = False
    for event in events:
        kind, seq = event["type"], event["seq"]
        if kind == "election":
            opened = True
        elif kind == "close":
            closed = True
        elif kind in CREDENTIAL_EVENTS:
            if not opened or closed:
                check = "credential revocation" if kind == REVOCATION else "credential reissue"
                raise CredentialEventError(check, seq, "comes while the vote is not open")
            (_revoke if kind == REVOCATION else _reissue)(group, roster, seq, event["payload"])
    return roster


def _revoke(group, roster, seq, payload):
    if not isinstance(payload, dict) or set(payload) != {"credential"}:
        raise CredentialEventError("credential revocation", seq, "payload must be {credential}")
    credential = payload["credential"]
    if credential not in roster.weights:
        raise CredentialEventError("credential revocation", seq, f"revokes {str(credential)[:16]}..., "
                                   "which is not on the list")
    if credential in roster.revoked:
        raise CredentialEventError("credential revocation", seq, f"revokes {credential[:16]}... a second time "
                                   f"(first at event {roster.revoked[credential]})")
    roster.revoked[credential] = seq


def _reissue(group, roster, seq, payload):
    if not isinstance(payload, dict) or set(payload) != {"credential", "weight", "replaces"}:
        raise CredentialEventError("credential reissue", seq, "payload must be {credential, weight, replaces}")
    credential, old = payload["credential"], payload["replaces"]
    if old not in roster.revoked:
        raise CredentialEventError("credential reissue", seq, f"replaces {str(old)[:16]}..., which is not revoked")
    if old in roster.replaced:
        raise CredentialEventError("credential reissue", seq, f"replaces {old[:16]}..., which was already "
                                   f"replaced by {roster.replaced[old][:16]}...")
    if payload["weight"] != str(roster.weights[old]):
        raise CredentialEventError("credential reissue", seq, f"weight {payload['weight']!r} is not "
                                   f"{roster.weights[old]}, the weight of the credential it replaces")
    try:
        if group.decode(credential) == group.identity:
            raise InvalidElement("the new credential is the identity element")
    except InvalidElement as exc:
        raise CredentialEventError("element validity", seq, str(exc)) from None
    if credential in roster.weights:
        raise CredentialEventError("credential reissue", seq, f"{credential[:16]}... was on the list already")
    roster.weights[credential] = roster.weights[old]
    roster.issued[credential] = seq
    roster.replaced[old] = credential
