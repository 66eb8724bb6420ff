/**
 * Whether an error means the database could not be reached or dropped the connection (rather than
 * refusing a statement): the request can be retried later, so it is answered 503, not 500.
 */

// Socket errors from node (pg connects over TCP).
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'])
// SQLSTATE: class 08 is connection exception; shutdown, crash, starting up, too many connections.
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300'])
// pg's own messages for a lost or never-made connection, which carry no code.
const PG_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|not queryable|Cannot use a pool after calling end/i

export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false
  const code = (err as { code?: unknown }).code
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || SQLSTATES.has(code) || code.startsWith('08'))) return true
  // A host with several addresses fails with one error per address.
  if (err instanceof AggregateError) return err.errors.some(isDatabaseUnavailable)
  return PG_MESSAGES.test(err.message)
}

/** The SQLSTATE or socket code of an error, the one thing about it a log line may say. */
export function errorCode(err: unknown): string | undefined {
  const code = err instanceof Error ? (err as { code?: unknown }).code : undefined
  return typeof code === 'string' ? code : undefined
}
