import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/** Keys start with a recognisable prefix so a leaked one is easy to spot in a repository or a log. */
const KEY_PREFIX = 'cpds_'

/** A new key: 32 random bytes (256 bits), base64url. Shown once; only its hash is stored. */
export function generateApiKey(): string {
  return KEY_PREFIX + randomBytes(32).toString('base64url')
}

/** sha256 is right here: the key is high-entropy random, so there is nothing to brute-force slowly. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex')
}

/** The part of a key safe to show in listings. */
export function keyPrefixOf(key: string): string {
  return key.slice(0, KEY_PREFIX.length + 6)
}

export function looksLikeApiKey(s: string): boolean {
  return s.startsWith(KEY_PREFIX) && /^[A-Za-z0-9_-]{20,200}$/.test(s)
}

/** Constant-time comparison of two hex digests. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex')
  const y = Buffer.from(b, 'hex')
  return x.length === y.length && timingSafeEqual(x, y)
}
