"""Exponentiation in a 2048-bit group: fixed-base tables for g and the election key."""
import gmpy2

WINDOW = 8


class FixedBase:
    """Powers base^(d * 2^(WINDOW*i)) for every digit d, so base^k costs ~32 multiplications.

    gmpy2.powmod spends ~300 modular operations on a 256-bit exponent; a
    verifier raises g and y to a fresh exponent in every proof, so the 2 MB
    table pays for itself after a few dozen exponentiations.
    """

    def __init__(self, base, p, bits):
        self.p = p
        self.rows = []
        mask = (1 << WINDOW) - 1
        x = gmpy2.mpz(base)
        for _ in range((bits + WINDOW - 1) // WINDOW):
            row = [gmpy2.mpz(1), x]
            for _ in range(mask - 1):
                row.append(row[-1] * x % p)
            self.rows.append(row)
            x = row[-1] * x % p
        self.mask = mask

    def pow(self, k):
        """Return base^k for 0 <= k < 2^bits."""
        p, mask, result = self.p, self.mask, gmpy2.mpz(1)
        for row in self.rows:
            if not k:
                break
            digit = k & mask
            if digit:
                result = result * row[digit] % p
            k >>= WINDOW
        return result


class Exps:
    """The exponentiations a Belenios election needs: g^k, y^k and x^k, in the group (p, q, g)."""

    def __init__(self, group, public_key=None):
        self.group = group
        self.p, self.q, self.g = group.p, group.order, group.generator
        bits = self.q.bit_length()
        self._g = FixedBase(self.g, self.p, bits)
        self._y = FixedBase(public_key, self.p, bits) if public_key is not None else None
        self.y = public_key

    def g_pow(self, k):
        """Return g^k."""
        return self._g.pow(k % self.q)

    def y_pow(self, k):
        """Return y^k for the election key y."""
        return self._y.pow(k % self.q)

    def pow(self, x, k):
        """Return x^k for any element x."""
        return gmpy2.powmod(x, k % self.q, self.p)

    def mul(self, a, b):
        """Return a*b mod p."""
        return a * b % self.p

    def inv(self, a):
        """Return 1/a mod p."""
        return gmpy2.invert(a, self.p)

    def pow_many(self, x, exponents):
        """Return [x^e for e in exponents], sharing the squarings of x between them (Yao's method).

        x^(2^(4i)) is computed once; each exponent then costs ~64 multiplications
        into 15 digit buckets and ~30 to combine them, against ~230 for its own
        gmpy2.powmod. Worth it from three exponents on (a ciphertext's two
        challenges and the subgroup order q).
        """
        if len(exponents) < 3:
            return [gmpy2.powmod(x, e, self.p) for e in exponents]
        table = self.power_table(x)
        return [self.from_table(table, x, e) for e in exponents]

    def power_table(self, x):
        """Return [x^(16^i)] for the 4-bit digits of a scalar."""
        p, powers = self.p, [x]
        for _ in range((self.q.bit_length() + 3) // 4 - 1):
            y = powers[-1]
            y = y * y % p
            y = y * y % p
            y = y * y % p
            powers.append(y * y % p)
        return powers

    def table_product(self, tables):
        """Return the power table of a product from its factors' tables, without squaring."""
        p, out = self.p, list(tables[0])
        for table in tables[1:]:
            out = [a * b % p for a, b in zip(out, table)]
        return out

    def from_table(self, powers, x, e):
        """Return x^e from x's power table, for 0 <= e < 16^len(powers)."""
        if e.bit_length() > 4 * len(powers):
            return gmpy2.powmod(x, e, self.p)
        p = self.p
        buckets = [None] * 16
        for power in powers:
            if not e:
                break
            digit = e & 15
            if digit:
                held = buckets[digit]
                buckets[digit] = power if held is None else held * power % p
            e >>= 4
        running = result = None
        for digit in range(15, 0, -1):
            held = buckets[digit]
            if held is not None:
                running = held if running is None else running * held % p
            if running is not None:
                result = running if result is None else result * running % p
        return gmpy2.mpz(1) if result is None else result
