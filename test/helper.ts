import { randomBytes } from 'node:crypto'
import { Writable } from 'node:stream'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { sql, type Kysely } from 'kysely'
import pg from 'pg'
import pino from 'pino'
import { buildApp, type AppDeps } from '../src/app.ts'
import { openDatabase, type DatabaseHandle } from '../src/db/connect.ts'
import type { Database } from '../src/db/database.ts'
import { ALL_AUTHORITIES, announceDataChange } from '../src/db/data-version.ts'
import type { DataVersionFeed } from '../src/db/data-version-feed.ts'
import { migrateToLatest } from '../src/db/migrate.ts'
import { loggerOptions } from '../src/http/logging.ts'
import type { Scope } from '../src/domain/auth/scopes.ts'
import { createApiClient } from '../src/modules/clients/queries.ts'

import type { Test } from 'tap'

type Tap = Pick<Test, 'teardown'>

const url = process.env.TEST_DATABASE_URL

/**
 * A database for one test file: on Postgres (TEST_DATABASE_URL) a schema of its own, so files run in
 * parallel; otherwise an in-memory PGlite. Migrated, and dropped at the end.
 */
export async function testDatabase(t: Tap): Promise<DatabaseHandle & { schema?: string }> {
  if (!url) {
    const handle = await openDatabase({ dataDir: 'memory://' })
    await migrateToLatest(handle.db)
    t.teardown(() => handle.close())
    return handle
  }
  const schema = `t_${process.pid}_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  // Extensions are per database: create it once, under a lock, before files race to it.
  await admin.query('select pg_advisory_lock(903903)')
  try {
    await admin.query('create extension if not exists btree_gist with schema public')
  } finally {
    await admin.query('select pg_advisory_unlock(903903)')
  }
  await admin.query(`create schema ${schema}`)
  await admin.end()
  const handle = await openDatabase({ url, schema, poolSize: 5 })
  await migrateToLatest(handle.db)
  t.teardown(async () => {
    await handle.close()
    await dropSchema(url, schema)
  })
  return Object.assign(handle, { schema })
}

/** Drops a test schema with everything in it. */
export async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  const c = new pg.Client({ connectionString: databaseUrl })
  await c.connect()
  try {
    await c.query(`drop schema ${schema} cascade`)
  } finally {
    await c.end()
  }
}

// Apps built here: their queued audit events must land before the tables they point at are emptied.
const liveApps = new Set<FastifyInstance>()

/** Empties every table but the migrations' own, between tests. */
export async function truncateAll(db: Kysely<Database>): Promise<void> {
  for (const app of liveApps) {
    await app.flushAudit()
    // A warming scorecard, or a data-quality refresh after an import, reads the tables: TRUNCATE
    // would deadlock with it.
    await app.kpisWarmed()
    await app.dataQualityRefreshed()
  }
  const { rows } = await sql<{ name: string }>`
    select tablename as name from pg_tables
    where schemaname = current_schema() and tablename not like 'kysely_%'`.execute(db)
  // TRUNCATE gives each table it empties new files, a fifth of a second for them all: only the tables
  // holding rows are truncated (with those referencing them), and every sequence starts again.
  const holding = rows.map((r) => `select '${r.name}' as name where exists (select from "${r.name}")`).join(' union all ')
  const filled = rows.length > 0 ? (await sql.raw<{ name: string }>(holding).execute(db)).rows : []
  if (filled.length > 0) await sql.raw(`truncate ${filled.map((r) => `"${r.name}"`).join(', ')} restart identity cascade`).execute(db)
  await sql`select setval(format('%I.%I', schemaname, sequencename), start_value, false) from pg_sequences
    where schemaname = current_schema() and last_value is not null`.execute(db)
  // The truncate's notification comes a moment later: the apps here forget every authority now.
  announceDataChange(ALL_AUTHORITIES)
}

// Patterns that must never reach a log: NHS-number-like 10-digit runs, calendar dates, API keys.
const FORBIDDEN_IN_LOGS: Array<[string, RegExp]> = [
  // Not inside a longer token: request ids are UUIDs, whose hex groups can hold ten digits in a row.
  ['a 10-digit number (NHS number?)', /(?<![\w.-])\d{3}\s?\d{3}\s?\d{4}(?![\w.-])/],
  ['a calendar date (date of birth?)', /\b(19|20)\d\d-\d\d-\d\d\b/],
  ['an API key', /cpds_[A-Za-z0-9_-]{10,}/],
]

export interface TestApp {
  app: FastifyInstance
  db: Kysely<Database>
  /** Everything the app logged, one JSON line each. */
  logs: string[]
  /** Creates an API client and returns its key. */
  key(scopes: Scope[], authorities?: string[], options?: { suppressSmallNumbers?: boolean }): Promise<string>
  /** inject() with the key as a bearer token. */
  call(key: string | null, options: InjectOptions): Promise<LightMyRequestResponse>
  /** Adds an authority (admin path, straight to the database). */
  authority(la: string, name?: string): Promise<void>
}

/**
 * The real app on a real database, as production builds it. At the end of the file the captured
 * logs are checked for personal data.
 */
export async function buildTestApp(
  t: Tap,
  options: {
    rateLimitPerMinute?: number
    beforeReady?: (app: FastifyInstance) => void
    /** Configuration beyond the defaults here (overload thresholds, timeouts). */
    config?: Partial<AppDeps['config']>
    /** A database of the test's own making (e.g. reached through a proxy); testDatabase(t) otherwise. */
    handle?: DatabaseHandle
    overloadSampleMs?: number
    /**
     * Run imports in their worker thread, as production does on PostgreSQL. Off by default: a test
     * about imports is about what they do, which is the same code in-process, and coverage is
     * collected from the main thread only (a worker's would be lost). Tests of the worker itself
     * (its heap bound, the event loop staying free) turn it on.
     */
    importWorker?: boolean
    /** The import worker's heap, when a test needs a small one (implies importWorker). */
    importWorkerMemoryMb?: number
    /**
     * The webhook dispatcher's settings (short waits in its tests). Off by default: a test that is
     * not about webhooks gains nothing from a loop polling the tables it empties.
     */
    webhooks?: AppDeps['webhooks']
    /**
     * The feed of data version changes the app hears (the handle's own by default, as the server
     * runs); null: none, so KPI requests read versions from the database each time.
     */
    dataVersions?: DataVersionFeed | null
  } = {},
): Promise<TestApp> {
  const handle: DatabaseHandle & { schema?: string } = options.handle ?? (await testDatabase(t))
  const inWorker = options.importWorker === true || options.importWorkerMemoryMb !== undefined
  const importWorker =
    inWorker && url && handle.schema
      ? { database: { url, schema: handle.schema, poolSize: 3 }, ...(options.importWorkerMemoryMb ? { memoryMb: options.importWorkerMemoryMb } : {}) }
      : undefined
  const logs: string[] = []
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean))
      done()
    },
  })
  const logger = pino(loggerOptions('info'), sink)
  const app = await buildApp({
    config: { bodyLimit: 1024 * 1024, logLevel: 'info', rateLimitPerMinute: options.rateLimitPerMinute ?? 100_000, ...options.config },
    db: handle.db,
    databaseKind: handle.kind,
    logger,
    docsUi: false,
    ...(importWorker ? { importWorker } : {}),
    ...(options.overloadSampleMs ? { overloadSampleMs: options.overloadSampleMs } : {}),
    webhooks: options.webhooks ?? false,
    // As the server runs: versions kept in memory while the database's notifications are heard.
    ...(options.dataVersions === null ? {} : { dataVersions: options.dataVersions ?? (await handle.dataVersions()) }),
  })
  options.beforeReady?.(app)
  await app.ready()
  liveApps.add(app)
  t.teardown(async () => {
    liveApps.delete(app)
    await app.close()
    // Teardown cannot assert any more; throwing fails the file with the offending line.
    for (const [what, pattern] of FORBIDDEN_IN_LOGS) {
      const line = logs.find((l) => pattern.test(l))
      if (line) throw new Error(`the logs hold ${what}: ${line.slice(0, 400)}`)
    }
  })
  return {
    app,
    db: handle.db,
    logs,
    async key(scopes, authorities = ['*'], opts = {}) {
      const { key } = await createApiClient(handle.db, {
        name: `test ${scopes.join(' ')}`,
        scopes,
        authorities,
        suppressSmallNumbers: opts.suppressSmallNumbers ?? false,
      })
      return key
    },
    call(key, opts) {
      const headers = { ...(opts.headers ?? {}), ...(key ? { authorization: `Bearer ${key}` } : {}) }
      return app.inject({ ...opts, headers })
    },
    async authority(la, name = `Authority ${la}`) {
      await handle.db
        .insertInto('authorities')
        .values({ la, name, updatedAt: new Date() })
        .onConflict((oc) => oc.doNothing())
        .execute()
    },
  }
}

/** What a child is sent with unless a test says otherwise. */
const CHILD_DEFAULTS = { sex: 'F', dateOfBirth: '2014-05-01', ethnicity: 'WBRI' }

/**
 * The integration's writes that set a test's children up: PUT a child (with defaults a test need not
 * repeat) and PUT its episodes, with a records:write key read when called (tests make keys per test).
 */
export function integration(h: TestApp, writer: () => string, options: { la?: string; child?: Record<string, unknown> } = {}) {
  const { la = '372' } = options
  const defaults = { ...CHILD_DEFAULTS, ...options.child }
  return {
    child: (childId: string, body: Record<string, unknown> = {}) =>
      h.call(writer(), { method: 'PUT', url: `/v1/authorities/${la}/children/${childId}`, payload: { ...defaults, ...body } }),
    episodes: (childId: string, episodes: unknown[]) =>
      h.call(writer(), { method: 'PUT', url: `/v1/authorities/${la}/children/${childId}/episodes`, payload: { episodes } }),
  }
}

/** Asserts the response is an RFC 9457 problem with this status, carrying the request id; returns its body. */
export function expectProblem(
  t: Test,
  res: LightMyRequestResponse,
  status: number,
): Record<string, unknown> & { errors?: Array<{ in: string; pointer: string; message: string; rule?: string }> } {
  t.equal(res.statusCode, status, `status ${status}`)
  t.match(String(res.headers['content-type']), /^application\/problem\+json/, 'problem+json')
  const body = res.json<Record<string, unknown>>()
  t.equal(body.status, status)
  t.type(body.type, 'string')
  t.type(body.title, 'string')
  t.type(body.instance, 'string')
  t.equal(body.requestId, res.headers['x-request-id'])
  t.notOk('stack' in body, 'no stack trace')
  return body
}

/** Retries an assertion-free probe until it returns a truthy value (for work done just after a response). */
export async function eventually<T>(probe: () => Promise<T>, timeoutMs = 2000): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value || Date.now() > until) return value
    await new Promise((r) => setTimeout(r, 20))
  }
}
