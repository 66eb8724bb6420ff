import { Type, type Static } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import { join } from 'node:path'
import { getHeapStatistics } from 'node:v8'
import { parseAllowedHosts } from './domain/webhooks/urls.ts'

/** How long a client gets to send a whole request, and its headers (slow senders are cut off). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 120_000
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000

/**
 * The service's configuration, read from the environment once at start-up. A wrong value stops the
 * process with a message naming the variable, rather than failing later in a request.
 */
const ConfigSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  DATA_DIR: Type.String({ minLength: 1, default: '.data/pglite' }),
  FIRST_ADMIN_KEY_FILE: Type.Optional(Type.String({ minLength: 1 })),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info' },
  ),
  BODY_LIMIT: Type.Integer({ minimum: 1024, default: 10 * 1024 * 1024 }),
  // At most 256 MiB: a JSON body becomes one string, and V8's longest is 512 MiB less a little.
  IMPORT_BODY_LIMIT: Type.Integer({ minimum: 1024, maximum: 256 * 1024 * 1024, default: 64 * 1024 * 1024 }),
  IMPORT_SHRINK_PERCENT: Type.Integer({ minimum: 0, maximum: 100, default: 10 }),
  IMPORT_UNDO_DAYS: Type.Integer({ minimum: 1, maximum: 3650, default: 35 }),
  IMPORT_WORKER_MEMORY_MB: Type.Integer({ minimum: 256, maximum: 65536, default: 2048 }),
  DATABASE_POOL_SIZE: Type.Integer({ minimum: 1, maximum: 200, default: 10 }),
  RATE_LIMIT_PER_MINUTE: Type.Integer({ minimum: 1, default: 600 }),
  SHUTDOWN_GRACE_MS: Type.Integer({ minimum: 0, default: 10_000 }),
  DATABASE_CONNECTION_TIMEOUT_MS: Type.Integer({ minimum: 1, default: 5_000 }),
  REQUEST_TIMEOUT_MS: Type.Integer({ minimum: 1, default: DEFAULT_REQUEST_TIMEOUT_MS }),
  HEADERS_TIMEOUT_MS: Type.Integer({ minimum: 1, default: DEFAULT_HEADERS_TIMEOUT_MS }),
  OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: Type.Integer({ minimum: 0, default: 500 }),
  OVERLOAD_MAX_HEAP_USED_BYTES: Type.Integer({ minimum: 0, default: Math.floor(getHeapStatistics().heap_size_limit * 0.9) }),
  OVERLOAD_MAX_RSS_BYTES: Type.Integer({ minimum: 0, default: 0 }),
  // Host names, comma-separated (no spaces inside a name).
  WEBHOOK_ALLOWED_HOSTS: Type.String({ pattern: '^[A-Za-z0-9.:\\[\\], -]*$', default: '' }),
  // Development and tests: a receiver on this machine, over plain http.
  WEBHOOK_ALLOW_LOOPBACK: Type.Union([Type.Literal('true'), Type.Literal('false')], { default: 'false' }),
})

type RawConfig = Static<typeof ConfigSchema>

/** Every environment variable the service reads (the README's configuration table lists each). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(ConfigSchema.properties)

/** Heap an import may need per byte of body, at worst (measured: 22 for a body of empty objects). */
const IMPORT_HEAP_PER_BODY_BYTE = 32

export interface Config {
  port: number
  host: string
  /** Postgres connection string; when absent the service runs on embedded PGlite. */
  databaseUrl: string | undefined
  /** Where the embedded database keeps its files; 'memory://' keeps it in memory. */
  dataDir: string
  /**
   * Where the first admin key is written when the database has no API client yet: FIRST_ADMIN_KEY_FILE,
   * else DATA_DIR/first-admin-key; null (no key made) when neither is a place on disk.
   */
  firstAdminKeyFile: string | null
  logLevel: RawConfig['LOG_LEVEL']
  bodyLimit: number
  /** Largest nightly snapshot (unzipped; a multipart upload's files together), for the import endpoints only. */
  importBodyLimit: number
  /** Largest share (percent) of stored children, episodes or any partner kind one import may delete unconfirmed. */
  importShrinkPercent: number
  /** How many days what an import replaced is kept, so the import can be reverted. */
  importUndoDays: number
  /** The heap of the thread imports run in (PostgreSQL only): a snapshot needing more is refused with 413. */
  importWorkerMemoryMb: number
  databasePoolSize: number
  rateLimitPerMinute: number
  shutdownGraceMs: number
  /** How long a query waits for a pool connection (or a new connection to open) before a 503. */
  databaseConnectionTimeoutMs: number
  /** A request must arrive whole within this time, and its headers within headersTimeoutMs. */
  requestTimeoutMs: number
  headersTimeoutMs: number
  /** Overload thresholds (0 = not checked): beyond any of them requests get 503 with Retry-After. */
  overloadMaxEventLoopDelayMs: number
  overloadMaxHeapUsedBytes: number
  overloadMaxRssBytes: number
  /** Hosts a webhook may be sent to over plain http (all others: https only). */
  webhookAllowedHosts: string[]
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`)
    this.name = 'ConfigError'
  }
}

const NUMERIC = new Set([
  'PORT',
  'BODY_LIMIT',
  'IMPORT_BODY_LIMIT',
  'IMPORT_SHRINK_PERCENT',
  'IMPORT_UNDO_DAYS',
  'IMPORT_WORKER_MEMORY_MB',
  'DATABASE_POOL_SIZE',
  'RATE_LIMIT_PER_MINUTE',
  'SHUTDOWN_GRACE_MS',
])
for (const key of [
  'DATABASE_CONNECTION_TIMEOUT_MS',
  'REQUEST_TIMEOUT_MS',
  'HEADERS_TIMEOUT_MS',
  'OVERLOAD_MAX_EVENT_LOOP_DELAY_MS',
  'OVERLOAD_MAX_HEAP_USED_BYTES',
  'OVERLOAD_MAX_RSS_BYTES',
])
  NUMERIC.add(key)

/** The hosts WEBHOOK_ALLOW_LOOPBACK=true adds to the allowed ones, as a URL's hostname names them. */
export const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'] as const

/** Builds the configuration from an environment (process.env by default). Throws ConfigError. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const input: Record<string, unknown> = {}
  for (const key of Object.keys(ConfigSchema.properties)) {
    const value = env[key]
    if (value === undefined || value === '') continue
    // Numbers must be written as plain integers: "3000abc" is a mistake, not 3000.
    input[key] = NUMERIC.has(key) && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value
  }
  const withDefaults = Value.Default(ConfigSchema, input)
  const problems = [...Value.Errors(ConfigSchema, withDefaults)].map(
    (e) => `${e.path.replace(/^\//, '') || '(root)'}: ${e.message} (got ${JSON.stringify(env[e.path.slice(1)] ?? null)})`,
  )
  if (problems.length > 0) throw new ConfigError(problems)
  const raw = withDefaults as RawConfig
  // A JSON body of tiny objects takes over twenty times its size once parsed, and a worker thread
  // that runs out of heap while parsing can take the process with it: the heap must cover the worst.
  const neededMb = Math.ceil((raw.IMPORT_BODY_LIMIT / 2 ** 20) * IMPORT_HEAP_PER_BODY_BYTE)
  if (raw.IMPORT_WORKER_MEMORY_MB < neededMb) {
    throw new ConfigError([
      `IMPORT_WORKER_MEMORY_MB: must be at least ${neededMb} for IMPORT_BODY_LIMIT ${raw.IMPORT_BODY_LIMIT} (${IMPORT_HEAP_PER_BODY_BYTE} times the body) (got ${raw.IMPORT_WORKER_MEMORY_MB})`,
    ])
  }
  return {
    port: raw.PORT,
    host: raw.HOST,
    databaseUrl: raw.DATABASE_URL,
    dataDir: raw.DATA_DIR,
    firstAdminKeyFile: raw.FIRST_ADMIN_KEY_FILE ?? (raw.DATA_DIR.startsWith('memory://') ? null : join(raw.DATA_DIR, 'first-admin-key')),
    logLevel: raw.LOG_LEVEL,
    bodyLimit: raw.BODY_LIMIT,
    importBodyLimit: raw.IMPORT_BODY_LIMIT,
    importShrinkPercent: raw.IMPORT_SHRINK_PERCENT,
    importUndoDays: raw.IMPORT_UNDO_DAYS,
    importWorkerMemoryMb: raw.IMPORT_WORKER_MEMORY_MB,
    databasePoolSize: raw.DATABASE_POOL_SIZE,
    rateLimitPerMinute: raw.RATE_LIMIT_PER_MINUTE,
    shutdownGraceMs: raw.SHUTDOWN_GRACE_MS,
    databaseConnectionTimeoutMs: raw.DATABASE_CONNECTION_TIMEOUT_MS,
    requestTimeoutMs: raw.REQUEST_TIMEOUT_MS,
    headersTimeoutMs: raw.HEADERS_TIMEOUT_MS,
    overloadMaxEventLoopDelayMs: raw.OVERLOAD_MAX_EVENT_LOOP_DELAY_MS,
    overloadMaxHeapUsedBytes: raw.OVERLOAD_MAX_HEAP_USED_BYTES,
    overloadMaxRssBytes: raw.OVERLOAD_MAX_RSS_BYTES,
    webhookAllowedHosts: [...new Set([...parseAllowedHosts(raw.WEBHOOK_ALLOWED_HOSTS), ...(raw.WEBHOOK_ALLOW_LOOPBACK === 'true' ? LOOPBACK_HOSTS : [])])],
  }
}
