// Prime-order groups behind one small interface, written multiplicatively,
// mirroring deliberation/crypto/group.py: mul, div, pow, gPow, encode, decode
// and the scalar helpers. Elements are noble points or BigInts.
import { ed25519, ristretto255 } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { bitLength, bytesToBigInt, randomBytes, utf8ToBytes } from './encoding.js';
import { finiteFieldGroups } from './ffgroups.js';

export class InvalidElement extends Error {
  constructor(message) {
    super(message);
    this.name = 'InvalidElement';
  }
}

const L = 2n ** 252n + 27742317777372353535851937790883648493n;
const ED_P = 2n ** 255n - 19n;
const HEX64 = /^[0-9a-f]{64}$/;

function mod(a, m) {
  const r = a % m;
  return r < 0n ? r + m : r;
}

/** Methods every group shares: scalars, Fiat-Shamir hashing, list encoding. */
export class Group {
  randomScalar() {
    // 128 extra random bits make the bias of the reduction negligible.
    const n = Math.ceil(bitLength(this.order) / 8) + 16;
    return 1n + mod(bytesToBigInt(randomBytes(n)), this.order - 1n);
  }

  encodeScalar(k) {
    return mod(k, this.order).toString(10);
  }

  decodeScalar(s) {
    if (typeof s !== 'string' || !/^(0|[1-9][0-9]*)$/.test(s)) {
      throw new InvalidElement(`not a canonical scalar: ${JSON.stringify(s)}`);
    }
    const k = BigInt(s);
    if (k >= this.order) throw new InvalidElement('scalar out of range');
    return k;
  }

  hashToScalar(...parts) {
    return mod(bytesToBigInt(sha512(utf8ToBytes(parts.join('|')))), this.order);
  }

  encodeAll(elements) {
    return elements.map((x) => this.encode(x)).join(',');
  }

  eq(a, b) {
    return this.encode(a) === this.encode(b);
  }

  prod(elements) {
    return elements.reduce((acc, x) => this.mul(acc, x), this.identity);
  }

  /** Speed up later powers of an element used many times (the election key). */
  prepare(x) {
    return x;
  }
}

class EdwardsGroup extends Group {
  constructor(name, Point) {
    super();
    this.name = name;
    this.order = L;
    this.Point = Point;
    this.identity = Point.ZERO;
    this.generator = Point.BASE;
  }

  mul(a, b) {
    return a.add(b);
  }

  div(a, b) {
    return a.subtract(b);
  }

  pow(a, k) {
    k = mod(k, L);
    // noble refuses a zero scalar; the answer is the identity anyway.
    if (k === 0n || a.is0()) return this.identity;
    return a.multiply(k);
  }

  gPow(k) {
    return this.pow(this.generator, k);
  }

  encode(x) {
    return x.toHex();
  }

  prepare(x) {
    return x.is0() ? x : x.precompute(8, false);
  }
}

class Ed25519Group extends EdwardsGroup {
  constructor() {
    super('Ed25519', ed25519.Point);
  }

  /** Parse 64 lowercase hex digits into a point of the prime-order subgroup. */
  decode(s) {
    if (typeof s !== 'string' || !HEX64.test(s)) {
      throw new InvalidElement(`not a 32-byte hex point: ${JSON.stringify(s)}`);
    }
    if (s === this.identity.toHex()) return this.identity;
    // Canonical y < p, as libsodium's crypto_core_ed25519_is_valid_point demands.
    const bytes = Uint8Array.from(s.match(/../g), (h) => parseInt(h, 16));
    bytes[31] &= 0x7f;
    if (bytesToBigInt(bytes.reverse()) >= ED_P) throw new InvalidElement(`non-canonical point encoding: ${s}`);
    let point;
    try {
      point = this.Point.fromHex(s, false);
    } catch (err) {
      throw new InvalidElement(`not a point of the curve: ${s}`);
    }
    if (point.toHex() !== s || point.isSmallOrder() || !point.isTorsionFree()) {
      throw new InvalidElement(`not a point of the prime-order subgroup: ${s}`);
    }
    return point;
  }
}

class Ristretto255Group extends EdwardsGroup {
  constructor() {
    super('Ristretto255', ristretto255.Point);
  }

  /** Parse 64 lowercase hex digits of a canonical ristretto255 encoding. */
  decode(s) {
    if (typeof s !== 'string' || !HEX64.test(s)) {
      throw new InvalidElement(`not a 32-byte hex point: ${JSON.stringify(s)}`);
    }
    try {
      return this.Point.fromHex(s);
    } catch (err) {
      throw new InvalidElement(`not a ristretto255 element: ${s}`);
    }
  }
}

const GROUPS = {};

/** Return the group registered under `name` (the names Python's get_group knows). */
export function getGroup(name) {
  if (!Object.keys(GROUPS).length) {
    GROUPS.Ed25519 = new Ed25519Group();
    GROUPS.Ristretto255 = new Ristretto255Group();
    Object.assign(GROUPS, finiteFieldGroups(Group, InvalidElement));
  }
  const group = GROUPS[name];
  if (!group) throw new InvalidElement(`unknown group: ${name}`);
  return group;
}

/** The names of the groups this library supports. */
export const GROUP_NAMES = ['Ed25519', 'Ristretto255', 'BELENIOS-2048', 'RFC-3526-2048'];
