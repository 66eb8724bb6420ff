import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'

/** A child's advocacy referrals and issues up to asAt, oldest first; null when there is no such child. */
export async function childAdvocacy(db: Kysely<Database>, la: string, childId: string, asAt: string) {
  const [child, referrals, issues] = await Promise.all([
    db.selectFrom('children').select('childId').where('la', '=', la).where('childId', '=', childId).executeTakeFirst(),
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
  return child ? { referrals, issues } : null
}
