import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

/**
 * Webhook signatures as the Standard Webhooks specification defines them, so a receiver can verify
 * ours with any of its libraries (the `standardwebhooks` package among them):
 *
 * - headers `webhook-id`, `webhook-timestamp` (whole seconds since the epoch) and `webhook-signature`;
 * - the signature is `v1,` + base64 of HMAC-SHA256 over `id.timestamp.body`, keyed with the secret's
 *   bytes (the base64 after `whsec_`);
 * - during a secret rotation the header carries one signature per secret, separated by spaces.
 */

const PREFIX = 'whsec_'

/** A new signing secret: `whsec_` + base64 of 32 random bytes (the specification allows 24 to 64). */
export function generateSecret(): string {
  return PREFIX + randomBytes(32).toString('base64')
}

/** The key bytes of a secret, with or without its `whsec_` prefix. Throws on an empty or non-base64 secret. */
export function secretBytes(secret: string): Buffer {
  const b64 = secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) throw new Error('A webhook secret is whsec_ followed by base64.')
  return Buffer.from(b64, 'base64')
}

/** One `v1,<base64>` signature of a message. */
export function sign(secret: string, id: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', secretBytes(secret)).update(`${id}.${timestamp}.${body}`, 'utf8').digest('base64')
  return `v1,${mac}`
}

export interface SignedHeaders {
  'webhook-id': string
  'webhook-timestamp': string
  'webhook-signature': string
}

/** The three headers for a message, signed with each secret given (the current one first). */
export function signedHeaders(secrets: readonly string[], id: string, timestamp: number, body: string): SignedHeaders {
  if (secrets.length === 0) throw new Error('At least one secret is needed to sign.')
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': secrets.map((s) => sign(s, id, timestamp, body)).join(' '),
  }
}

/** How far a message's timestamp may be from the receiver's clock (the specification's libraries use 5 minutes). */
export const DEFAULT_TOLERANCE_SECONDS = 5 * 60

/**
 * Whether a message is genuine for any of `secrets` (a receiver holding the old and the new secret
 * during an overlap passes both), and recent. A receiver's check, used by our tests and shown in
 * docs/webhooks.md; the comparison is in constant time.
 */
export function verify(
  secrets: readonly string[],
  headers: Partial<Record<keyof SignedHeaders, string | undefined>>,
  body: string,
  options: { nowSeconds?: number; toleranceSeconds?: number } = {},
): boolean {
  const id = headers['webhook-id']
  const ts = headers['webhook-timestamp']
  const sigs = headers['webhook-signature']
  if (!id || !ts || !sigs || !/^\d+$/.test(ts)) return false
  const timestamp = Number(ts)
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000)
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) return false
  const offered = sigs
    .split(' ')
    .filter((s) => s.startsWith('v1,'))
    .map((s) => Buffer.from(s.slice(3), 'base64'))
  return secrets.some((secret) => {
    const expected = Buffer.from(sign(secret, id, timestamp, body).slice(3), 'base64')
    return offered.some((o) => o.length === expected.length && timingSafeEqual(o, expected))
  })
}
