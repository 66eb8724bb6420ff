import { Type, type Static } from '@sinclair/typebox'
import { SDQ_INFORMANTS } from '../../domain/health/sdq.ts'
import { batchBody, ChildAddress, NullOr, PurgeFlag, QueryDate, RecordId, requiredUnlessPurged } from '../../http/partner-batch.ts'
import { ChildId, IsoDate, LaCode, Nullable, PageInfo, PageQuery } from '../../http/schemas.ts'

const Informant = Type.Union(SDQ_INFORMANTS.map((i) => Type.Literal(i)), {
  description: 'Who completed the questionnaire: carer, teacher or self (the young person).',
})
const Subscale = (name: string) =>
  Type.Optional(NullOr(Type.Integer({ minimum: 0, maximum: 10, description: `${name} subscale, 0-10.`, examples: [3] })))

export const SdqRecord = Type.Object(
  {
    recordId: RecordId,
    ...ChildAddress,
    date: Type.Optional(IsoDate),
    informant: Type.Optional(Informant),
    total: Type.Optional(
      NullOr(
        Type.Integer({
          minimum: 0,
          maximum: 40,
          description: 'Total difficulties, 0-40: emotional + conduct + hyperactivity + peer (left out, it is worked out from them).',
          examples: [18],
        }),
      ),
    ),
    emotional: Subscale('Emotional symptoms'),
    conduct: Subscale('Conduct problems'),
    hyperactivity: Subscale('Hyperactivity/inattention'),
    peer: Subscale('Peer relationship problems'),
    prosocial: Subscale('Prosocial (not part of the total)'),
    reasonCode: Type.Optional(
      NullOr(
        Type.String({
          pattern: '^[Ss][Dd][Qq][1-5]$',
          description: 'Instead of a score, why there is none: SDQ1 aged under 4 or over 16, SDQ2 carer refused, SDQ3 severity of disability, SDQ4 other, SDQ5 young person refused.',
          examples: ['SDQ5'],
        }),
      ),
    ),
    purge: PurgeFlag,
  },
  {
    $id: 'SdqRecord',
    additionalProperties: false,
    description: 'One SDQ return: a score (the total, the subscales, or both) or a reason code, never both. date and informant are required unless purge is true.',
    ...requiredUnlessPurged(['date', 'informant']),
  },
)
export type SdqRecord = Static<typeof SdqRecord>

export const SdqBody = batchBody(Type.Ref(SdqRecord), {
  description:
    'One SDQ return, or { "records": [...] } (up to 1000), answered per record: records with errors are refused and the ' +
    'rest applied, in one transaction (200). When none could be applied: 403 when every record was one this key may not ' +
    'write, 409 when every record named an identifier two children share, otherwise 422. A key with education:write ' +
    'but not health:write (the virtual school) may post, update and purge teacher returns only; any other informant is ' +
    'refused for that record with 403.',
  examples: [
    { recordId: 'VS-SDQ-2025-0042', upn: 'A123456789012', date: '2025-03-12', informant: 'teacher', total: 15, emotional: 4, conduct: 3, hyperactivity: 6, peer: 2, prosocial: 7 },
    {
      records: [
        { recordId: 'RHH-SDQ-7781', nhsNumber: '943 476 5919', date: '2025-02-20', informant: 'carer', total: 19 },
        { recordId: 'RHH-SDQ-7782', childId: 'C100234', date: '2025-02-21', informant: 'carer', reasonCode: 'SDQ2' },
      ],
    },
  ],
})

export const RecordParams = Type.Object({ la: LaCode, recordId: RecordId }, { additionalProperties: false })
export const ChildParams = Type.Object({ la: LaCode, childId: ChildId }, { additionalProperties: false })

const Band = Nullable(
  Type.Union([Type.Literal('normal'), Type.Literal('borderline'), Type.Literal('concern')], {
    description: 'Band of the total: 0-13 normal, 14-16 borderline, 17-40 cause for concern (null without a score).',
  }),
)

export const StoredSdq = Type.Object(
  {
    recordId: Type.String(),
    date: Type.String({ format: 'date' }),
    informant: Informant,
    total: Nullable(Type.Integer()),
    emotional: Nullable(Type.Integer()),
    conduct: Nullable(Type.Integer()),
    hyperactivity: Nullable(Type.Integer()),
    peer: Nullable(Type.Integer()),
    prosocial: Nullable(Type.Integer()),
    reasonCode: Nullable(Type.String()),
    band: Band,
  },
  { $id: 'SdqReturn', additionalProperties: false },
)
export type StoredSdq = Static<typeof StoredSdq>

export const ChildSdqList = Type.Object({ childId: Type.String(), items: Type.Array(Type.Ref(StoredSdq)) }, { additionalProperties: false })

export const HighScoresQuery = Type.Object(
  { from: QueryDate('First day of the period.'), to: QueryDate('Last day of the period.'), ...PageQuery },
  { additionalProperties: false },
)
export type HighScoresQuery = Static<typeof HighScoresQuery>

export const HighScores = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        {
          childId: Type.String(),
          recordId: Type.String(),
          date: Type.String({ format: 'date' }),
          informant: Informant,
          total: Type.Integer(),
          band: Type.Literal('concern'),
        },
        { additionalProperties: false },
      ),
    ),
    ...PageInfo,
  },
  { additionalProperties: false },
)

export const DueQuery = Type.Object({ asAt: Type.Optional(QueryDate('The date the list is for (default today).')), ...PageQuery }, { additionalProperties: false })
export type DueQuery = Static<typeof DueQuery>

export const DueList = Type.Object(
  {
    asAt: Type.String({ format: 'date' }),
    items: Type.Array(
      Type.Object(
        {
          childId: Type.String(),
          age: Type.Integer({ description: 'Whole years on asAt.' }),
          carePeriodStart: Type.String({ format: 'date' }),
          lastScoreDate: Nullable(Type.String({ format: 'date', description: 'The latest scored SDQ on or before asAt.' })),
          lastScore: Nullable(Type.Integer()),
          dueDate: Type.String({
            format: 'date',
            description: '12 months after the last score; with none, when the child had been in care 12 months and was 4.',
          }),
          overdue: Type.Boolean({ description: 'The due date is before asAt.' }),
          reasonCodeInPeriod: Nullable(Type.String({ description: 'The latest reason code (no score) dated in the 12 months, if any.' })),
        },
        { additionalProperties: false },
      ),
    ),
    ...PageInfo,
  },
  { additionalProperties: false },
)
