import { Type, type Static } from '@sinclair/typebox'
import type {
  CareLeaverContactsTable,
  CareLeaversTable,
  PathwayPlanReviewsTable,
  PathwayPlansTable,
  PersonalAdvisersTable,
} from '../../../db/tables/partner-returns.ts'
import { checkEligibility, ELIGIBILITY_CATEGORIES, type Eligibility as Category } from '../../../domain/care-leavers/eligibility.ts'
import { checkContact, splitAccommodation } from '../../../domain/care-leavers/oc3.ts'
import { checkPathwayPlan, checkPlanReview, type ReviewedPlan } from '../../../domain/care-leavers/pathway-plan.ts'
import { checkAllocation } from '../../../domain/care-leavers/personal-advisers.ts'
import { IsoDate, Text } from '../../../http/schemas.ts'
import type { RecordKind, StoredRow } from '../kind.ts'
import { planReviews, replacePlanReviews, storedPlans } from '../queries.ts'
import { ChildAddress, NullOr, PurgeFlag, RECORD_ID_PATTERN, RecordId, requiredUnlessPurged } from '../schemas.ts'
import { code, text } from './fields.ts'

/** The leaving care service's records: a young person's eligibility, personal advisers, pathway plans and contacts. */

export const Eligibility = Type.Union(
  ELIGIBILITY_CATEGORIES.map((e) => Type.Literal(e)),
  {
    description: 'Leaving-care category: eligible, relevant, former_relevant or qualifying.',
  },
)

export const CareLeaverRecord = Type.Object(
  { ...ChildAddress, eligibility: Type.Optional(Eligibility), purge: PurgeFlag },
  {
    $id: 'CareLeaverRecord',
    additionalProperties: false,
    description: "A young person's leaving-care eligibility, one per child (the child is the record's key). eligibility is required unless purge is true.",
    ...requiredUnlessPurged(['eligibility']),
  },
)
export type CareLeaverRecord = Static<typeof CareLeaverRecord>

export const PersonalAdviserRecord = Type.Object(
  {
    recordId: RecordId,
    ...ChildAddress,
    name: Type.Optional(NullOr(Text(200, { description: "The adviser's name.", examples: ['Sam Okafor'] }))),
    allocatedOn: Type.Optional(IsoDate),
    endedOn: Type.Optional(NullOr(IsoDate)),
    purge: PurgeFlag,
  },
  {
    $id: 'PersonalAdviserRecord',
    additionalProperties: false,
    description: 'A personal adviser allocated to a care leaver from allocatedOn (required unless purge) until endedOn (open when absent).',
    ...requiredUnlessPurged(['allocatedOn']),
  },
)
export type PersonalAdviserRecord = Static<typeof PersonalAdviserRecord>

export const PathwayPlanRecord = Type.Object(
  {
    recordId: RecordId,
    ...ChildAddress,
    planDate: Type.Optional(IsoDate),
    reviews: Type.Optional(
      Type.Array(IsoDate, {
        maxItems: 200,
        description:
          'Every review of this plan so far, as its list (the stored list is replaced; reviews posted to .../pathway-plan-reviews as records of their own stay); a review is due no later than 6 months after the last.',
      }),
    ),
    purge: PurgeFlag,
  },
  {
    $id: 'PathwayPlanRecord',
    additionalProperties: false,
    description: 'A pathway plan: its date (required unless purge) and the dates of its reviews.',
    ...requiredUnlessPurged(['planDate']),
  },
)
export type PathwayPlanRecord = Static<typeof PathwayPlanRecord>

export const PathwayPlanReviewRecord = Type.Object(
  {
    recordId: {
      ...RecordId,
      description: "The leaving care system's own id for this review. Posting the same id again updates it.",
      examples: ['LC-PPR-2025-0412'],
    },
    ...ChildAddress,
    planRecordId: Type.Optional(
      Type.String({
        pattern: RECORD_ID_PATTERN,
        maxLength: 100,
        description: 'The record id of the pathway plan it reviews, as posted to .../pathway-plans: a plan of the same child.',
        examples: ['LC-PP-2024-118'],
      }),
    ),
    date: Type.Optional(IsoDate),
    purge: PurgeFlag,
  },
  {
    $id: 'PathwayPlanReviewRecord',
    additionalProperties: false,
    description:
      'A review of a pathway plan, as a record of its own (a row per review, as leaving care systems export them): the plan it ' +
      'reviews and its date, both required unless purge.',
    ...requiredUnlessPurged(['planRecordId', 'date']),
  },
)
export type PathwayPlanReviewRecord = Static<typeof PathwayPlanReviewRecord>

export const ContactRecord = Type.Object(
  {
    recordId: RecordId,
    ...ChildAddress,
    date: Type.Optional(IsoDate),
    inTouch: Type.Optional(Text(4, { description: 'OC3 IN_TOUCH: YES, NO, DIED, REFU, NREQ or RHOM.', examples: ['YES'] })),
    activity: Type.Optional(
      NullOr(Text(2, { description: 'OC3 ACTIV: F1, P1, F2, P2, F4, P4, F5, P5, G4, G5, G6, or 0 (not known). Blank for DIED/RHOM.', examples: ['F5'] })),
    ),
    accommodation: Type.Optional(
      NullOr(
        Text(2, {
          description: 'OC3 ACCOM: the type letter and 1 (suitable) or 2 (not suitable), e.g. U1, D2, S2; 0 for no information. Blank for DIED/RHOM.',
          examples: ['U1'],
        }),
      ),
    ),
    purge: PurgeFlag,
  },
  {
    $id: 'ContactRecord',
    additionalProperties: false,
    description:
      'A contact with a care leaver, on or around a birthday or at any time, in the 903 OC3 codes. date and inTouch are required ' +
      'unless purge. DIED or RHOM with an activity or accommodation is refused (rule 344); YES without both is stored with a ' +
      'warning (345), as are Z at 17 (3001) and a foyer (T) under 18 (347).',
    ...requiredUnlessPurged(['date', 'inTouch']),
  },
)
export type ContactRecord = Static<typeof ContactRecord>

// Each schema requires the fields cast below unless the record is a purge, which is never built.

export const careLeavers: RecordKind<CareLeaverRecord, StoredRow<CareLeaversTable>> = {
  table: { table: 'care_leavers', key: 'child_id', columns: { child_id: 'text', eligibility: 'text' } },
  build: (r, child, today) => {
    const eligibility = r.eligibility as Category
    return { issues: checkEligibility(eligibility, child.dateOfBirth, today), row: { child_id: child.childId, eligibility } }
  },
}

export const personalAdvisers: RecordKind<PersonalAdviserRecord, StoredRow<PersonalAdvisersTable>> = {
  table: {
    table: 'personal_advisers',
    key: 'record_id',
    columns: { record_id: 'text', child_id: 'text', name: 'text', allocated_on: 'date', ended_on: 'date' },
  },
  build(r, child, today) {
    const allocation = { allocatedOn: r.allocatedOn as string, endedOn: r.endedOn ?? null }
    return {
      issues: checkAllocation(allocation, child.dateOfBirth, today),
      row: { record_id: r.recordId, child_id: child.childId, name: text(r.name), allocated_on: allocation.allocatedOn, ended_on: allocation.endedOn },
    }
  },
}

/** A plan's reviews as one comparable value: distinct dates, in order. */
const reviewsOf = (r: PathwayPlanRecord) => [...new Set(r.reviews ?? [])].sort()

export const pathwayPlans: RecordKind<PathwayPlanRecord, StoredRow<PathwayPlansTable>> = {
  table: { table: 'pathway_plans', key: 'record_id', columns: { record_id: 'text', child_id: 'text', plan_date: 'date' } },
  build(r, child, today) {
    const plan = { planDate: r.planDate as string, reviewDates: r.reviews ?? [] }
    return {
      issues: checkPathwayPlan(plan, child.dateOfBirth, today),
      row: { record_id: r.recordId, child_id: child.childId, plan_date: plan.planDate },
    }
  },
  // The reviews live in their own table: compared as a list, replaced whole when they changed.
  extra: {
    load: planReviews,
    of: (r) => reviewsOf(r).join(','),
    write: (db, la, changed, copy) =>
      replacePlanReviews(
        db,
        la,
        changed.map((c) => ({ key: c.key, reviews: reviewsOf(c.record) })),
        copy,
      ),
  },
}

/** The columns a review posted as a record writes: its key (review_key) is worked out by the database. */
type ReviewRow = StoredRow<Omit<PathwayPlanReviewsTable, 'reviewKey'>> & { record_id: string }

// Reviews posted as records of their own, beside the plans' lists in pathway_plan_reviews (migration 0015).
export const pathwayPlanReviews: RecordKind<PathwayPlanReviewRecord, ReviewRow, ReadonlyMap<string, ReviewedPlan>> = {
  table: { table: 'pathway_plan_reviews', key: 'record_id', columns: { record_id: 'text', plan_record_id: 'text', review_date: 'date' } },
  // The plans the reviews name, read once for the batch: the rules need the plan's child and date.
  context: (db, la, records, options) =>
    storedPlans(
      db,
      la,
      records.flatMap((r) => r.planRecordId ?? []),
      options,
    ),
  build(r, child, today, plans) {
    const planRecordId = r.planRecordId as string
    const date = r.date as string
    return {
      issues: checkPlanReview({ date, plan: plans?.get(planRecordId) ?? null }, child, today),
      row: { record_id: r.recordId, plan_record_id: planRecordId, review_date: date },
    }
  },
}

export const careLeaverContacts: RecordKind<ContactRecord, StoredRow<CareLeaverContactsTable>> = {
  table: {
    table: 'care_leaver_contacts',
    key: 'record_id',
    columns: {
      record_id: 'text',
      child_id: 'text',
      date: 'date',
      in_touch: 'text',
      activity: 'text',
      accommodation_type: 'char(1)',
      accommodation_suitable: 'boolean',
    },
  },
  build(r, child, today) {
    const input = { date: r.date as string, inTouch: code(r.inTouch) ?? '', activity: code(r.activity), accommodation: code(r.accommodation) }
    const issues = checkContact(input, child.dateOfBirth, today)
    const valid = !issues.some((i) => i.severity === 'error')
    const parts = valid && input.accommodation !== null ? splitAccommodation(input.accommodation) : { type: null, suitable: null }
    return {
      issues,
      row: {
        record_id: r.recordId,
        child_id: child.childId,
        date: input.date,
        in_touch: input.inTouch,
        activity: input.activity,
        accommodation_type: parts.type,
        accommodation_suitable: parts.suitable,
      },
    }
  },
}
