import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely'
import type pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import type { ColumnTypes } from './bulk.ts'
import type { Database } from './database.ts'

/**
 * COPY FROM STDIN inside a transaction, for the nightly import's bulk inserts: on PostgreSQL it
 * takes rows in about half the time of INSERT ... SELECT FROM jsonb_to_recordset (no JSON to parse,
 * no executor per row). PGlite cannot COPY through the pg protocol, so there the import keeps the
 * JSON path (src/db/bulk.ts). COPY only inserts: rows that may already exist go the upsert way.
 */

/**
 * Inserts rows (snake_case keys, the columns' Postgres types) into a table with COPY. The rows may be
 * a generator: they are read a chunk at a time, as the server takes them.
 */
export type CopyIn = (table: string, columns: ColumnTypes, rows: Iterable<object>) => Promise<void>

// The pool behind each Kysely that openDatabase made over a PostgreSQL server.
const pools = new WeakMap<Kysely<Database>, pg.Pool>()

export function registerCopyPool(db: Kysely<Database>, pool: pg.Pool): void {
  pools.set(db, pool)
}

/**
 * Runs fn in a transaction; on PostgreSQL with a CopyIn on the same connection (so the COPY is part
 * of the transaction), elsewhere with null. The transaction commits when fn resolves and rolls back
 * when it throws, as db.transaction() does.
 */
export async function copyTransaction<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>, copy: CopyIn | null) => Promise<T>): Promise<T> {
  const pool = pools.get(db)
  if (!pool) return db.transaction().execute((trx) => fn(trx, null))
  const client = await pool.connect()
  // Kysely over this one connection: its release is ours to make, once, below.
  const held = new Proxy(client, {
    get(target, prop) {
      if (prop === 'release') return () => {}
      const value: unknown = Reflect.get(target, prop, target)
      return typeof value === 'function' ? ((value as (...args: unknown[]) => unknown).bind(target) as unknown) : value
    },
  })
  const single = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: { connect: async () => held, end: async () => {} } }),
    plugins: [new CamelCasePlugin()],
  })
  let broken: Error | undefined
  try {
    return await single.transaction().execute((trx) => fn(trx, (table, columns, rows) => copyRows(client, table, columns, rows)))
  } catch (err) {
    // Whatever failed (a COPY half-sent, a rollback that did not finish, or the import's own refusal),
    // the connection is closed rather than given back: a new one costs milliseconds once a night.
    broken = err instanceof Error ? err : new Error(String(err))
    throw err
  } finally {
    client.release(broken)
  }
}

const IDENT = /^[a-z_][a-z0-9_]*$/
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' }

/** One value in COPY's text format. */
function field(value: unknown, type: string): string {
  if (value === null || value === undefined) return '\\N'
  if (type === 'boolean') return value ? 't' : 'f'
  if (typeof value === 'number' || typeof value === 'bigint') return String(value)
  if (typeof value !== 'string') throw new TypeError(`COPY: a ${typeof value} for a ${type} column`)
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c] ?? c) : value
}

/** Rows per chunk of COPY text: built while the server takes the one before. */
const CHUNK = 2000

async function copyRows(client: pg.PoolClient, table: string, columns: ColumnTypes, rows: Iterable<object>): Promise<void> {
  const names = Object.keys(columns)
  if (!IDENT.test(table) || !names.every((n) => IDENT.test(n))) throw new Error(`bad table or column name in ${table}`)
  for (const n of names) if (columns[n]?.endsWith('[]')) throw new Error(`COPY: array column ${n} is not supported`)
  const types = names.map((n) => columns[n] ?? 'text')
  function* chunks() {
    let text = ''
    let n = 0
    for (const row of rows as Iterable<Record<string, unknown>>) {
      text += names.map((name, j) => field(row[name], types[j] ?? 'text')).join('\t') + '\n'
      if (++n % CHUNK === 0) {
        yield text
        text = ''
      }
    }
    if (text) yield text
  }
  // An empty COPY is a valid statement (it fires the statement's triggers over no rows).
  await pipeline(Readable.from(chunks()), client.query(copyFrom(`copy ${table} (${names.map((n) => `"${n}"`).join(', ')}) from stdin`)))
}
