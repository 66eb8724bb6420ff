import { sql, type Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'

/**
 * The authority's name and the day (in England) its last successful import finished, in one statement;
 * undefined when there is no such authority.
 */
export async function packHeader(db: Kysely<Database>, la: string): Promise<{ name: string; lastImport: string | null } | undefined> {
  return db
    .selectFrom('authorities as a')
    .select('a.name')
    .select(
      sql<string | null>`(select (max(r.finished_at) at time zone 'Europe/London')::date::text
        from import_runs r where r.la = a.la and r.status = 'succeeded')`.as('lastImport'),
    )
    .where('a.la', '=', la)
    .executeTakeFirst()
}
