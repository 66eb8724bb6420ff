import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'
import { SCOPE_NAMES } from '../../domain/auth/scopes.ts'
import { createApiClient } from './queries.ts'

/**
 * A new installation's way in: when the database has never had an API client, one admin key with
 * every scope for every authority is created and written to a file only this user can read, so the
 * service is usable without stopping it to run create-client (the embedded database admits one
 * process). Only ever on an empty table: revoking every key is deliberate and must not bring one back.
 * The key is never logged. Returns the file's path, or null when clients exist already.
 */
export async function ensureFirstAdminKey(db: Kysely<Database>, file: string): Promise<string | null> {
  return db.transaction().execute(async (trx) => {
    // Two servers starting together on one database: one creates the key, the other sees it.
    await sql`lock table api_clients in share row exclusive mode`.execute(trx)
    const any = await trx.selectFrom('api_clients').select('id').limit(1).executeTakeFirst()
    if (any) return null
    const { key } = await createApiClient(trx, { name: 'First admin', scopes: [...SCOPE_NAMES], authorities: ['*'] })
    // Written before the commit: if the file cannot be written, no key exists that nobody holds.
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, `${key}\n`, { mode: 0o600 })
    chmodSync(file, 0o600) // a file that was there already keeps its old mode otherwise
    return file
  })
}
