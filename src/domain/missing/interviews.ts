/**
 * The checks a return home interview must pass before it is stored, as pure functions: domain doc
 * 5c's records. It names its missing episode by the child and the episode's start (MIS_START).
 */
import { checkLaterDate } from '../camhs/referrals.ts'
import { checkEventDate, recordError, type RecordIssue } from '../health/issues.ts'
import { addDays } from '../dates/calendar.ts'

export const INTERVIEW_RESPONSES = ['accepted', 'declined'] as const
export type InterviewResponse = (typeof INTERVIEW_RESPONSES)[number]

export interface ReturnInterviewInput {
  missingStart: string
  offeredOn: string | null
  response: InterviewResponse | null
  heldOn: string | null
}

export function checkReturnInterview(r: ReturnInterviewInput, dateOfBirth: string, today: string): RecordIssue[] {
  const issues = checkEventDate('missingStart', r.missingStart, dateOfBirth, today)
  issues.push(...checkLaterDate('offeredOn', r.offeredOn, { field: 'missingStart', date: r.missingStart }, today))
  if (r.response !== null && r.offeredOn === null) issues.push(recordError('response', 'is given with offeredOn only'))
  if (r.heldOn !== null && r.response !== 'accepted') issues.push(recordError('heldOn', 'is given on an accepted interview only'))
  issues.push(...checkLaterDate('heldOn', r.heldOn, r.offeredOn === null ? null : { field: 'offeredOn', date: r.offeredOn }, today))
  return issues
}

/** 5c: an offer is within 72 hours when dated on or before the third day after the episode's end. */
export const offeredWithin72Hours = (missingEnd: string, offeredOn: string | null): boolean => offeredOn !== null && offeredOn <= addDays(missingEnd, 3)

/**
 * One interview per missing episode (the KPIs match them by the child and MIS_START): refused when the
 * episode's stored interview has another record id, or the batch holds several for it.
 */
export function checkOneInterviewPerEpisode(recordId: string, storedHolder: string | null, sentInBatch: number): RecordIssue[] {
  if (storedHolder !== null && storedHolder !== recordId) {
    return [recordError('missingStart', `the interview stored for this missing episode is ${storedHolder}: post to that record id, or purge it first`)]
  }
  if (sentInBatch > 1) return [recordError('missingStart', `the batch holds ${sentInBatch} interviews for this missing episode: send one`)]
  return []
}
