/**
 * A database for a benchmark run: PostgreSQL from BENCH_DATABASE_URL (or DATABASE_URL, or the local
 * test server), in a fresh schema dropped afterwards, migrated. Benchmarks never touch real data.
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { openDatabase, type DatabaseHandle } from '../../src/db/connect.ts'
import { migrateToLatest } from '../../src/db/migrate.ts'

export const BENCH_URL = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

export async function benchDatabase(poolSize = 10): Promise<DatabaseHandle & { schema: string }> {
  const schema = `bench_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: BENCH_URL })
  await admin.connect()
  await admin.query('create extension if not exists btree_gist with schema public')
  await admin.query(`create schema ${schema}`)
  await admin.end()
  const handle = await openDatabase({ url: BENCH_URL, schema, poolSize })
  await migrateToLatest(handle.db)
  return {
    ...handle,
    schema,
    close: async () => {
      await handle.close()
      const c = new pg.Client({ connectionString: BENCH_URL })
      await c.connect()
      await c.query(`drop schema ${schema} cascade`)
      await c.end()
    },
  }
}
