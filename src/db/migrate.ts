import { Migrator, sql, type Kysely, type MigrationResultSet } from 'kysely'
import { migrations } from '../../migrations/index.ts'
import type { Database } from './database.ts'

/** Runs every pending migration; throws with the failing migration's name when one fails. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  // Kysely looks for its bookkeeping tables in every schema; in a database shared by several schemas
  // (tests give each file one) it must be told which is ours: the first on the search path.
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db)
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableSchema: rows[0]?.schema ?? 'public',
  })
  // The migrator reads the tables of every schema in the database first: a schema someone else drops
  // during that read fails it with 3F000 (invalid_schema_name) before any migration has run. Again.
  let result: MigrationResultSet = await migrator.migrateToLatest()
  for (let attempt = 1; attempt < 5 && droppedMeanwhile(result.error); attempt++) result = await migrator.migrateToLatest()
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')
    const error = new Error(
      `migration ${failed?.migrationName ?? '(unknown)'} failed: ${result.error instanceof Error ? result.error.message : JSON.stringify(result.error)}`,
    )
    error.cause = result.error
    throw error
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}

/** A catalog read that met another schema's drop: nothing was migrated, so it can be tried again. */
function droppedMeanwhile(error: unknown): boolean {
  return error instanceof Error && (error as Error & { code?: unknown }).code === '3F000'
}
