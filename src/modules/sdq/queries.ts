import { sql, type Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'
import { addMonths } from '../../domain/dates/calendar.ts'
import { birthRangeForAges } from '../../domain/health/ages.ts'
import { SDQ_HIGH_SCORE } from '../../domain/health/sdq.ts'
import type { SdqInformant } from '../../domain/health/sdq.ts'
import { rowsToFetch } from '../../http/pagination.ts'

/** A child's SDQ returns, oldest first; null when the authority has no such child. */
export async function childSdqReturns(db: Kysely<Database>, la: string, childId: string) {
  const [child, returns] = await Promise.all([
    db.selectFrom('children').select('childId').where('la', '=', la).where('childId', '=', childId).executeTakeFirst(),
    db
      .selectFrom('sdq_returns')
      .select(['recordId', 'date', 'informant', 'total', 'emotional', 'conduct', 'hyperactivity', 'peer', 'prosocial', 'reasonCode'])
      .where('la', '=', la)
      .where('childId', '=', childId)
      .orderBy('date')
      .orderBy('recordId')
      .execute(),
  ])
  return child ? returns : null
}

/**
 * Scores of 17 or more dated from `from` to `to` from one informant (or all), by date then record id,
 * a page after the cursor. The carer's are the returns the KPI sdq-scores-17-plus counts (5b).
 */
export async function highScores(
  db: Kysely<Database>,
  la: string,
  q: { from: string; to: string; informant: SdqInformant | 'all'; limit: number; after: { date: string; recordId: string } | null },
) {
  const { rows } = await sql<{ childId: string; recordId: string; date: string; informant: SdqInformant; total: number }>`
    select s.child_id, s.record_id, s.date, s.informant, s.total
    from sdq_returns s
    where s.la = ${la} and s.total >= ${SDQ_HIGH_SCORE} and s.date between ${q.from} and ${q.to}
      ${q.informant === 'all' ? sql`` : sql`and s.informant = ${q.informant}`}
      ${q.after ? sql`and (s.date, s.record_id) > (${q.after.date}::date, ${q.after.recordId})` : sql``}
    order by s.date, s.record_id
    limit ${rowsToFetch(q.limit)}`.execute(db)
  return rows
}

export interface DueRow {
  childId: string
  dateOfBirth: string
  carePeriodStart: string
  careStart: string
  lastScoreDate: string | null
  lastScore: number | null
  reasonCodeInPeriod: string | null
}

/**
 * Children the annual SDQ is due or overdue for at asAt (domain doc 5b): the health cohort (in care at
 * asAt in a time in care begun on or before asAt minus 12 months: short breaks before it never count)
 * aged 4-16 at asAt, with no carer score (the one the KPIs count) dated in the 12 months to asAt. One
 * statement; a page of children after the cursor.
 */
export async function sdqDue(db: Kysely<Database>, la: string, q: { asAt: string; limit: number; after: string | null }): Promise<DueRow[]> {
  const yearAgo = addMonths(q.asAt, -12)
  const { bornAfter, bornOnOrBefore } = birthRangeForAges(q.asAt, 4, 16)
  const { rows } = await sql<DueRow>`
    select c.child_id, c.date_of_birth, p.start_date as care_period_start, e.care_start,
      last.date as last_score_date, last.total as last_score,
      (select r.reason_code from sdq_returns r
        where r.la = c.la and r.child_id = c.child_id and r.reason_code is not null
          and r.date > ${yearAgo} and r.date <= ${q.asAt}
        order by r.date desc, r.record_id desc limit 1) as reason_code_in_period
    from children c
    join episodes e on e.la = c.la and e.child_id = c.child_id and not e.short_break
      and e.start_date <= ${q.asAt} and (e.end_date is null or e.end_date > ${q.asAt})
    join care_periods p on p.la = e.la and p.child_id = e.child_id and p.period_seq = e.care_period_seq
    left join lateral (
      select s.date, s.total from sdq_returns s
      where s.la = c.la and s.child_id = c.child_id and s.informant = 'carer' and s.total is not null and s.date <= ${q.asAt}
      order by s.date desc, s.record_id desc limit 1
    ) last on true
    where c.la = ${la}
      and c.date_of_birth > ${bornAfter} and c.date_of_birth <= ${bornOnOrBefore}
      and e.care_start <= ${yearAgo}
      and (last.date is null or last.date <= ${yearAgo})
      ${q.after ? sql`and c.child_id > ${q.after}` : sql``}
    order by c.child_id
    limit ${rowsToFetch(q.limit)}`.execute(db)
  return rows
}
