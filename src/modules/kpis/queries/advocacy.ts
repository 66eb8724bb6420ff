/**
 * Advocacy (5c): uptake among children looked after on at least one day of the 12 months, and the
 * issues raised in the 12 months, resolved by D and how long they took.
 */
import { sql } from 'kysely'
import type { KpiFamily, KpiQuery } from './fragments.ts'
import { IN_CARE_DURING } from './in-care-during.ts'

/** Issues raised in the 12 months to D; a resolution dated after D is not known at D. */
const ISSUES: KpiFamily = {
  key: 'advocacy-issues',
  base: ({ la }) => sql`select i.child_id, i.raised_on as age_on, null::text as legal_status, null::text as placement_type,
      null::text as placement_provider, null::text as reason_ended,
      i.record_id, i.referral_record_id, i.raised_on, case when i.resolved_on <= p.as_at then i.resolved_on end as resolved_on
    from advocacy_issues i where i.la = ${la} and i.raised_on > p.m12 and i.raised_on <= p.as_at`,
}

const ISSUE_FACTS = sql`jsonb_build_object('recordId', b.record_id, 'referralRecordId', b.referral_record_id, 'raisedOn', b.raised_on, 'resolvedOn', b.resolved_on)`

export const advocacyQueries: Record<string, KpiQuery> = {
  'advocacy-uptake': {
    family: IN_CARE_DURING,
    counted: sql`b.advocacy_referrals > 0`,
    facts: sql`jsonb_build_object('referrals', b.advocacy_referrals, 'firstReferral', b.first_referral)`,
  },
  'advocacy-issues-raised': { family: ISSUES, counted: sql`true`, facts: ISSUE_FACTS },
  'advocacy-issues-resolved': { family: ISSUES, counted: sql`b.resolved_on is not null`, facts: ISSUE_FACTS },
  'advocacy-days-to-resolve': {
    family: ISSUES,
    inDenominator: sql`b.resolved_on is not null`,
    counted: sql`true`,
    measure: sql`b.resolved_on - b.raised_on`,
    facts: ISSUE_FACTS,
  },
}
