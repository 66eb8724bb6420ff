import type { Kysely } from 'kysely'
import type { Database } from '../../src/db/database.ts'
import { advocacyIssues, advocacyReferrals } from '../../src/modules/partner-records/kinds/advocacy.ts'
import { camhsReferrals } from '../../src/modules/partner-records/kinds/camhs.ts'
import { returnInterviews } from '../../src/modules/partner-records/kinds/return-interviews.ts'
import type { DemoAuthority } from './generator/index.ts'
import { insertKindRows } from './store-rows.ts'

/** CAMHS referrals, advocacy referrals and issues, and return home interviews (5c), by set-based inserts (referrals before their issues). */
export async function storeServices(trx: Kysely<Database>, demo: DemoAuthority): Promise<void> {
  const la = demo.la
  await insertKindRows(
    trx,
    la,
    camhsReferrals,
    demo.camhsReferrals.map((r) => ({
      record_id: r.recordId,
      child_id: r.childId,
      referred_on: r.referredOn,
      decision: r.decision,
      decided_on: r.decidedOn,
      first_appointment_on: r.firstAppointmentOn,
      discharged_on: r.dischargedOn,
    })),
  )
  await insertKindRows(
    trx,
    la,
    advocacyReferrals,
    demo.advocacyReferrals.map((r) => ({ record_id: r.recordId, child_id: r.childId, referred_on: r.referredOn, closed_on: r.closedOn })),
  )
  await insertKindRows(
    trx,
    la,
    advocacyIssues,
    demo.advocacyIssues.map((i) => ({
      record_id: i.recordId,
      child_id: i.childId,
      referral_record_id: i.referralRecordId,
      raised_on: i.raisedOn,
      resolved_on: i.resolvedOn,
      category: i.category,
    })),
  )
  await insertKindRows(
    trx,
    la,
    returnInterviews,
    demo.returnInterviews.map((r) => ({
      record_id: r.recordId,
      child_id: r.childId,
      missing_start: r.missingStart,
      offered_on: r.offeredOn,
      response: r.response,
      held_on: r.heldOn,
    })),
  )
}
