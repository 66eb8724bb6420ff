import { Type } from '@sinclair/typebox'
import { CAMHS_DECISIONS } from '../../domain/camhs/referrals.ts'
import { Nullable, PageInfo, PageQuery } from '../../http/schemas.ts'
import { CamhsReferralRecord } from '../partner-records/kinds/camhs.ts'
import { batchBody, QueryDate } from '../partner-records/schemas.ts'

const answered =
  ' Each record is answered on its own: records with errors are refused and the rest applied, in one transaction, with 200 ' +
  'and a result per record. When none could be applied the answer is a problem: 409 when every record named an NHS number two ' +
  "children share, otherwise 422; each record's errors are listed and `results` holds the per-record answer."

export const CamhsBody = batchBody(Type.Ref(CamhsReferralRecord), {
  description: `One CAMHS referral, or { "records": [...] } (up to 1000).${answered}`,
  examples: [
    {
      recordId: 'CAMHS-R-2025-0412',
      nhsNumber: '943 476 5919',
      referredOn: '2025-03-03',
      decision: 'accepted',
      decidedOn: '2025-03-10',
      firstAppointmentOn: '2025-04-02',
      dischargedOn: null,
    },
    {
      records: [
        { recordId: 'CAMHS-R-2025-0413', childId: 'C100234', referredOn: '2025-05-12' },
        { recordId: 'CAMHS-R-2024-0101', purge: true },
      ],
    },
  ],
})

const DateField = Type.String({ format: 'date' })
const DateOrNull = Nullable(Type.String({ format: 'date' }))
const STATUSES = ['awaiting-decision', 'declined', 'waiting', 'seen', 'discharged-unseen'] as const

export const StoredCamhsReferral = Type.Object(
  {
    recordId: Type.String(),
    referredOn: DateField,
    decision: Nullable(Type.Union(CAMHS_DECISIONS.map((d) => Type.Literal(d)))),
    decidedOn: DateOrNull,
    firstAppointmentOn: DateOrNull,
    dischargedOn: DateOrNull,
    status: Type.Union(
      STATUSES.map((s) => Type.Literal(s)),
      {
        description:
          'On asAt: awaiting-decision, declined, waiting (accepted, not yet seen or discharged: domain doc 5c), seen (first appointment on or ' +
          'before asAt), discharged-unseen (closed with no appointment).',
      },
    ),
    daysWaited: Nullable(
      Type.Integer({ description: 'Days from referral to the first appointment once seen, to asAt while waiting; null when declined or closed unseen.' }),
    ),
  },
  { $id: 'StoredCamhsReferral', additionalProperties: false },
)

export const ChildCamhs = Type.Object(
  {
    childId: Type.String(),
    asAt: DateField,
    waiting: Type.Boolean({ description: 'A referral is waiting on asAt (accepted, not seen, not discharged).' }),
    longestWait: Nullable(Type.Integer({ description: "Days the longest-waiting of the child's waiting referrals has waited on asAt." })),
    referrals: Type.Array(Type.Ref(StoredCamhsReferral), { description: 'Referrals received on or before asAt, oldest first.' }),
  },
  { additionalProperties: false },
)

export const WaitingListQuery = Type.Object(
  { asAt: Type.Optional(QueryDate('The day the list is for (default today).')), ...PageQuery },
  { additionalProperties: false },
)

export const WaitingList = Type.Object(
  {
    asAt: DateField,
    items: Type.Array(
      Type.Object(
        {
          childId: Type.String(),
          recordId: Type.String(),
          referredOn: DateField,
          decidedOn: DateOrNull,
          daysWaited: Type.Integer({ description: 'Days from referral to asAt.' }),
        },
        { additionalProperties: false },
      ),
      { description: 'Longest waiting first (referred on, then record id).' },
    ),
    ...PageInfo,
  },
  { additionalProperties: false },
)
