import { mkdirSync } from 'node:fs'
import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { registerCopyPool } from './copy.ts'
import { pgliteDataVersionFeed, postgresDataVersionFeed, type DataVersionFeed, type FeedLog } from './data-version-feed.ts'
import type { Database } from './database.ts'

// `date` columns stay 'YYYY-MM-DD' strings: turning them into JS Dates at local midnight shifts every
// 903 date by a day in some time zones. int8 (counts, ids) arrives as a string; we cast in SQL where a
// number is wanted. Set once, here, for both pg and PGlite (which goes through pg's parsers).
pg.types.setTypeParser(pg.types.builtins.DATE, (v: string) => v)

export type DatabaseKind = 'postgres' | 'pglite'

export interface DatabaseHandle {
  db: Kysely<Database>
  kind: DatabaseKind
  /**
   * The feed of data version changes (data-version-feed.ts) for this database and schema: made on
   * the first call (on PostgreSQL a connection of its own), the same one after, closed with the
   * handle. Only a service asks for it; scripts and the import worker never open the connection.
   */
  dataVersions(log?: FeedLog): Promise<DataVersionFeed>
  /** Closes the pool (and the embedded database when we own it). */
  close(): Promise<void>
}

export interface DatabaseOptions {
  /** Postgres connection string; absent means embedded PGlite. */
  url?: string | undefined
  /** PGlite data directory, or 'memory://' for an in-memory database. */
  dataDir?: string
  poolSize?: number
  /**
   * How long a query waits for a free connection, or for a new one to open, before it fails (and the
   * request gets 503). Without a bound a burst beyond the pool, or a database that stopped answering
   * connects, would leave requests waiting until the client gives up.
   */
  connectionTimeoutMs?: number
  /** Schema to work in (tests give each file its own); it must exist. */
  schema?: string
  /** Told when an idle connection fails (the database restarted, the network dropped). */
  onIdleError?: (err: Error) => void
}

/** Opens the database the configuration asks for, behind one Kysely instance. */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  const searchPath = options.schema ? `${options.schema},public` : undefined
  if (options.url) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectionTimeoutMs ?? 5_000,
      // Idle connections do not keep the process alive: a script or a test file that is done exits at
      // once instead of waiting out the pool's 10 s idle timeout (the server's socket keeps it alive).
      allowExitOnIdle: true,
      ...(searchPath ? { options: `-c search_path=${searchPath}` } : {}),
    })
    // A connection that dies emits 'error', and an 'error' nobody hears ends the process. In use, the
    // client's query fails with it too (the request answers 503) and the pool drops the client on
    // release; idle, the pool drops it and re-emits the error. Either way the next query reconnects.
    pool.on('connect', (client) => client.on('error', () => undefined))
    pool.on('error', (err) => options.onIdleError?.(err))
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] })
    registerCopyPool(db, pool)
    const url = options.url
    let feed: DataVersionFeed | null = null
    return {
      db,
      kind: 'postgres',
      dataVersions: async (log) =>
        (feed ??= postgresDataVersionFeed({
          url,
          schema: options.schema,
          ...(log ? { log } : {}),
        })),
      close: async () => {
        await feed?.close()
        await db.destroy()
      },
    }
  }

  const { PGlite } = await import('@electric-sql/pglite')
  const { btree_gist } = await import('@electric-sql/pglite/contrib/btree_gist')
  const { createPgConfig } = await import('@electric-sql/pglite/node-postgres')
  const dataDir = options.dataDir ?? 'memory://'
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true })
  const pglite = await PGlite.create(dataDir, { extensions: { btree_gist } })
  if (searchPath) await pglite.exec(`create schema if not exists ${options.schema}; set search_path to ${searchPath}`)
  const pool = new pg.Pool(createPgConfig(pglite))
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] })
  let feed: Promise<DataVersionFeed> | null = null
  return {
    db,
    kind: 'pglite',
    dataVersions: () => (feed ??= pgliteDataVersionFeed(pglite)),
    close: async () => {
      await (await feed)?.close()
      await db.destroy()
      await pglite.close()
    },
  }
}
