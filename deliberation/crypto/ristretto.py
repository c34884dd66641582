"""ristretto255 over libsodium, loaded with ctypes.

PyNaCl 1.6 neither exposes nor exports libsodium's ristretto255 functions,
so this group needs the system's libsodium (Debian: libsodium23) and is only
registered when that library is found.
"""
import ctypes
import ctypes.util

from deliberation.crypto.group import L_ED25519, Group, InvalidElement

_IDENTITY = bytes(32)


def load_libsodium():
    """Return the system libsodium with ristretto255, or None."""
    name = ctypes.util.find_library("sodium")
    if name is None:
        return None
    try:
        lib = ctypes.CDLL(name)
        lib.crypto_scalarmult_ristretto255  # noqa: B018 (older builds lack it)
    except (OSError, AttributeError):
        return None
    if lib.sodium_init() < 0:
        return None
    return lib


class Ristretto255Group(Group):
    """The ristretto255 group, elements as 32-byte canonical encodings."""

    name = "Ristretto255"
    order = L_ED25519
    identity = _IDENTITY
    generator = bytes.fromhex("e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76")

    def __init__(self, lib):
        self.lib = lib

    def mul(self, a, b):
        if a == _IDENTITY:
            return b
        if b == _IDENTITY:
            return a
        out = ctypes.create_string_buffer(32)
        if self.lib.crypto_core_ristretto255_add(out, a, b) != 0:
            raise InvalidElement("not a ristretto255 encoding")
        return out.raw

    def div(self, a, b):
        if b == _IDENTITY:
            return a
        out = ctypes.create_string_buffer(32)
        if self.lib.crypto_core_ristretto255_sub(out, a, b) != 0:
            raise InvalidElement("not a ristretto255 encoding")
        return out.raw

    def pow(self, a, k):
        k %= L_ED25519
        # libsodium refuses an identity result, which a zero scalar or the
        # identity as input would give.
        if k == 0 or a == _IDENTITY:
            return _IDENTITY
        out = ctypes.create_string_buffer(32)
        if self.lib.crypto_scalarmult_ristretto255(out, k.to_bytes(32, "little"), a) != 0:
            raise InvalidElement("not a ristretto255 encoding")
        return out.raw

    def g_pow(self, k):
        k %= L_ED25519
        if k == 0:
            return _IDENTITY
        out = ctypes.create_string_buffer(32)
        self.lib.crypto_scalarmult_ristretto255_base(out, k.to_bytes(32, "little"))
        return out.raw

    def is_valid(self, x):
        """Tell whether 32 bytes are a canonical ristretto255 encoding."""
        return x == _IDENTITY or (len(x) == 32 and self.lib.crypto_core_ristretto255_is_valid_point(x) == 1)

    def encode(self, x):
        return x.hex()

    def decode(self, s):
        """Parse 64 lowercase hex digits into a checked element."""
        if not isinstance(s, str) or len(s) != 64 or s != s.lower():
            raise InvalidElement(f"not a 32-byte hex point: {s!r}")
        try:
            x = bytes.fromhex(s)
        except ValueError:
            raise InvalidElement(f"not hex: {s!r}") from None
        if not self.is_valid(x):
            raise InvalidElement(f"not a ristretto255 element: {s}")
        return x
