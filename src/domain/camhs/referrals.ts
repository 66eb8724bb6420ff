/**
 * The checks a CAMHS referral must pass before it is stored (the child is known by then), as pure
 * functions: domain doc 5c's records. A referral waits for a decision, is accepted or declined, and an
 * accepted one has a first appointment and, later, a discharge.
 */
import { daysBetween } from '../dates/calendar.ts'
import { checkEventDate, recordError, type RecordIssue } from '../health/issues.ts'

export const CAMHS_DECISIONS = ['accepted', 'declined'] as const
export type CamhsDecision = (typeof CAMHS_DECISIONS)[number]

export interface CamhsReferralInput {
  referredOn: string
  decision: CamhsDecision | null
  decidedOn: string | null
  firstAppointmentOn: string | null
  dischargedOn: string | null
}

/** A later date of the referral: not in the future, and not before the date it must follow. */
export function checkLaterDate(field: string, date: string | null, after: { field: string; date: string } | null, today: string): RecordIssue[] {
  if (date === null) return []
  if (date > today) return [recordError(field, 'is in the future')]
  if (after !== null && date < after.date) return [recordError(field, `is before ${after.field}`)]
  return []
}

export function checkCamhsReferral(r: CamhsReferralInput, dateOfBirth: string, today: string): RecordIssue[] {
  const referred = { field: 'referredOn', date: r.referredOn }
  const issues = checkEventDate('referredOn', r.referredOn, dateOfBirth, today)
  if (r.decidedOn !== null && r.decision === null) issues.push(recordError('decidedOn', 'is given with a decision only'))
  issues.push(...checkLaterDate('decidedOn', r.decidedOn, referred, today))
  if (r.firstAppointmentOn !== null && r.decision !== 'accepted') issues.push(recordError('firstAppointmentOn', 'is given on an accepted referral only'))
  issues.push(...checkLaterDate('firstAppointmentOn', r.firstAppointmentOn, referred, today))
  const seen = r.firstAppointmentOn === null ? referred : { field: 'firstAppointmentOn', date: r.firstAppointmentOn }
  issues.push(...checkLaterDate('dischargedOn', r.dischargedOn, r.dischargedOn !== null && r.dischargedOn < r.referredOn ? referred : seen, today))
  return issues
}

/**
 * Where a referral (referred on or before the day) stands on a day. 'waiting' is 5c's: accepted, no
 * first appointment and not discharged on or before the day. As in 5c the decision is the one stored,
 * whatever its date: decidedOn is for the record, not for counting.
 */
export type CamhsStatus = 'awaiting-decision' | 'declined' | 'waiting' | 'seen' | 'discharged-unseen'

export function camhsStatus(r: CamhsReferralInput, on: string): CamhsStatus {
  if (r.firstAppointmentOn !== null && r.firstAppointmentOn <= on) return 'seen'
  if (r.dischargedOn !== null && r.dischargedOn <= on) return 'discharged-unseen'
  if (r.decision === null) return 'awaiting-decision'
  return r.decision === 'declined' ? 'declined' : 'waiting'
}

/**
 * Days waited, as on a day: to the first appointment once seen; to that day while waiting (for a
 * decision or for an appointment); null when declined or closed unseen, which end no wait 5c counts.
 */
export function camhsDaysWaited(r: CamhsReferralInput, on: string): number | null {
  const status = camhsStatus(r, on)
  if (status === 'seen') return daysBetween(r.referredOn, r.firstAppointmentOn as string)
  if (status === 'waiting' || status === 'awaiting-decision') return daysBetween(r.referredOn, on)
  return null
}
