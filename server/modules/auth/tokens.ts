import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** API token format: `khn_<prefix>_<secret>`; the prefix identifies it in lists, only a hash of the whole is stored. */
export function newApiSecret(): { secret: string; prefix: string } {
  const prefix = randomBytes(4).toString('hex');
  return { prefix, secret: `khn_${prefix}_${randomToken(32)}` };
}
