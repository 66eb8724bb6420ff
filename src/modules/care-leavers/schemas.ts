import { Type, type Static } from '@sinclair/typebox'
import { ChildId, LaCode, Nullable, PageInfo, PageQuery } from '../../http/schemas.ts'
import {
  CareLeaverRecord,
  ContactRecord,
  Eligibility,
  PathwayPlanRecord,
  PathwayPlanReviewRecord,
  PersonalAdviserRecord,
} from '../partner-records/kinds/care-leavers.ts'
import { batchBody, QueryDate } from '../partner-records/schemas.ts'

const BATCH_RULES =
  'Records with errors are refused and the rest applied, in one transaction, with 200 and a result per record; when none ' +
  'could be applied the answer is a problem (409 when every record named an identifier two children share, otherwise 422) ' +
  "listing each record's errors."

export const CareLeaversBody = batchBody(Type.Ref(CareLeaverRecord), {
  description: `One care leaver, or { "records": [...] }. ${BATCH_RULES}`,
  examples: [
    { childId: 'C100234', eligibility: 'former_relevant' },
    {
      records: [
        { childId: 'C100234', eligibility: 'relevant' },
        { childId: 'C100777', purge: true },
      ],
    },
  ],
})

export const PersonalAdvisersBody = batchBody(Type.Ref(PersonalAdviserRecord), {
  description: `One personal adviser allocation, or { "records": [...] }. ${BATCH_RULES}`,
  examples: [{ recordId: 'LC-PA-3310', childId: 'C100234', name: 'Sam Okafor', allocatedOn: '2024-11-04' }],
})

export const PathwayPlansBody = batchBody(Type.Ref(PathwayPlanRecord), {
  description: `One pathway plan with its reviews, or { "records": [...] }. ${BATCH_RULES}`,
  examples: [{ recordId: 'LC-PP-2024-118', childId: 'C100234', planDate: '2024-06-10', reviews: ['2024-12-02', '2025-05-19'] }],
})

export const PathwayPlanReviewsBody = batchBody(Type.Ref(PathwayPlanReviewRecord), {
  description: `One pathway plan review, or { "records": [...] }. ${BATCH_RULES}`,
  examples: [
    { recordId: 'LC-PPR-2025-0412', childId: 'C100234', planRecordId: 'LC-PP-2024-118', date: '2025-05-19' },
    {
      records: [
        { recordId: 'LC-PPR-2025-0413', childId: 'C100234', planRecordId: 'LC-PP-2024-118', date: '2025-11-12' },
        { recordId: 'LC-PPR-2024-0077', purge: true },
      ],
    },
  ],
})

export const ContactsBody = batchBody(Type.Ref(ContactRecord), {
  description: `One contact, or { "records": [...] }. ${BATCH_RULES}`,
  examples: [
    { recordId: 'LC-CT-88121', childId: 'C100234', date: '2025-03-02', inTouch: 'YES', activity: 'F5', accommodation: 'U1' },
    { records: [{ recordId: 'LC-CT-88122', childId: 'C100777', date: '2025-03-04', inTouch: 'RHOM' }] },
  ],
})

export const ChildParams = Type.Object({ la: LaCode, childId: ChildId }, { additionalProperties: false })

const PlanStatus = Type.Union([Type.Literal('in_date'), Type.Literal('overdue'), Type.Literal('none')], {
  description: 'in_date: the latest plan or review (on or before asAt) is after asAt minus 6 months; overdue: it is not; none: no plan.',
})

export const PathwayPlanState = Type.Object(
  {
    status: PlanStatus,
    lastReviewed: Nullable(Type.String({ format: 'date', description: 'The latest plan or review date on or before asAt.' })),
    nextReviewDue: Nullable(Type.String({ format: 'date', description: '6 months after lastReviewed.' })),
  },
  { $id: 'PathwayPlanState', additionalProperties: false },
)

export const StoredContact = Type.Object(
  {
    recordId: Type.String(),
    date: Type.String({ format: 'date' }),
    inTouch: Type.String(),
    activity: Nullable(Type.String({ description: 'The 903 ACTIV code: 0 when not known, null for DIED/RHOM.' })),
    accommodation: Nullable(Type.String({ description: 'The 903 ACCOM code, e.g. U1: 0 when not known, null for DIED/RHOM.' })),
    accommodationType: Nullable(Type.String({ description: 'The ACCOM letter.' })),
    accommodationSuitable: Nullable(Type.Boolean({ description: 'The ACCOM digit: true for 1 (suitable), false for 2.' })),
  },
  { $id: 'CareLeaverContact', additionalProperties: false },
)

export const StoredAdviser = Type.Object(
  {
    recordId: Type.String(),
    name: Nullable(Type.String()),
    allocatedOn: Type.String({ format: 'date' }),
    endedOn: Nullable(Type.String({ format: 'date' })),
  },
  { $id: 'PersonalAdviser', additionalProperties: false },
)

export const CareLeaversQuery = Type.Object(
  {
    asAt: Type.Optional(QueryDate('The date plan status, adviser and latest contact are read at (default today).')),
    eligibility: Type.Optional(Eligibility),
    planStatus: Type.Optional(PlanStatus),
    ...PageQuery,
  },
  { additionalProperties: false },
)
export type CareLeaversQuery = Static<typeof CareLeaversQuery>

export const CareLeaverList = Type.Object(
  {
    asAt: Type.String({ format: 'date' }),
    items: Type.Array(
      Type.Object(
        {
          childId: Type.String(),
          eligibility: Eligibility,
          age: Type.Integer({ description: 'Whole years on asAt.' }),
          personalAdviser: Nullable(
            Type.Object(
              { recordId: Type.String(), name: Nullable(Type.String()), allocatedOn: Type.String({ format: 'date' }) },
              { additionalProperties: false, description: 'The adviser allocated on asAt (the latest allocation when several are).' },
            ),
          ),
          pathwayPlan: Type.Ref(PathwayPlanState),
          latestContact: Nullable(Type.Ref(StoredContact, { description: 'The latest contact on or before asAt.' })),
        },
        { additionalProperties: false },
      ),
    ),
    ...PageInfo,
  },
  { additionalProperties: false },
)

export const ChildCareLeaverQuery = Type.Object(
  { asAt: Type.Optional(QueryDate('The date the pathway plan status is read at (default today).')) },
  { additionalProperties: false },
)

export const ChildCareLeaver = Type.Object(
  {
    childId: Type.String(),
    eligibility: Nullable(Eligibility),
    pathwayPlan: Type.Ref(PathwayPlanState),
    personalAdvisers: Type.Array(Type.Ref(StoredAdviser)),
    pathwayPlans: Type.Array(
      Type.Object(
        {
          recordId: Type.String(),
          planDate: Type.String({ format: 'date' }),
          reviews: Type.Array(
            Type.Object(
              {
                date: Type.String({ format: 'date' }),
                recordId: Nullable(
                  Type.String({ description: "The review's own record id when it was posted to .../pathway-plan-reviews; null for one of the plan's list." }),
                ),
              },
              { additionalProperties: false },
            ),
            { description: 'Every review of the plan, in date order: those of its own list and those posted as records of their own.' },
          ),
        },
        { additionalProperties: false },
      ),
    ),
    contacts: Type.Array(Type.Ref(StoredContact)),
  },
  { additionalProperties: false },
)
