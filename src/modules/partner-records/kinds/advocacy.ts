import { Type, type Static } from '@sinclair/typebox'
import type { AdvocacyIssuesTable, AdvocacyReferralsTable } from '../../../db/tables/mental-health-advocacy-missing.ts'
import { ADVOCACY_ISSUE_CATEGORIES, checkAdvocacyIssue, checkAdvocacyReferral, type IssueReferral } from '../../../domain/advocacy/referrals.ts'
import type { RecordKind, StoredRow } from '../kind.ts'
import { ChildAddress, DateField, LaterDateField, literals, NullOr, PurgeFlag, RECORD_ID_PATTERN, RecordId, requiredUnlessPurged } from '../schemas.ts'
import { storedAdvocacyReferrals } from '../stored-context.ts'

/**
 * The advocacy service's referrals, and the issues raised in them (domain doc 5c): each issue a record
 * of its own naming its referral, so both go as flat rows (a CSV file each) and an issue is marked
 * resolved by posting it again.
 */

export const AdvocacyReferralRecord = Type.Object(
  {
    recordId: {
      ...RecordId,
      description: "The advocacy service's own id for this referral. Posting the same id again updates it.",
      examples: ['ADV-R-2025-031'],
    },
    ...ChildAddress,
    referredOn: DateField('The day the child (or someone for them) asked for an advocate.'),
    closedOn: LaterDateField('The day the service closed the case: not before referredOn.'),
    purge: PurgeFlag,
  },
  {
    $id: 'AdvocacyReferralRecord',
    additionalProperties: false,
    description: 'A referral to the advocacy service. referredOn is required unless purge is true; purging it removes its issues too.',
    ...requiredUnlessPurged(['referredOn']),
  },
)
export type AdvocacyReferralRecord = Static<typeof AdvocacyReferralRecord>

export const AdvocacyIssueRecord = Type.Object(
  {
    recordId: {
      ...RecordId,
      description: "The advocacy service's own id for this issue. Posting the same id again updates it (resolvedOn, say).",
      examples: ['ADV-I-2025-0107'],
    },
    ...ChildAddress,
    referralRecordId: Type.Optional(
      Type.String({
        pattern: RECORD_ID_PATTERN,
        maxLength: 100,
        description: 'The record id of the referral it was raised in, as posted to .../advocacy/referrals: a referral of the same child.',
        examples: ['ADV-R-2025-031'],
      }),
    ),
    raisedOn: DateField('The day the issue was raised: not before the referral.'),
    resolvedOn: LaterDateField('The day it was resolved; null while open.'),
    category: Type.Optional(
      NullOr(literals(ADVOCACY_ISSUE_CATEGORIES, 'What it was about: care_plan, placement, contact, education, health, leaving_care, complaint or other.')),
    ),
    purge: PurgeFlag,
  },
  {
    $id: 'AdvocacyIssueRecord',
    additionalProperties: false,
    description: 'An issue raised by or for the child in an advocacy referral. referralRecordId and raisedOn are required unless purge is true.',
    ...requiredUnlessPurged(['referralRecordId', 'raisedOn']),
  },
)
export type AdvocacyIssueRecord = Static<typeof AdvocacyIssueRecord>

/** The service's own words for a category, accepted in a CSV file. */
export const ADVOCACY_ISSUE_WORDS = {
  category: {
    'Care plan': 'care_plan',
    Placement: 'placement',
    'Family time': 'contact',
    Contact: 'contact',
    'Leaving care': 'leaving_care',
    Complaint: 'complaint',
  },
} as const

export const advocacyReferrals: RecordKind<AdvocacyReferralRecord, StoredRow<AdvocacyReferralsTable>> = {
  table: { table: 'advocacy_referrals', key: 'record_id', columns: { record_id: 'text', child_id: 'text', referred_on: 'date', closed_on: 'date' } },
  build(r, child, today) {
    // Required by the schema unless the record is a purge, which is never built.
    const input = { referredOn: r.referredOn as string, closedOn: r.closedOn ?? null }
    return {
      issues: checkAdvocacyReferral(input, child.dateOfBirth, today),
      row: { record_id: r.recordId, child_id: child.childId, referred_on: input.referredOn, closed_on: input.closedOn },
    }
  },
}

export const advocacyIssues: RecordKind<AdvocacyIssueRecord, StoredRow<AdvocacyIssuesTable>, ReadonlyMap<string, IssueReferral>> = {
  table: {
    table: 'advocacy_issues',
    key: 'record_id',
    columns: { record_id: 'text', child_id: 'text', referral_record_id: 'text', raised_on: 'date', resolved_on: 'date', category: 'text' },
  },
  // The referrals the issues name, read once for the batch: the rules need the referral's child and date.
  context: (db, la, records, options) =>
    storedAdvocacyReferrals(
      db,
      la,
      records.flatMap((r) => r.referralRecordId ?? []),
      options,
    ),
  build(r, child, today, referrals) {
    const referralRecordId = r.referralRecordId as string
    const input = { raisedOn: r.raisedOn as string, resolvedOn: r.resolvedOn ?? null, category: r.category ?? null }
    return {
      issues: checkAdvocacyIssue(input, child.childId, referrals?.get(referralRecordId) ?? null, child.dateOfBirth, today),
      row: {
        record_id: r.recordId,
        child_id: child.childId,
        referral_record_id: referralRecordId,
        raised_on: input.raisedOn,
        resolved_on: input.resolvedOn,
        category: input.category,
      },
    }
  },
}
