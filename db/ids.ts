import { randomBytes } from 'node:crypto';

// Readable, time-ordered ids: `tm_` + 10 characters of milliseconds + 16 of randomness (Crockford
// base32). Ordering by id is ordering by creation, which keeps cursor pagination a plain `id > $1`.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

function base32(n: bigint, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out = ALPHABET[Number(n & 31n)] + out;
    n >>= 5n;
  }
  return out;
}

let lastTime = 0;
let lastRandom = 0n;

export function newId(prefix: string, at: number = Date.now()): string {
  // Within one millisecond (or if the wall clock steps back) count up from the last id instead of
  // drawing anew, so ids made by this process are strictly increasing.
  if (at <= lastTime) {
    lastRandom = (lastRandom + 1n) & ((1n << 80n) - 1n);
  } else {
    lastTime = at;
    lastRandom = BigInt('0x' + randomBytes(10).toString('hex')) >> 1n; // headroom to count up
  }
  return `${prefix}_${base32(BigInt(lastTime), 10)}${base32(lastRandom, 16)}`;
}
