/**
 * CAMHS access and timeliness (5c): the referrals of children in care at D. Waiting at D, referrals in
 * the 12 months and the share declined, and days from referral to first appointment for first
 * appointments in the 12 months.
 */
import { sql } from 'kysely'
import { inCareAt, type KpiFamily, type KpiQuery } from './fragments.ts'

/** Every referral made on or before D of a child in care at D (5a), with the episode open on D. */
const REFERRALS: KpiFamily = {
  key: 'camhs',
  careEpisodes: { monthsBeforeD: 0 },
  base: ({ la }) => sql`select r.child_id, p.as_at as age_on, e.legal_status, e.placement_type, e.placement_provider, null::text as reason_ended,
      r.record_id, r.referred_on, r.decision, r.first_appointment_on, r.discharged_on,
      case when r.first_appointment_on <= p.as_at then r.first_appointment_on - r.referred_on end as days_to_first
    from camhs_referrals r
    join care_episodes e on ${inCareAt()} and e.child_id = r.child_id
    where r.la = ${la} and r.referred_on <= p.as_at`,
}

const FACTS = sql`jsonb_build_object('recordId', b.record_id, 'referredOn', b.referred_on, 'decision', b.decision,
  'firstAppointmentOn', b.first_appointment_on, 'dischargedOn', b.discharged_on)`
const IN_TWELVE_MONTHS = sql`b.referred_on > p.m12`
const SEEN_IN_TWELVE_MONTHS = sql`b.first_appointment_on > p.m12 and b.first_appointment_on <= p.as_at`

export const camhsQueries: Record<string, KpiQuery> = {
  // Closed unseen is not waiting.
  'camhs-waiting': {
    family: REFERRALS,
    member: sql`b.decision = 'accepted' and (b.first_appointment_on is null or b.first_appointment_on > p.as_at)
      and (b.discharged_on is null or b.discharged_on > p.as_at)`,
    counted: sql`true`,
    facts: FACTS,
  },
  'camhs-referrals': { family: REFERRALS, member: IN_TWELVE_MONTHS, counted: sql`true`, facts: FACTS },
  'camhs-declined': { family: REFERRALS, member: IN_TWELVE_MONTHS, counted: sql`b.decision = 'declined'`, facts: FACTS },
  'camhs-days-to-first-appointment': {
    family: REFERRALS,
    member: SEEN_IN_TWELVE_MONTHS,
    counted: sql`true`,
    measure: sql`b.days_to_first`,
    facts: FACTS,
  },
  'camhs-seen-within-28-days': { family: REFERRALS, member: SEEN_IN_TWELVE_MONTHS, counted: sql`b.days_to_first <= 28`, facts: FACTS },
}
