import { sql, type Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'
import type { ExclusionKind } from '../../domain/education/records.ts'
import { rowsToFetch } from '../../http/pagination.ts'

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

/**
 * The children looked after on asAt (an episode that is not a V3/V4 short break spans it), with the
 * start of their current time in care: the lists a virtual school head works from start here.
 */
const inCareOn = (la: string, asAt: string) => sql`
  select distinct on (c.child_id) c.child_id, c.date_of_birth, c.upn, e.care_start
  from children c
  join episodes e on e.la = c.la and e.child_id = c.child_id and not e.short_break
    and e.start_date <= ${asAt} and (e.end_date is null or e.end_date > ${asAt})
  where c.la = ${la}
  order by c.child_id`

export interface PepDueRow {
  childId: string
  dateOfBirth: string
  upn: string | null
  careStart: string
  lastCompleted: string | null
}

/**
 * Children in care on asAt, born in the range that is Reception to Year 11 that school year, with no
 * completed PEP from the first day of the term holding asAt (or of their time in care, if later) to
 * asAt; by child id, paged.
 */
export async function pepsDue(
  db: Kysely<Database>,
  la: string,
  q: { asAt: string; termStart: string; bornAfter: string; bornOnOrBefore: string; limit: number; after: string | null },
): Promise<PepDueRow[]> {
  const { rows } = await sql<PepDueRow>`
    select k.child_id, k.date_of_birth, k.upn, k.care_start, last.date as last_completed
    from (${inCareOn(la, q.asAt)}) k
    left join lateral (
      select p.date from education_peps p
      where p.la = ${la} and p.child_id = k.child_id and p.status = 'completed' and p.date >= k.care_start and p.date <= ${q.asAt}
      order by p.date desc limit 1
    ) last on true
    where k.date_of_birth > ${q.bornAfter} and k.date_of_birth <= ${q.bornOnOrBefore}
      and (last.date is null or last.date < ${q.termStart})
      ${q.after ? sql`and k.child_id > ${q.after}` : sql``}
    order by k.child_id
    limit ${rowsToFetch(q.limit)}`.execute(db)
  return rows
}

export interface AttendanceRow {
  childId: string
  dateOfBirth: string
  upn: string | null
  possibleSessions: number
  attendedSessions: number
}

/** Children in care on asAt whose attendance in the academic year is strictly below 90% of possible sessions (some possible); by child id, paged. */
export async function persistentAbsence(
  db: Kysely<Database>,
  la: string,
  q: { asAt: string; academicYear: number; limit: number; after: string | null },
): Promise<AttendanceRow[]> {
  const { rows } = await sql<AttendanceRow>`
    select k.child_id, k.date_of_birth, k.upn, sum(a.possible_sessions)::int as possible_sessions, sum(a.attended_sessions)::int as attended_sessions
    from (${inCareOn(la, q.asAt)}) k
    join education_attendance a on a.la = ${la} and a.child_id = k.child_id and a.academic_year = ${q.academicYear}
    ${q.after ? sql`where k.child_id > ${q.after}` : sql``}
    group by k.child_id, k.date_of_birth, k.upn
    having sum(a.possible_sessions) > 0 and sum(a.attended_sessions) < 0.9 * sum(a.possible_sessions)
    order by k.child_id
    limit ${rowsToFetch(q.limit)}`.execute(db)
  return rows
}

export interface ExclusionRow {
  childId: string
  upn: string | null
  records: Array<{ recordId: string; kind: ExclusionKind; startDate: string; days: number | null }>
}

/** Children in care on asAt with a suspension or permanent exclusion starting from `from` to asAt, with those records; by child id, paged. */
export async function exclusionsSince(
  db: Kysely<Database>,
  la: string,
  q: { asAt: string; from: string; limit: number; after: string | null },
): Promise<ExclusionRow[]> {
  const { rows } = await sql<ExclusionRow>`
    select k.child_id, k.upn,
      json_agg(json_build_object('recordId', x.record_id, 'kind', x.kind, 'startDate', x.start_date, 'days', x.days) order by x.start_date, x.record_id) as records
    from (${inCareOn(la, q.asAt)}) k
    join education_exclusions x on x.la = ${la} and x.child_id = k.child_id and x.start_date >= ${q.from} and x.start_date <= ${q.asAt}
    ${q.after ? sql`where k.child_id > ${q.after}` : sql``}
    group by k.child_id, k.upn
    order by k.child_id
    limit ${rowsToFetch(q.limit)}`.execute(db)
  return rows
}
