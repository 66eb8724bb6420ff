import { sql, type Kysely } from 'kysely'
import { childExists } from '../../db/child-lookup.ts'
import type { Database } from '../../db/database.ts'
import { rowsToFetch } from '../../http/pagination.ts'

/** A child's CAMHS referrals received on or before asAt, oldest first; null when there is no such child. */
export async function childCamhsReferrals(db: Kysely<Database>, la: string, childId: string, asAt: string) {
  const [exists, referrals] = await Promise.all([
    childExists(db, la, childId),
    db
      .selectFrom('camhs_referrals')
      .select(['recordId', 'referredOn', 'decision', 'decidedOn', 'firstAppointmentOn', 'dischargedOn'])
      .where('la', '=', la)
      .where('childId', '=', childId)
      .where('referredOn', '<=', asAt)
      .orderBy('referredOn')
      .orderBy('recordId')
      .execute(),
  ])
  return exists ? referrals : null
}

export interface WaitingRow {
  childId: string
  recordId: string
  referredOn: string
  decidedOn: string | null
}

/**
 * Referrals waiting on asAt (domain doc 5c: accepted, referred on or before asAt, no first appointment
 * and not discharged on or before asAt) of children looked after on asAt (an episode that is not a
 * V3/V4 short break spans it; the day care ends is not in care). Longest waiting first, paged.
 */
export async function camhsWaitingList(
  db: Kysely<Database>,
  la: string,
  q: { asAt: string; limit: number; after: { date: string; recordId: string } | null },
): Promise<WaitingRow[]> {
  const { rows } = await sql<WaitingRow>`
    select r.child_id, r.record_id, r.referred_on, r.decided_on
    from camhs_referrals r
    where r.la = ${la} and r.decision = 'accepted' and r.referred_on <= ${q.asAt}
      and (r.first_appointment_on is null or r.first_appointment_on > ${q.asAt})
      and (r.discharged_on is null or r.discharged_on > ${q.asAt})
      and exists (
        select 1 from episodes e
        where e.la = r.la and e.child_id = r.child_id and not e.short_break
          and e.start_date <= ${q.asAt} and (e.end_date is null or e.end_date > ${q.asAt}))
      ${q.after ? sql`and (r.referred_on, r.record_id) > (${q.after.date}::date, ${q.after.recordId})` : sql``}
    order by r.referred_on, r.record_id
    limit ${rowsToFetch(q.limit)}`.execute(db)
  return rows
}
