import { Type, type Static } from '@sinclair/typebox'
import type { CamhsReferralsTable } from '../../../db/tables/mental-health-advocacy-missing.ts'
import { CAMHS_DECISIONS, checkCamhsReferral } from '../../../domain/camhs/referrals.ts'
import type { RecordKind, StoredRow } from '../kind.ts'
import { ChildAddress, DateField, LaterDateField, literals, NullOr, PurgeFlag, RecordId, requiredUnlessPurged } from '../schemas.ts'

/** The mental health service's CAMHS referrals (domain doc 5c). */

export const CamhsReferralRecord = Type.Object(
  {
    recordId: {
      ...RecordId,
      description: "The mental health service's own id for this referral. Posting the same id again updates it.",
      examples: ['CAMHS-R-2025-0412'],
    },
    ...ChildAddress,
    referredOn: DateField('The day the referral was received.'),
    decision: Type.Optional(NullOr(literals(CAMHS_DECISIONS, 'accepted or declined; null (or left out) while undecided.'))),
    decidedOn: LaterDateField('The day of the decision: given with a decision only.'),
    firstAppointmentOn: LaterDateField('The first appointment the child attended: on an accepted referral, not before referredOn.'),
    dischargedOn: LaterDateField('The day the service closed the referral: not before referredOn or the first appointment.'),
    purge: PurgeFlag,
  },
  {
    $id: 'CamhsReferralRecord',
    additionalProperties: false,
    description:
      'A referral to child and adolescent mental health services, posted again (same recordId) as it goes on: decided, seen, discharged. ' +
      'referredOn is required unless purge is true. Give the child by nhsNumber or childId.',
    ...requiredUnlessPurged(['referredOn']),
  },
)
export type CamhsReferralRecord = Static<typeof CamhsReferralRecord>

/** The service's own words for a decision, accepted in a CSV file. */
export const CAMHS_WORDS = {
  decision: { Accept: 'accepted', Declined: 'declined', Decline: 'declined', Rejected: 'declined', 'Not accepted': 'declined' },
} as const

export const camhsReferrals: RecordKind<CamhsReferralRecord, StoredRow<CamhsReferralsTable>> = {
  table: {
    table: 'camhs_referrals',
    key: 'record_id',
    columns: {
      record_id: 'text',
      child_id: 'text',
      referred_on: 'date',
      decision: 'text',
      decided_on: 'date',
      first_appointment_on: 'date',
      discharged_on: 'date',
    },
  },
  build(r, child, today) {
    // Required by the schema unless the record is a purge, which is never built.
    const input = {
      referredOn: r.referredOn as string,
      decision: r.decision ?? null,
      decidedOn: r.decidedOn ?? null,
      firstAppointmentOn: r.firstAppointmentOn ?? null,
      dischargedOn: r.dischargedOn ?? null,
    }
    return {
      issues: checkCamhsReferral(input, child.dateOfBirth, today),
      row: {
        record_id: r.recordId,
        child_id: child.childId,
        referred_on: input.referredOn,
        decision: input.decision,
        decided_on: input.decidedOn,
        first_appointment_on: input.firstAppointmentOn,
        discharged_on: input.dischargedOn,
      },
    }
  },
}
