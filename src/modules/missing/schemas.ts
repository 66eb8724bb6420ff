import { Type } from '@sinclair/typebox'
import { INTERVIEW_RESPONSES } from '../../domain/missing/interviews.ts'
import { Nullable } from '../../http/schemas.ts'
import { ReturnInterviewRecord } from '../partner-records/kinds/return-interviews.ts'
import { batchBody } from '../partner-records/schemas.ts'

export const ReturnInterviewsBody = batchBody(Type.Ref(ReturnInterviewRecord), {
  description:
    'One return home interview, or { "records": [...] } (up to 1000). Each record is answered on its own: records with errors are ' +
    'refused and the rest applied, in one transaction, with 200 and a result per record. When none could be applied the answer is a ' +
    "problem (422); each record's errors are listed and `results` holds the per-record answer.",
  examples: [
    { recordId: 'RHI-2025-00871', childId: 'C100234', missingStart: '2025-04-10', offeredOn: '2025-04-12', response: 'accepted', heldOn: '2025-04-14' },
    { records: [{ recordId: 'RHI-2025-00872', childId: 'C100302', missingStart: '2025-05-01', offeredOn: '2025-05-06', response: 'declined' }] },
  ],
})

const DateField = Type.String({ format: 'date' })
const DateOrNull = Nullable(Type.String({ format: 'date' }))

export const StoredReturnInterview = Type.Object(
  {
    recordId: Type.String(),
    missingStart: DateField,
    offeredOn: DateOrNull,
    response: Nullable(Type.Union(INTERVIEW_RESPONSES.map((r) => Type.Literal(r)))),
    heldOn: DateOrNull,
  },
  { $id: 'StoredReturnInterview', additionalProperties: false },
)

export const ChildMissing = Type.Object(
  {
    childId: Type.String(),
    episodes: Type.Array(
      Type.Object(
        {
          missingType: Type.Union([Type.Literal('M'), Type.Literal('A')], { description: 'M missing, A away from placement without authorisation.' }),
          startDate: DateField,
          endDate: Nullable(Type.String({ format: 'date', description: 'Null while the child is still missing or away.' })),
          interview: Nullable(Type.Ref(StoredReturnInterview)),
          offeredWithin72Hours: Nullable(
            Type.Boolean({ description: 'An offer dated on or before the third day after the episode ended (domain doc 5c); null while open.' }),
          ),
        },
        { additionalProperties: false },
      ),
      { description: 'The 903 Missing table as last imported, oldest first, each with its interview (by the child and MIS_START).' },
    ),
    interviewsWithoutEpisode: Type.Array(Type.Ref(StoredReturnInterview), {
      description: 'Interviews whose missingStart is no stored episode of the child (the episode not yet imported, or a start mistyped).',
    }),
  },
  { additionalProperties: false },
)
