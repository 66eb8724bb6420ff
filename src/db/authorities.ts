import type { Kysely } from 'kysely'
import type { Database } from './database.ts'

/** Whether the authority exists (an administrator creates it: PUT /v1/authorities/{la}). */
export async function authorityExists(db: Kysely<Database>, la: string): Promise<boolean> {
  return (await db.selectFrom('authorities').select('la').where('la', '=', la).executeTakeFirst()) !== undefined
}
