import { Type, type Static } from '@sinclair/typebox'
import { SDQ_INFORMANTS, sdqBandsText } from '../../domain/health/sdq.ts'
import { ChildId, LaCode, Nullable, PageInfo, PageQuery } from '../../http/schemas.ts'
import { Informant, SdqRecord } from '../partner-records/kinds/sdq.ts'
import { batchBody, QueryDate } from '../partner-records/schemas.ts'

export const SdqBody = batchBody(Type.Ref(SdqRecord), {
  description:
    'One SDQ return, or { "records": [...] } (up to 1000), answered per record: records with errors are refused and the ' +
    'rest applied, in one transaction (200). When none could be applied: 403 when every record was one this key may not ' +
    'write, 409 when every record named an identifier two children share, otherwise 422. A key with education:write ' +
    'but not health:write (the virtual school) may post, update and purge teacher returns only; any other informant is ' +
    'refused for that record with 403.',
  examples: [
    {
      recordId: 'VS-SDQ-2025-0042',
      upn: 'A123456789012',
      date: '2025-03-12',
      informant: 'teacher',
      total: 15,
      emotional: 4,
      conduct: 3,
      hyperactivity: 6,
      peer: 2,
      prosocial: 7,
    },
    {
      records: [
        { recordId: 'RHH-SDQ-7781', nhsNumber: '943 476 5919', date: '2025-02-20', informant: 'carer', total: 19 },
        { recordId: 'RHH-SDQ-7782', childId: 'C100234', date: '2025-02-21', informant: 'carer', reasonCode: 'SDQ2' },
      ],
    },
  ],
})

export const ChildParams = Type.Object({ la: LaCode, childId: ChildId }, { additionalProperties: false })

const Band = Nullable(
  Type.Union([Type.Literal('normal'), Type.Literal('borderline'), Type.Literal('concern')], {
    description: `Band of the total: ${sdqBandsText()} (null without a score).`,
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
  {
    from: QueryDate('First day of the period.'),
    to: QueryDate('Last day of the period.'),
    informant: Type.Optional(
      Type.Union([...SDQ_INFORMANTS.map((i) => Type.Literal(i)), Type.Literal('all')], {
        description:
          "Whose questionnaires: carer (the default) lists the returns the KPI sdq-scores-17-plus counts (only the carer's SDQ is " +
          "the DfE's); teacher or self lists those instead; all lists every informant's.",
        default: 'carer',
      }),
    ),
    ...PageQuery,
  },
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

export const DueQuery = Type.Object(
  { asAt: Type.Optional(QueryDate('The date the list is for (default today).')), ...PageQuery },
  { additionalProperties: false },
)
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
          careStart: Type.String({
            format: 'date',
            description: 'Start of the current time in care (5b): the period of care, or the change into care from V3/V4 short breaks inside it.',
          }),
          lastScoreDate: Nullable(Type.String({ format: 'date', description: "The latest carer's scored SDQ on or before asAt." })),
          lastScore: Nullable(Type.Integer()),
          dueDate: Type.String({
            format: 'date',
            description: '12 months after the last carer score; with none, when the child had been in care 12 months (from careStart) and was 4.',
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
