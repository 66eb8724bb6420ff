import { sql, type Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'
import type { IssueReferral } from '../../domain/advocacy/referrals.ts'

/**
 * What the advocacy issues and return home interviews read beside their own rows to be checked (a
 * kind's context): one statement per batch. With `lock`, what is read stays as read (FOR SHARE) until
 * the transaction ends, as storedPlans does for pathway plan reviews.
 */

/** The stored advocacy referrals with these record ids, by record id. */
export async function storedAdvocacyReferrals(
  db: Kysely<Database>,
  la: string,
  recordIds: readonly string[],
  options: { lock: boolean },
): Promise<Map<string, IssueReferral>> {
  const out = new Map<string, IssueReferral>()
  const ids = [...new Set(recordIds)]
  if (ids.length === 0) return out
  const { rows } = await sql<IssueReferral & { recordId: string }>`
    select record_id, child_id, referred_on from advocacy_referrals
    where la = ${la} and record_id = any(${ids}::text[]) ${options.lock ? sql`for share` : sql``}`.execute(db)
  for (const r of rows) out.set(r.recordId, { childId: r.childId, referredOn: r.referredOn })
  return out
}

/** The record id of the stored interview for each of these episodes (child id and MIS_START), by `${childId}|${missingStart}`. */
export async function storedInterviewHolders(
  db: Kysely<Database>,
  la: string,
  episodes: ReadonlyArray<{ childId: string; missingStart: string }>,
  options: { lock: boolean },
): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  if (episodes.length === 0) return out
  const { rows } = await sql<{ recordId: string; childId: string; missingStart: string }>`
    select i.record_id, i.child_id, i.missing_start from return_home_interviews i
    join unnest(${episodes.map((e) => e.childId)}::text[], ${episodes.map((e) => e.missingStart)}::date[]) as e(child_id, missing_start)
      on i.child_id = e.child_id and i.missing_start = e.missing_start
    where i.la = ${la} ${options.lock ? sql`for share of i` : sql``}`.execute(db)
  for (const r of rows) out.set(episodeKey(r.childId, r.missingStart), r.recordId)
  return out
}

export const episodeKey = (childId: string, missingStart: string) => `${childId}|${missingStart}`
