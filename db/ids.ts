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

export function newId(prefix: string, at: number = Date.now()): string {
  const random = BigInt('0x' + randomBytes(10).toString('hex'));
  return `${prefix}_${base32(BigInt(at), 10)}${base32(random, 16)}`;
}
