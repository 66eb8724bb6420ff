import type { Kysely } from 'kysely'
import { childExists } from '../../db/child-lookup.ts'
import type { Database } from '../../db/database.ts'

/** A child's advocacy referrals and issues up to asAt, oldest first; null when there is no such child. */
export async function childAdvocacy(db: Kysely<Database>, la: string, childId: string, asAt: string) {
  const [exists, referrals, issues] = await Promise.all([
    childExists(db, la, childId),
    db
      .selectFrom('advocacy_referrals')
      .select(['recordId', 'referredOn', 'closedOn'])
      .where('la', '=', la)
      .where('childId', '=', childId)
      .where('referredOn', '<=', asAt)
      .orderBy('referredOn')
      .orderBy('recordId')
      .execute(),
    db
      .selectFrom('advocacy_issues')
      .select(['recordId', 'referralRecordId', 'raisedOn', 'resolvedOn', 'category'])
      .where('la', '=', la)
      .where('childId', '=', childId)
      .where('raisedOn', '<=', asAt)
      .orderBy('raisedOn')
      .orderBy('recordId')
      .execute(),
  ])
  return exists ? { referrals, issues } : null
}
