import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'

/** A child's date of birth, times in care (5b) and every health check: what the due dates are read from. */
export async function childHealthFacts(db: Kysely<Database>, la: string, childId: string) {
  const [child, timesInCare, checks] = await Promise.all([
    db.selectFrom('children').select(['dateOfBirth']).where('la', '=', la).where('childId', '=', childId).executeTakeFirst(),
    // Each episode carries its time in care (derived on write): one row per time in care.
    db
      .selectFrom('episodes as e')
      .innerJoin('care_periods as p', (j) => j.onRef('p.la', '=', 'e.la').onRef('p.childId', '=', 'e.childId').onRef('p.periodSeq', '=', 'e.carePeriodSeq'))
      .select(['e.careStart as startDate', 'e.careEnd as endDate', 'p.startDate as carePeriodStart'])
      .distinct()
      .where('e.la', '=', la)
      .where('e.childId', '=', childId)
      .where('e.careStart', 'is not', null)
      .orderBy('e.careStart')
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
  return child
    ? {
        dateOfBirth: child.dateOfBirth,
        // Not null: filtered above.
        timesInCare: timesInCare.flatMap((x) =>
          x.startDate === null ? [] : [{ startDate: x.startDate, endDate: x.endDate, carePeriodStart: x.carePeriodStart }],
        ),
        checks,
      }
    : null
}
