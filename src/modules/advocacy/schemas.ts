import { Type } from '@sinclair/typebox'
import { ADVOCACY_ISSUE_CATEGORIES } from '../../domain/advocacy/referrals.ts'
import { Nullable } from '../../http/schemas.ts'
import { AdvocacyIssueRecord, AdvocacyReferralRecord } from '../partner-records/kinds/advocacy.ts'
import { batchBody } from '../partner-records/schemas.ts'

const answered =
  ' Each record is answered on its own: records with errors are refused and the rest applied, in one transaction, with 200 ' +
  "and a result per record. When none could be applied the answer is a problem (422, or 409 when every record named an identifier two children share); each record's errors are listed and `results` holds the per-record answer."

export const AdvocacyReferralsBody = batchBody(Type.Ref(AdvocacyReferralRecord), {
  description: `One advocacy referral, or { "records": [...] } (up to 1000).${answered}`,
  examples: [
    { recordId: 'ADV-R-2025-031', childId: 'C100234', referredOn: '2025-02-03' },
    { records: [{ recordId: 'ADV-R-2025-032', childId: 'C100302', referredOn: '2025-02-10', closedOn: '2025-05-30' }] },
  ],
})

export const AdvocacyIssuesBody = batchBody(Type.Ref(AdvocacyIssueRecord), {
  description: `One issue, or { "records": [...] } (up to 1000).${answered}`,
  examples: [
    { recordId: 'ADV-I-2025-0107', childId: 'C100234', referralRecordId: 'ADV-R-2025-031', raisedOn: '2025-02-03', category: 'contact' },
    { records: [{ recordId: 'ADV-I-2025-0107', childId: 'C100234', referralRecordId: 'ADV-R-2025-031', raisedOn: '2025-02-03', resolvedOn: '2025-03-14' }] },
  ],
})

const DateField = Type.String({ format: 'date' })
const DateOrNull = Nullable(Type.String({ format: 'date' }))

export const StoredAdvocacyIssue = Type.Object(
  {
    recordId: Type.String(),
    raisedOn: DateField,
    resolvedOn: DateOrNull,
    category: Nullable(Type.Union(ADVOCACY_ISSUE_CATEGORIES.map((c) => Type.Literal(c)))),
    resolved: Type.Boolean({ description: 'Resolved on or before asAt.' }),
  },
  { $id: 'StoredAdvocacyIssue', additionalProperties: false },
)

export const ChildAdvocacy = Type.Object(
  {
    childId: Type.String(),
    asAt: DateField,
    issuesOpen: Type.Integer({ description: 'Issues raised on or before asAt and not resolved by then.' }),
    issuesResolved: Type.Integer({ description: 'Issues resolved on or before asAt.' }),
    referrals: Type.Array(
      Type.Object(
        {
          recordId: Type.String(),
          referredOn: DateField,
          closedOn: DateOrNull,
          issues: Type.Array(Type.Ref(StoredAdvocacyIssue), { description: 'Raised on or before asAt, oldest first.' }),
        },
        { additionalProperties: false },
      ),
      { description: 'Referrals received on or before asAt, oldest first.' },
    ),
  },
  { additionalProperties: false },
)
