import type { Kysely } from 'kysely'
import { childExists } from '../../db/child-lookup.ts'
import type { Database } from '../../db/database.ts'

/** A child's missing episodes (the 903 Missing table) and return home interviews, oldest first; null when there is no such child. */
export async function childMissing(db: Kysely<Database>, la: string, childId: string) {
  const [exists, episodes, interviews] = await Promise.all([
    childExists(db, la, childId),
    db
      .selectFrom('missing_episodes')
      .select(['missingType', 'startDate', 'endDate'])
      .where('la', '=', la)
      .where('childId', '=', childId)
      .orderBy('startDate')
      .orderBy('seq')
      .execute(),
    db
      .selectFrom('return_home_interviews')
      .select(['recordId', 'missingStart', 'offeredOn', 'response', 'heldOn'])
      .where('la', '=', la)
      .where('childId', '=', childId)
      .orderBy('missingStart')
      .execute(),
  ])
  return exists ? { episodes, interviews } : null
}
