import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'
import { advocacyIssues, advocacyReferrals } from './kinds/advocacy.ts'
import { camhsReferrals } from './kinds/camhs.ts'
import { countRowsOfChildren } from './queries.ts'

/**
 * The CAMHS and advocacy tables, by the names an import run counts them under. The nightly snapshot
 * does not carry them (the services are their one source), but a child it deletes takes its records:
 * the run counts them as deleted and the shrink guard weighs them, as for the education tables.
 */
export const SERVICE_TABLES = [
  ['camhsReferrals', camhsReferrals.table.table],
  ['advocacyReferrals', advocacyReferrals.table.table],
  ['advocacyIssues', advocacyIssues.table.table],
] as const

/** The CAMHS and advocacy records of the children a snapshot deletes, per table name. One statement. */
export function countServiceRowsOf(db: Kysely<Database>, la: string, childIds: readonly string[]): Promise<Map<string, number>> {
  return countRowsOfChildren(db, la, SERVICE_TABLES, childIds)
}
