import { Type, type Static } from '@sinclair/typebox'
import { DIMENSIONS, KPI_EARLIEST_DATE, KPI_LATEST_DATE } from '../../domain/kpis/index.ts'
import { DateParam, IsoDate, LaCode, Nullable } from '../../http/schemas.ts'

const literals = <T extends string>(values: readonly T[], options: { description?: string; default?: T } = {}) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    options,
  )

export const KpiId = Type.String({ pattern: '^[a-z0-9-]{1,60}$', description: 'A KPI id from GET /v1/kpis.', examples: ['short-term-stability'] })

export const KpiParams = Type.Object({ la: LaCode, kpiId: KpiId }, { additionalProperties: false })
export type KpiParams = Static<typeof KpiParams>

const Dimension = literals(DIMENSIONS, { description: 'Split the KPI by this (each KPI lists the breakdowns it supports).' })
const Unit = literals(['count', 'percent', 'rate-per-10000', 'average', 'median'] as const)
const Format = Type.Optional(literals(['json', 'csv'] as const, { default: 'json', description: 'csv gives text/csv for spreadsheets and Power BI.' }))

const RANGE = `Between ${KPI_EARLIEST_DATE} and ${KPI_LATEST_DATE}.`
const AsAt = Type.Optional(DateParam(`The date the KPI is measured on (D); default today. ${RANGE}`))
const Year = Type.Optional(
  Type.Integer({
    minimum: 2001,
    maximum: 2035,
    description: 'A collection year, named by the year it ends: 2025 is 1 April 2024 to 31 March 2025 (D = 31 March).',
  }),
)

export const PointQuery = Type.Object(
  {
    asAt: AsAt,
    year: Year,
    from: Type.Optional(DateParam('Period KPIs only: first day of the period (with to).')),
    to: Type.Optional(DateParam('Period KPIs only: last day of the period (with from).')),
  },
  { additionalProperties: false },
)

export const KpiQuery = Type.Composite([PointQuery, Type.Object({ breakdown: Type.Optional(Dimension), format: Format }, { additionalProperties: false })], {
  additionalProperties: false,
})
export type KpiQuery = Static<typeof KpiQuery>

export const ChildrenQuery = Type.Composite([PointQuery, Type.Object({ format: Format })], { additionalProperties: false })
export type ChildrenQuery = Static<typeof ChildrenQuery>

export const SeriesQuery = Type.Object(
  {
    from: IsoDate,
    to: IsoDate,
    interval: Type.Optional(
      literals(['month', 'quarter', 'year'] as const, {
        default: 'month',
        description: 'A point at each period end between from and to (quarters end Jun/Sep/Dec/Mar; years end 31 March).',
      }),
    ),
    format: Format,
  },
  { additionalProperties: false },
)
export type SeriesQuery = Static<typeof SeriesQuery>

export const ScorecardQuery = Type.Object({ asAt: AsAt, year: Year, format: Format }, { additionalProperties: false })
export type ScorecardQuery = Static<typeof ScorecardQuery>

export const KpiDefinitionSchema = Type.Object(
  {
    id: Type.String(),
    title: Type.String(),
    description: Type.String({ description: 'Plain English.' }),
    rule: Type.String({ description: 'The counting rule followed (domain rules 5a/5b, DfE wording) and any choice made where they are silent.' }),
    cohort: Type.String(),
    numerator: Type.String(),
    denominator: Nullable(Type.String()),
    unit: Unit,
    higherIsBetter: Nullable(Type.Boolean({ description: 'Null when neither direction is better (plain counts).' })),
    version: Type.Integer({ description: 'Goes up when the counting rule changes.' }),
    periodKind: literals(['at-date', 'period'] as const, {
      description: 'at-date: measured on asAt (maybe looking back a fixed window); period: counts events in from..to.',
    }),
    lookBackMonths: Nullable(Type.Integer()),
    breakdowns: Type.Array(Dimension),
    defaultBreakdown: Nullable(Dimension),
    headline: Type.Boolean({ description: 'On the scorecard.' }),
    details: Type.Array(Type.Object({ key: Type.String(), description: Type.String() }, { additionalProperties: false })),
    sources: Type.Array(literals(['care-history', 'health', 'sdq', 'care-leavers', 'education', 'mental-health', 'advocacy', 'missing'] as const)),
  },
  { $id: 'KpiDefinition', additionalProperties: false },
)

const Period = Type.Object(
  {
    asAt: Type.String({ format: 'date' }),
    from: Nullable(Type.String({ format: 'date', description: 'First day of the period counted or window looked back over.' })),
    to: Nullable(Type.String({ format: 'date' })),
  },
  { additionalProperties: false },
)

const NullableCount = (description: string) =>
  Nullable(
    Type.Number({
      description: `${description} Null when withheld (counts of 1-4 for clients with small-number suppression; in a breakdown also the next smallest group, so no withheld count comes back by difference).`,
    }),
  )

const Figures = {
  value: Nullable(
    Type.Number({
      description: 'Count, percentage or rate (one decimal place), or average or median; null when there is nothing to divide by or it is withheld.',
    }),
  ),
  numerator: NullableCount('The count the value is built on (the sum of scores for an average).'),
  denominator: NullableCount('What it is divided by (null for counts; the population for a rate).'),
  cohortSize: NullableCount('Rows in the cohort (some may be left out of the denominator, see details).'),
  details: Type.Record(Type.String(), Nullable(Type.Number()), { description: 'Extra counts named in the definition (e.g. unknown, notYetDue).' }),
  suppressed: Type.Boolean({ description: 'Some figures are withheld for this client.' }),
}

export const ComparatorSchema = Type.Object(
  {
    kind: literals(['national', 'statistical_neighbours', 'region', 'local_target'] as const),
    value: Type.Number(),
    periodEnd: Type.String({ format: 'date' }),
    source: Nullable(Type.String()),
  },
  { $id: 'KpiComparator', additionalProperties: false },
)
export type ComparatorSchema = Static<typeof ComparatorSchema>

export const BreakdownRowSchema = Type.Object(
  {
    group: Type.String(),
    label: Type.String(),
    ...Figures,
    share: Nullable(Type.Number({ description: "Counts only: the group's percentage of the total." })),
  },
  { additionalProperties: false },
)
export type BreakdownRow = Static<typeof BreakdownRowSchema>

const Header = {
  id: Type.String(),
  title: Type.String(),
  unit: Unit,
  higherIsBetter: Nullable(Type.Boolean()),
  version: Type.Integer(),
}

export const KpiResultSchema = Type.Object(
  {
    ...Header,
    period: Period,
    ...Figures,
    breakdown: Nullable(Type.Object({ dimension: Dimension, rows: Type.Array(BreakdownRowSchema) }, { additionalProperties: false })),
    comparators: Type.Array(Type.Ref(ComparatorSchema), {
      description: 'For each kind, the latest benchmark dated in the 12 months to asAt.',
    }),
    dataVersion: Type.Integer({ description: "The authority's data version the figures were read at." }),
  },
  { $id: 'KpiResult', additionalProperties: false },
)
export type KpiResult = Static<typeof KpiResultSchema>

export const SeriesItemSchema = Type.Object({ period: Period, ...Figures }, { additionalProperties: false })
export type SeriesItem = Static<typeof SeriesItemSchema>

export const SeriesSchema = Type.Object(
  {
    ...Header,
    interval: literals(['month', 'quarter', 'year'] as const),
    items: Type.Array(SeriesItemSchema),
    benchmarks: Type.Array(Type.Ref(ComparatorSchema), { description: 'Every benchmark of this KPI dated between from and to.' }),
    dataVersion: Type.Integer(),
  },
  { $id: 'KpiSeries', additionalProperties: false },
)
export type Series = Static<typeof SeriesSchema>

export const CohortMemberSchema = Type.Object(
  {
    childId: Type.String(),
    date: Type.String({ format: 'date', description: 'The day the row is about: asAt, or the event (admission, cessation, birthday, due date).' }),
    inDenominator: Type.Boolean(),
    counted: Type.Boolean({ description: 'In the numerator.' }),
    measure: Nullable(Type.Number({ description: 'The value averaged or whose median is taken (SDQ score, days waited).' })),
    note: Nullable(Type.String({ description: 'The detail this row is counted in, if any (e.g. unknown, notYetDue).' })),
    legalStatus: Nullable(Type.String()),
    placementType: Nullable(Type.String()),
    placementProvider: Nullable(Type.String()),
    reasonEnded: Nullable(Type.String()),
    facts: Type.Record(Type.String(), Type.Unknown(), { description: 'The facts that decided it (dates, codes, counts).' }),
  },
  { additionalProperties: false },
)

export const CohortSchema = Type.Object(
  {
    id: Type.String(),
    title: Type.String(),
    period: Period,
    items: Type.Array(CohortMemberSchema),
    dataVersion: Type.Integer(),
  },
  { $id: 'KpiCohort', additionalProperties: false },
)
export type Cohort = Static<typeof CohortSchema>

const Figure = {
  value: Figures.value,
  numerator: Figures.numerator,
  denominator: Figures.denominator,
  cohortSize: Figures.cohortSize,
  details: Figures.details,
  suppressed: Figures.suppressed,
}

export const ScorecardItemSchema = Type.Object(
  {
    ...Header,
    period: Period,
    ...Figure,
    previous: Type.Object({ period: Period, ...Figure }, { additionalProperties: false, description: 'The same KPI a year earlier (D minus 12 months).' }),
    change: Nullable(literals(['up', 'down', 'same'] as const)),
    direction: Nullable(
      literals(['improving', 'worsening', 'same'] as const, { description: 'From higherIsBetter; null for counts where neither way is better.' }),
    ),
    comparators: Type.Array(Type.Ref(ComparatorSchema)),
  },
  { additionalProperties: false },
)
export type ScorecardItem = Static<typeof ScorecardItemSchema>

export const ScorecardSchema = Type.Object(
  {
    asAt: Type.String({ format: 'date' }),
    yearEarlier: Type.String({ format: 'date' }),
    items: Type.Array(ScorecardItemSchema),
    dataVersion: Type.Integer(),
  },
  { $id: 'Scorecard', additionalProperties: false },
)
export type Scorecard = Static<typeof ScorecardSchema>
