import type { Kysely } from 'kysely'
import { sql } from 'kysely'
import type { Database } from './database.ts'

/**
 * Marks the authority's data as changed. Every write calls it inside its transaction, so anything
 * cached against the old version (KPI results) can never be served after the write commits.
 */
export async function bumpDataVersion(db: Kysely<Database>, la: string): Promise<void> {
  await db
    .updateTable('authorities')
    .set({ dataVersion: sql<string>`data_version + 1`, updatedAt: sql<Date>`now()` })
    .where('la', '=', la)
    .execute()
}
