/**
 * Which failures mean "the database cannot be reached right now" rather than "this request is wrong"
 * or "our code is wrong": the one place that decides it, so each of them is a 503 the caller may retry
 * (with Retry-After), never a 500 and never a hang.
 */

/** Seconds a client is asked to wait before retrying after a 503. */
export const RETRY_AFTER_SECONDS = 5

// Socket-level failures talking to the server (refused, reset, unreachable, timed out).
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN'])

// SQLSTATEs: 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now (starting up or in
// recovery), 53300 too many connections; class 08 is every connection exception.
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300'])

// What pg and pg-pool say when a connection dies or never comes: these errors carry no code.
const MESSAGES = [
  /^timeout exceeded when trying to connect$/, // pg-pool: no free connection within connectionTimeoutMillis
  /^Connection terminated/, // "... unexpectedly", "... due to connection timeout", or the server hung up
  /^Client has encountered a connection error and is not queryable$/,
  /^Connection ended unexpectedly$/,
]

function isUnavailable(err: unknown, depth: number): boolean {
  if (!(err instanceof Error) || depth > 4) return false
  const code = (err as { code?: unknown }).code
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true
  if (MESSAGES.some((m) => m.test(err.message))) return true
  // Connecting to a host with several addresses fails with all of them at once.
  if (err instanceof AggregateError && err.errors.some((e) => isUnavailable(e, depth + 1))) return true
  return isUnavailable(err.cause, depth + 1)
}

/**
 * The detail for a 503 when the error says the database is out of reach (down, restarting, the
 * network cut, or every connection busy for longer than the pool waits); null for any other error.
 */
export function databaseUnavailable(err: unknown): string | null {
  if (!isUnavailable(err, 0)) return null
  return /^timeout exceeded when trying to connect$/.test((err as Error).message)
    ? 'The service is busy: no database connection came free in time. Retry shortly.'
    : 'The database is not answering. Retry shortly.'
}
