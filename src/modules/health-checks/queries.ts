import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'

/** A child's date of birth, periods of care and every health check: what the due dates are read from. */
export async function childHealthFacts(db: Kysely<Database>, la: string, childId: string) {
  const [child, periods, checks] = await Promise.all([
    db.selectFrom('children').select(['dateOfBirth']).where('la', '=', la).where('childId', '=', childId).executeTakeFirst(),
    db
      .selectFrom('care_periods')
      .select(['startDate', 'endDate', 'shortBreakOnly'])
      .where('la', '=', la)
      .where('childId', '=', childId)
      .orderBy('periodSeq')
      .execute(),
    db
      .selectFrom('health_checks')
      .select(['recordId', 'kind', 'date', 'outcome', 'clinicianRole', 'immunisationsUpToDate'])
      .where('la', '=', la)
      .where('childId', '=', childId)
      .orderBy('date')
      .orderBy('recordId')
      .execute(),
  ])
  return child ? { dateOfBirth: child.dateOfBirth, periods, checks } : null
}
