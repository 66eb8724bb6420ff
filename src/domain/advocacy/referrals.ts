/**
 * The checks an advocacy referral and the issues raised in it must pass before they are stored, as
 * pure functions: domain doc 5c's records. Each issue is a record of its own naming its referral.
 */
import { checkLaterDate } from '../camhs/referrals.ts'
import { checkEventDate, recordError, type RecordIssue } from '../health/issues.ts'

/** What an issue was about: a short list the advocacy service's own reports use, 'other' for the rest. */
export const ADVOCACY_ISSUE_CATEGORIES = ['care_plan', 'placement', 'contact', 'education', 'health', 'leaving_care', 'complaint', 'other'] as const
export type AdvocacyIssueCategory = (typeof ADVOCACY_ISSUE_CATEGORIES)[number]

export interface AdvocacyReferralInput {
  referredOn: string
  closedOn: string | null
}

export function checkAdvocacyReferral(r: AdvocacyReferralInput, dateOfBirth: string, today: string): RecordIssue[] {
  return [
    ...checkEventDate('referredOn', r.referredOn, dateOfBirth, today),
    ...checkLaterDate('closedOn', r.closedOn, { field: 'referredOn', date: r.referredOn }, today),
  ]
}

export interface AdvocacyIssueInput {
  raisedOn: string
  resolvedOn: string | null
  category: AdvocacyIssueCategory | null
}

/** The referral the issue names, as stored: its child and date (null when no such referral is stored). */
export interface IssueReferral {
  childId: string
  referredOn: string
}

export function checkAdvocacyIssue(r: AdvocacyIssueInput, childId: string, referral: IssueReferral | null, dateOfBirth: string, today: string): RecordIssue[] {
  const issues = checkEventDate('raisedOn', r.raisedOn, dateOfBirth, today)
  if (referral === null) issues.push(recordError('referralRecordId', 'names no stored advocacy referral'))
  else if (referral.childId !== childId) issues.push(recordError('referralRecordId', "is another child's referral"))
  else if (r.raisedOn < referral.referredOn) issues.push(recordError('raisedOn', 'is before the referral'))
  issues.push(...checkLaterDate('resolvedOn', r.resolvedOn, { field: 'raisedOn', date: r.raisedOn }, today))
  return issues
}
