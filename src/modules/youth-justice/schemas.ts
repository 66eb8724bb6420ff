import { Type } from '@sinclair/typebox'
import { Nullable } from '../../http/schemas.ts'
import { ConvictionRecord, SubstanceMisuseRecord } from '../partner-records/kinds/youth-justice.ts'
import { batchBody } from '../partner-records/schemas.ts'

const answered =
  ' Each record is answered on its own: records with errors are refused and the rest applied, in one transaction, with 200 ' +
  'and a result per record. When none could be applied the answer is a problem: 409 when every record named an identifier two ' +
  "children share, otherwise 422; each record's errors are listed and `results` holds the per-record answer."

export const ConvictionsBody = batchBody(Type.Ref(ConvictionRecord), {
  description: `One conviction, or { "records": [...] } (up to 1000).${answered}`,
  examples: [
    { recordId: 'YJS-2025-0088', childId: 'C100234', convictedOn: '2025-02-11' },
    {
      records: [
        { recordId: 'YJS-2025-0089', upn: 'A123456789012', convictedOn: '2025-03-02' },
        { recordId: 'YJS-2024-0007', purge: true },
      ],
    },
  ],
})

export const SubstanceMisuseBody = batchBody(Type.Ref(SubstanceMisuseRecord), {
  description: `One substance misuse record, or { "records": [...] } (up to 1000).${answered}`,
  examples: [
    { recordId: 'RHH-SM-000041', nhsNumber: '943 476 5919', identifiedOn: '2024-11-04', interventionReceivedOn: '2024-12-02', interventionRefusedOn: null },
    { records: [{ recordId: 'RHH-SM-000042', childId: 'C100235', identifiedOn: '2025-01-15', interventionRefusedOn: '2025-01-29' }] },
  ],
})

const DateField = Type.String({ format: 'date' })
const DateOrNull = Nullable(Type.String({ format: 'date' }))

export const ChildConvictions = Type.Object(
  {
    childId: Type.String(),
    convictions: Type.Array(Type.Object({ recordId: Type.String(), convictedOn: DateField }, { additionalProperties: false }), {
      description: 'Every conviction (or youth caution) the youth justice service posted, oldest first.',
    }),
  },
  { additionalProperties: false },
)

export const ChildSubstanceMisuse = Type.Object(
  {
    childId: Type.String(),
    records: Type.Array(
      Type.Object(
        { recordId: Type.String(), identifiedOn: DateField, interventionReceivedOn: DateOrNull, interventionRefusedOn: DateOrNull },
        { additionalProperties: false },
      ),
      { description: 'Every substance misuse problem the health trust posted, oldest first.' },
    ),
  },
  { additionalProperties: false },
)
