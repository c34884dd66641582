"""Prime-order groups behind one small interface, written multiplicatively.

Protocol code only calls `mul`, `div`, `pow`, `g_pow`, `encode`, `decode`,
`hash_to_scalar` and the scalar helpers, so it runs unchanged on Ed25519 and
on a finite-field Schnorr group (see ffgroup.py).
"""
import abc
import hashlib
import secrets

# PyNaCl's cffi module: nacl.bindings wraps the same functions but adds
# argument checks that cost about 15% of a scalar multiplication, which the
# verifier does millions of times.
from nacl._sodium import ffi, lib


class InvalidElement(ValueError):
    """An encoded value is not an element of the prime-order group."""


class Group(abc.ABC):
    """A cyclic group of prime order `order` with generator `generator`."""

    name = ""
    order = 0
    identity = None
    generator = None

    @abc.abstractmethod
    def mul(self, a, b):
        """Return the group operation a*b."""

    @abc.abstractmethod
    def div(self, a, b):
        """Return a/b."""

    @abc.abstractmethod
    def pow(self, a, k):
        """Return a^k for an integer k."""

    @abc.abstractmethod
    def g_pow(self, k):
        """Return g^k for the generator g."""

    @abc.abstractmethod
    def encode(self, x):
        """Return the JSON string form of an element."""

    @abc.abstractmethod
    def decode(self, s):
        """Parse an element and check that it lies in the group."""

    def decode_deferred(self, s):
        """Parse an element whose check happens when it is first raised to a power.

        Only for elements that a proof verification raises to a non-zero
        power right away; every other element goes through `decode`.
        """
        return self.decode(s)

    def prod(self, elements):
        """Multiply a sequence of elements."""
        result = self.identity
        for x in elements:
            result = self.mul(result, x)
        return result

    def random_scalar(self):
        """Draw a uniform non-zero scalar."""
        return 1 + secrets.randbelow(self.order - 1)

    def encode_scalar(self, k):
        """Encode a scalar as a decimal string, as JSON integers overflow in JS."""
        return str(k % self.order)

    def decode_scalar(self, s):
        """Parse a canonical decimal scalar in [0, order)."""
        if not isinstance(s, str) or not s.isdigit() or (len(s) > 1 and s[0] == "0"):
            raise InvalidElement(f"not a canonical scalar: {s!r}")
        k = int(s)
        if k >= self.order:
            raise InvalidElement("scalar out of range")
        return k

    def hash_to_scalar(self, *parts):
        """Hash string parts joined by '|' with SHA-512 and reduce mod order."""
        data = "|".join(parts).encode("utf-8")
        return int.from_bytes(hashlib.sha512(data).digest(), "big") % self.order

    def encode_all(self, elements):
        """Join encoded elements with commas for hashing."""
        return ",".join(self.encode(x) for x in elements)


L_ED25519 = 2**252 + 27742317777372353535851937790883648493
_ED_IDENTITY = b"\x01" + b"\x00" * 31
_ED_P = 2**255 - 19
_Y_MASK = 2**255 - 1


class Ed25519Group(Group):
    """The prime-order subgroup of Ed25519, elements as 32-byte encodings."""

    name = "Ed25519"
    order = L_ED25519
    identity = _ED_IDENTITY
    generator = bytes.fromhex("58" + "66" * 31)

    def mul(self, a, b):
        # libsodium refuses neither input here, but skipping the call is cheaper.
        if a == _ED_IDENTITY:
            return b
        if b == _ED_IDENTITY:
            return a
        out = ffi.new("unsigned char[]", 32)
        if lib.crypto_core_ed25519_add(out, a, b) != 0:
            raise InvalidElement("point does not decode")
        return bytes(out)

    def div(self, a, b):
        if b == _ED_IDENTITY:
            return a
        out = ffi.new("unsigned char[]", 32)
        if lib.crypto_core_ed25519_sub(out, a, b) != 0:
            raise InvalidElement("point does not decode")
        return bytes(out)

    def pow(self, a, k):
        k %= L_ED25519
        # libsodium refuses a zero scalar, the identity as input and an
        # identity result, so those cases are answered here.
        if k == 0 or a == _ED_IDENTITY:
            return _ED_IDENTITY
        out = ffi.new("unsigned char[]", 32)
        if lib.crypto_scalarmult_ed25519_noclamp(out, k.to_bytes(32, "little"), a) != 0:
            # For a point of prime order and 0 < k < l the result is never the
            # identity, so a refusal means the point is outside the subgroup.
            raise InvalidElement("point is not in the prime-order subgroup")
        return bytes(out)

    def g_pow(self, k):
        k %= L_ED25519
        if k == 0:
            return _ED_IDENTITY
        out = ffi.new("unsigned char[]", 32)
        lib.crypto_scalarmult_ed25519_base_noclamp(out, k.to_bytes(32, "little"))
        return bytes(out)

    def is_valid(self, x):
        """Tell whether 32 bytes encode a point of the prime-order subgroup."""
        if x == _ED_IDENTITY:
            return True
        # Checks canonical encoding, not of small order, on the curve and
        # l*P == identity (libsodium >= 1.0.16).
        return len(x) == 32 and lib.crypto_core_ed25519_is_valid_point(x) == 1

    def encode(self, x):
        return x.hex()

    def decode(self, s):
        """Parse 64 lowercase hex digits into a checked subgroup element."""
        x = self.decode_deferred(s)
        if not self.is_valid(x):
            raise InvalidElement(f"not a point of the prime-order subgroup: {s}")
        return x

    def decode_deferred(self, s):
        # libsodium's scalar multiplication performs the full subgroup check
        # itself, so a separate is_valid_point would only repeat it.
        if not isinstance(s, str) or len(s) != 64 or s != s.lower():
            raise InvalidElement(f"not a 32-byte hex point: {s!r}")
        try:
            x = bytes.fromhex(s)
        except ValueError:
            raise InvalidElement(f"not hex: {s!r}") from None
        # Canonical y < p here, as libsodium's addition would accept y >= p.
        if int.from_bytes(x, "little") & _Y_MASK >= _ED_P:
            raise InvalidElement(f"non-canonical point encoding: {s}")
        return x


_GROUPS = {}


def get_group(name):
    """Return the group registered under `name`."""
    if not _GROUPS:
        from deliberation.crypto import ffgroup, ristretto

        _GROUPS["Ed25519"] = Ed25519Group()
        _GROUPS.update(ffgroup.named_groups())
        lib = ristretto.load_libsodium()
        if lib is not None:
            _GROUPS["Ristretto255"] = ristretto.Ristretto255Group(lib)
    try:
        return _GROUPS[name]
    except KeyError:
        raise InvalidElement(f"unknown group: {name}") from None


# Ed25519 rather than the faster ristretto255 (bench/README.md): it works with
# PyNaCl alone, while ristretto255 needs the system's libsodium.
DEFAULT_GROUP = "Ed25519"
