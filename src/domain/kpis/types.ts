/** What a KPI definition says about itself: the catalogue entry, shared by the API, the SQL and the docs. */

/** How the value is built from the counts. */
export type KpiUnit = 'count' | 'percent' | 'rate-per-10000' | 'average' | 'median'

/**
 * 'at-date': measured on one day (asAt), possibly looking back over a fixed window before it.
 * 'period': counts events dated in a period (from..to); asAt alone means the 12 months to asAt.
 */
export type KpiPeriodKind = 'at-date' | 'period'

/** Ways a KPI can be split. Child facts are taken on the row's own date (asAt, or the event's date). */
export const DIMENSIONS = ['ageBand', 'sex', 'ethnicityGroup', 'uasc', 'legalStatus', 'placementType', 'provider', 'reasonEnded'] as const
export type Dimension = (typeof DIMENSIONS)[number]

/** Which stored facts a KPI reads. */
export type KpiSource = 'care-history' | 'health' | 'sdq' | 'care-leavers' | 'education' | 'mental-health' | 'advocacy' | 'missing'

export interface KpiDetail {
  /** Key in the result's `details`. */
  key: string
  description: string
}

export interface KpiDefinition {
  /** Stable, URL-safe id, e.g. 'short-term-stability'. */
  id: string
  title: string
  /** Plain English: what the number means. */
  description: string
  /** The counting rule followed (domain doc 5a/5b, the DfE wording) and every choice made where it is silent. */
  rule: string
  cohort: string
  numerator: string
  /** Null for counts. */
  denominator: string | null
  unit: KpiUnit
  /** True when a higher value is better, false when lower is better, null when neither (plain counts). */
  higherIsBetter: boolean | null
  /** Goes up whenever the counting rule changes, so stored figures can be told apart. */
  version: number
  periodKind: KpiPeriodKind
  /** The window looked back over from asAt (months), when there is one: shown as the result's period. */
  lookBackMonths: number | null
  breakdowns: readonly Dimension[]
  /** Applied when the caller asks for no breakdown (mixes are a count with their split). */
  defaultBreakdown: Dimension | null
  /** On the board's scorecard. */
  headline: boolean
  /** Extra counts reported beside the value (e.g. records of unknown distance). */
  details: readonly KpiDetail[]
  sources: readonly KpiSource[]
}

/** The raw figures the database returns for one KPI at one date (before values and suppression). */
export interface KpiCounts {
  cohortSize: number
  denominator: number
  numerator: number
  /** Sum and count of the measure over the denominator (averages). */
  measureSum: number | null
  measureCount: number
  /** The median of the measure over the denominator (medians: of an even count, the mean of the middle two). */
  measureMedian: number | null
  details: Record<string, number>
}
