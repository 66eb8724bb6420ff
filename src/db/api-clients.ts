import { sql, type Kysely } from 'kysely'
import type { Database } from './database.ts'

/** How many API clients hold a key that is not revoked (the process warns at start when none does). */
export async function countActiveApiClients(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('api_clients')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('revokedAt', 'is', null)
    .executeTakeFirstOrThrow()
  return row.n
}
