import type { Kysely } from 'kysely'
import { childExists } from '../../db/child-lookup.ts'
import type { Database } from '../../db/database.ts'

/** A child's convictions, oldest first; null when there is no such child. */
export async function childConvictions(db: Kysely<Database>, la: string, childId: string) {
  const [exists, convictions] = await Promise.all([
    childExists(db, la, childId),
    db
      .selectFrom('youth_justice_convictions')
      .select(['recordId', 'convictedOn'])
      .where('la', '=', la)
      .where('childId', '=', childId)
      .orderBy('convictedOn')
      .orderBy('recordId')
      .execute(),
  ])
  return exists ? convictions : null
}

/** A child's substance misuse records, oldest first; null when there is no such child. */
export async function childSubstanceMisuse(db: Kysely<Database>, la: string, childId: string) {
  const [exists, records] = await Promise.all([
    childExists(db, la, childId),
    db
      .selectFrom('substance_misuse')
      .select(['recordId', 'identifiedOn', 'interventionReceivedOn', 'interventionRefusedOn'])
      .where('la', '=', la)
      .where('childId', '=', childId)
      .orderBy('identifiedOn')
      .orderBy('recordId')
      .execute(),
  ])
  return exists ? records : null
}
