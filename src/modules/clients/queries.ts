import { sql, type Kysely, type Selectable } from 'kysely'
import type { Database } from '../../db/database.ts'
import type { ApiClientsTable } from '../../db/tables/platform.ts'
import { generateApiKey, hashApiKey, keyPrefixOf } from '../../domain/auth/api-keys.ts'
import type { Scope } from '../../domain/auth/scopes.ts'
import type { ApiClient, NewApiClient } from './schemas.ts'

type Row = Omit<Selectable<ApiClientsTable>, 'keyHash'>

const toApiClient = (row: Row): ApiClient => ({
  id: row.id,
  name: row.name,
  keyPrefix: row.keyPrefix,
  scopes: row.scopes as Scope[],
  authorities: row.authorities,
  suppressSmallNumbers: row.suppressSmallNumbers,
  createdAt: row.createdAt.toISOString(),
  revokedAt: row.revokedAt ? row.revokedAt.toISOString() : null,
})

const COLUMNS = ['id', 'name', 'keyPrefix', 'scopes', 'authorities', 'suppressSmallNumbers', 'createdAt', 'revokedAt'] as const

/** Creates a client and returns its key: the only time the key exists outside the caller's hands. */
export async function createApiClient(db: Kysely<Database>, input: NewApiClient): Promise<{ client: ApiClient; key: string }> {
  const key = generateApiKey()
  const row = await db
    .insertInto('api_clients')
    .values({
      name: input.name,
      keyPrefix: keyPrefixOf(key),
      keyHash: hashApiKey(key),
      scopes: input.scopes,
      authorities: input.authorities,
      suppressSmallNumbers: input.suppressSmallNumbers ?? false,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow()
  return { client: toApiClient(row), key }
}

export async function listApiClients(db: Kysely<Database>): Promise<ApiClient[]> {
  return (await db.selectFrom('api_clients').select(COLUMNS).orderBy('createdAt').execute()).map(toApiClient)
}

/** Revokes a client; revoking twice keeps the first time. Null when there is no such client. */
export async function revokeApiClient(db: Kysely<Database>, id: string): Promise<ApiClient | null> {
  const row = await db
    .updateTable('api_clients')
    .set({ revokedAt: sql`coalesce(revoked_at, now())` })
    .where('id', '=', id)
    .returning(COLUMNS)
    .executeTakeFirst()
  return row ? toApiClient(row) : null
}
