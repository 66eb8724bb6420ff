/** What the board pack is drawn from: figures already computed (and suppressed) for the reader. */
import type { ProgressSummary } from '../action-plan/progress.ts'
import type { Change, Direction } from '../kpis/direction.ts'
import type { KpiDefinition } from '../kpis/types.ts'

export type ComparatorKind = 'national' | 'statistical_neighbours' | 'region' | 'local_target'

export interface PackComparator {
  kind: ComparatorKind
  value: number
  periodEnd: string
}

/** A KPI's figures as the reader may see them (null: none, or withheld when suppressed). */
export interface PackFigures {
  value: number | null
  numerator: number | null
  denominator: number | null
  suppressed: boolean
}

/** A KPI now and a year earlier, with how it moved and its comparators. */
export interface PackKpi extends PackFigures {
  id: string
  previous: PackFigures
  change: Change | null
  direction: Direction | null
  comparators: readonly PackComparator[]
}

export interface PackTrend {
  def: KpiDefinition
  points: ReadonlyArray<{ asAt: string; value: number | null; suppressed: boolean }>
}

/** A KPI split by its default breakdown (placement type, provider, reason ended) at the date. */
export interface PackBreakdown {
  def: KpiDefinition
  rows: ReadonlyArray<{ label: string; value: number | null; share: number | null }>
}

/** A month of the movements table (null: withheld). */
export interface PackMonth {
  periodStart: string
  periodEnd: string
  start: number | null
  admissions: number | null
  cessations: number | null
  end: number | null
  netChange: number | null
}

export interface PackUpdate {
  ref: string | null
  /** The update's date, or null when the board's table gave none. */
  date: string | null
  text: string
}

export interface PackActionPlan {
  title: string
  progress: ProgressSummary
  /** The latest progress updates dated on or before the pack's date, newest first. */
  recentUpdates: readonly PackUpdate[]
}

export interface BoardPackModel {
  la: string
  authorityName: string
  asAt: string
  yearEarlier: string
  /** When the last import that succeeded finished (a date in England), or null if none ever did. */
  lastImport: string | null
  /** The reader's key withholds counts of 1 to 4. */
  suppressSmallNumbers: boolean
  /** The catalogue, for the areas and the definitions at the end. */
  definitions: readonly KpiDefinition[]
  /** Every KPI the pack shows, by id. */
  kpis: ReadonlyMap<string, PackKpi>
  trends: readonly PackTrend[]
  breakdowns: readonly PackBreakdown[]
  movements: readonly PackMonth[]
  actionPlan: PackActionPlan | null
}
