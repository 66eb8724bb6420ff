import type { Kysely } from 'kysely'
import { insertRows } from '../../src/db/bulk.ts'
import type { Database } from '../../src/db/database.ts'
import type { DemoAuthority } from './generator/index.ts'

/** CAMHS referrals, advocacy referrals and issues, and return home interviews (5c), by set-based inserts (referrals before their issues). */
export async function storeServices(trx: Kysely<Database>, demo: DemoAuthority): Promise<void> {
  const la = demo.la
  await insertRows(
    trx,
    'camhs_referrals',
    {
      la: 'text',
      record_id: 'text',
      child_id: 'text',
      referred_on: 'date',
      decision: 'text',
      decided_on: 'date',
      first_appointment_on: 'date',
      discharged_on: 'date',
    },
    demo.camhsReferrals.map((r) => ({
      la,
      record_id: r.recordId,
      child_id: r.childId,
      referred_on: r.referredOn,
      decision: r.decision,
      decided_on: r.decidedOn,
      first_appointment_on: r.firstAppointmentOn,
      discharged_on: r.dischargedOn,
    })),
  )
  await insertRows(
    trx,
    'advocacy_referrals',
    { la: 'text', record_id: 'text', child_id: 'text', referred_on: 'date', closed_on: 'date' },
    demo.advocacyReferrals.map((r) => ({ la, record_id: r.recordId, child_id: r.childId, referred_on: r.referredOn, closed_on: r.closedOn })),
  )
  await insertRows(
    trx,
    'advocacy_issues',
    { la: 'text', record_id: 'text', child_id: 'text', referral_record_id: 'text', raised_on: 'date', resolved_on: 'date', category: 'text' },
    demo.advocacyIssues.map((i) => ({
      la,
      record_id: i.recordId,
      child_id: i.childId,
      referral_record_id: i.referralRecordId,
      raised_on: i.raisedOn,
      resolved_on: i.resolvedOn,
      category: i.category,
    })),
  )
  await insertRows(
    trx,
    'return_home_interviews',
    { la: 'text', record_id: 'text', child_id: 'text', missing_start: 'date', offered_on: 'date', response: 'text', held_on: 'date' },
    demo.returnInterviews.map((r) => ({
      la,
      record_id: r.recordId,
      child_id: r.childId,
      missing_start: r.missingStart,
      offered_on: r.offeredOn,
      response: r.response,
      held_on: r.heldOn,
    })),
  )
}
