import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'

/** A child's date of birth, times in care (5b) and every education record: what the per-child answer is read from. */
export async function childEducationFacts(db: Kysely<Database>, la: string, childId: string) {
  const [child, timesInCare, peps, attendance, exclusions, results] = await Promise.all([
    db.selectFrom('children').select(['dateOfBirth']).where('la', '=', la).where('childId', '=', childId).executeTakeFirst(),
    // Each episode carries its time in care (derived on write): one row per time in care.
    db
      .selectFrom('episodes')
      .select(['careStart as startDate', 'careEnd as endDate'])
      .distinct()
      .where('la', '=', la)
      .where('childId', '=', childId)
      .where('careStart', 'is not', null)
      .orderBy('careStart')
      .execute(),
    db
      .selectFrom('education_peps')
      .select(['recordId', 'date', 'status', 'kind', 'quality'])
      .where('la', '=', la)
      .where('childId', '=', childId)
      .orderBy('date')
      .orderBy('recordId')
      .execute(),
    db
      .selectFrom('education_attendance')
      .select(['recordId', 'academicYear', 'term', 'possibleSessions', 'attendedSessions', 'authorisedAbsences', 'unauthorisedAbsences'])
      .where('la', '=', la)
      .where('childId', '=', childId)
      .orderBy('academicYear')
      // autumn, spring, summer: the order of the school year.
      .orderBy((eb) => eb.fn('array_position', [eb.val(['autumn', 'spring', 'summer']), eb.ref('term')]))
      .orderBy('recordId')
      .execute(),
    db
      .selectFrom('education_exclusions')
      .select(['recordId', 'kind', 'startDate', 'days'])
      .where('la', '=', la)
      .where('childId', '=', childId)
      .orderBy('startDate')
      .orderBy('recordId')
      .execute(),
    db
      .selectFrom('education_attainment')
      .select([
        'recordId',
        'academicYear',
        'keyStage',
        'goodLevelOfDevelopment',
        'readingExpected',
        'writingExpected',
        'mathsExpected',
        'attainment8',
        'englishMathsGrade4',
      ])
      .where('la', '=', la)
      .where('childId', '=', childId)
      .orderBy('academicYear')
      .orderBy('keyStage')
      .orderBy('recordId')
      .execute(),
  ])
  if (!child) return null
  return {
    dateOfBirth: child.dateOfBirth,
    // Not null: filtered above.
    timesInCare: timesInCare.flatMap((x) => (x.startDate === null ? [] : [{ startDate: x.startDate, endDate: x.endDate }])),
    peps,
    attendance,
    exclusions,
    results,
  }
}
