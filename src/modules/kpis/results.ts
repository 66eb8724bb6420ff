/** From raw counts to what a client sees: values, suppression, breakdown rows, direction of travel. */
import {
  AGE_BANDS,
  directionOfTravel,
  figuresFrom,
  groupLabel,
  reportedPeriod,
  round1,
  suppressFigures,
  suppressSecondary,
  type SuppressedGroup,
  type Dimension,
  type KpiCounts,
  type KpiDefinition,
  type KpiFigures,
  type KpiPoint,
  NONE,
} from '../../domain/kpis/index.ts'
import type { KpiEvaluation } from './queries/index.ts'
import type { Comparator } from './service.ts'
import type { BreakdownRow, KpiResult, ScorecardItem, SeriesItem } from './schemas.ts'

/** The child population a rate divides by at a date (see domain/kpis/population.ts). */
export type PopulationAt = (asAt: string) => number | null

/** The figures of one set of counts for this client. */
export function shownFigures(def: KpiDefinition, counts: KpiCounts, population: number | null, suppress: boolean): KpiFigures & { suppressed: boolean } {
  const raw = figuresFrom(def.unit, counts, population)
  if (!suppress) return { ...raw, suppressed: false }
  const { figures, suppressed } = suppressFigures(def.unit, raw)
  return { ...figures, suppressed }
}

/** Groups in a stable order whatever the database's collation: age bands youngest first, else by key, "none" last. */
function groupOrder(dimension: Dimension): (a: string, b: string) => number {
  const bands = AGE_BANDS.map(([k]) => k)
  const rank = (k: string) => (k === NONE ? 1 : 0)
  return (a, b) => rank(a) - rank(b) || (dimension === 'ageBand' ? bands.indexOf(a) - bands.indexOf(b) : a < b ? -1 : a > b ? 1 : 0)
}

function breakdownRows(
  def: KpiDefinition,
  dimension: Dimension,
  point: KpiEvaluation['points'][number],
  population: number | null,
  suppress: boolean,
  shownTotal: KpiFigures,
): BreakdownRow[] {
  const total = point.total.numerator
  const order = groupOrder(dimension)
  const sorted = [...point.groups].sort((a, b) => order(a.key, b.key))
  const groupPopulation = def.unit === 'rate-per-10000' ? null : population
  let figures = sorted.map((g) => {
    const { suppressed, ...shown } = shownFigures(def, g.counts, groupPopulation, suppress)
    return { raw: figuresFrom(def.unit, g.counts, groupPopulation), shown, suppressed }
  })
  // No withheld count may come back as the total minus the other groups.
  if (suppress) figures = suppressSecondary(def.unit, figures, shownTotal)
  return sorted.map((g, i) => {
    const { shown, suppressed } = figures[i] as SuppressedGroup
    // A count's row also carries its share of the total (the mix of placement types, providers...).
    const share = def.unit === 'count' && shown.numerator !== null && total > 0 ? round1((shown.numerator * 100) / total) : null
    return { group: g.key, label: groupLabel(dimension, g.key), ...shown, suppressed, share }
  })
}

/** What every KPI answer starts with: the definition it was computed by and the period it covers. */
function kpiHeading(def: KpiDefinition, point: KpiPoint) {
  return { id: def.id, title: def.title, unit: def.unit, higherIsBetter: def.higherIsBetter, version: def.version, period: reportedPeriod(def, point) }
}

export function kpiResult(
  def: KpiDefinition,
  point: KpiPoint,
  evaluation: KpiEvaluation,
  breakdown: Dimension | null,
  populationAt: PopulationAt,
  comparators: Comparator[],
  suppress: boolean,
): KpiResult {
  const at = evaluation.points[0] as KpiEvaluation['points'][number]
  const population = populationAt(point.asAt)
  const f = shownFigures(def, at.total, population, suppress)
  const rows = breakdown ? breakdownRows(def, breakdown, at, population, suppress, f) : null
  return {
    ...kpiHeading(def, point),
    ...f,
    suppressed: f.suppressed || (rows?.some((r) => r.suppressed) ?? false),
    breakdown: breakdown && rows ? { dimension: breakdown, rows } : null,
    comparators,
    dataVersion: Number(evaluation.dataVersion),
  }
}

export function seriesItems(
  def: KpiDefinition,
  points: readonly KpiPoint[],
  evaluation: KpiEvaluation,
  populationAt: PopulationAt,
  suppress: boolean,
): SeriesItem[] {
  return evaluation.points.map((p, i) => ({
    period: reportedPeriod(def, points[i] as KpiPoint),
    ...shownFigures(def, p.total, populationAt(p.asAt), suppress),
  }))
}

export function scorecardItem(
  def: KpiDefinition,
  now: KpiPoint,
  before: KpiPoint,
  evaluation: KpiEvaluation,
  populationAt: PopulationAt,
  comparators: Comparator[],
  suppress: boolean,
): ScorecardItem {
  const byDate = new Map(evaluation.points.map((p) => [p.asAt, p]))
  const figures = (pt: KpiPoint) => {
    const p = byDate.get(pt.asAt)
    return shownFigures(
      def,
      p ? p.total : { cohortSize: 0, denominator: 0, numerator: 0, measureSum: null, measureCount: 0, measureMedian: null, details: {} },
      populationAt(pt.asAt),
      suppress,
    )
  }
  const current = figures(now)
  const previous = figures(before)
  const { change, direction } = directionOfTravel(current.value, previous.value, def.higherIsBetter)
  return {
    ...kpiHeading(def, now),
    ...current,
    previous: { period: reportedPeriod(def, before), ...previous },
    change,
    direction,
    comparators,
  }
}
