import { Type, type Static } from '@sinclair/typebox'
import { IsoDate, IsoDateTime, Nullable, Text } from '../../http/schemas.ts'

const KpiId = Type.String({ pattern: '^[a-z0-9-]{1,60}$', description: 'A KPI id from GET /v1/kpis.', examples: ['long-term-stability'] })
const Kind = Type.Union([Type.Literal('national'), Type.Literal('statistical_neighbours'), Type.Literal('region'), Type.Literal('local_target')], {
  description: "national, statistical_neighbours (the DfE comparator group), region, or local_target (the council's own aim).",
})

export const BenchmarkBody = Type.Object(
  {
    kpiId: KpiId,
    kind: Kind,
    periodEnd: IsoDate,
    value: Type.Number({ minimum: -1e9, maximum: 1e9, description: "In the KPI's unit (a percentage as 0-100).", examples: [68] }),
    source: Type.Optional(Nullable(Text(500, { description: 'Where the figure comes from.', examples: ['DfE CLA 2024, table A1'] }))),
  },
  { additionalProperties: false },
)
export type BenchmarkBody = Static<typeof BenchmarkBody>

export const BenchmarksBody = Type.Object(
  { items: Type.Array(BenchmarkBody, { minItems: 1, maxItems: 5000, description: 'Each replaces the benchmark with the same KPI, kind and period end.' }) },
  { additionalProperties: false },
)
export type BenchmarksBody = Static<typeof BenchmarksBody>

export const Benchmark = Type.Object(
  {
    kpiId: Type.String(),
    kind: Kind,
    periodEnd: Type.String({ format: 'date' }),
    value: Type.Number(),
    source: Nullable(Type.String()),
    updatedAt: IsoDateTime,
  },
  { $id: 'Benchmark', additionalProperties: false },
)
export type Benchmark = Static<typeof Benchmark>

export const BenchmarkListQuery = Type.Object({ kpiId: Type.Optional(KpiId), kind: Type.Optional(Kind) }, { additionalProperties: false })
export type BenchmarkListQuery = Static<typeof BenchmarkListQuery>

/** Which benchmark to remove, in the query string (a date in the path would reach the request log). */
export const BenchmarkKey = Type.Object({ kpiId: KpiId, kind: Kind, periodEnd: IsoDate }, { additionalProperties: false })
export type BenchmarkKey = Static<typeof BenchmarkKey>
