/**
 * The board pack for an authority at a date: every piece read at once (the scorecard, the trends, the
 * other KPIs and their splits, the monthly movements, the action plan, the last import), then drawn by
 * the pure renderer (src/domain/board-pack/). The pieces come from the modules that compute them,
 * handed in by the app (BoardPackSources), so the pack reuses their caches and their suppression.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'
import { trendKpis } from '../../domain/board-pack/areas.ts'
import { renderBoardPack } from '../../domain/board-pack/page.ts'
import type { BoardPackModel, PackActionPlan, PackComparator, PackFigures, PackKpi, PackMonth } from '../../domain/board-pack/types.ts'
import { addMonths, firstDayOfMonth, lastDayOfMonth, maxDate } from '../../domain/dates/calendar.ts'
import {
  directionOfTravel,
  KPI_DEFINITIONS,
  KPI_EARLIEST_DATE,
  seriesPoints,
  yearEarlier,
  type Dimension,
  type KpiDefinition,
  type KpiPoint,
} from '../../domain/kpis/index.ts'
import { notFound } from '../../http/problem.ts'
import { packHeader } from './queries.ts'

/** A KPI result as the pack reads it (the KPI module's answer has more). */
export interface SourceKpi extends PackFigures {
  comparators: readonly PackComparator[]
  breakdown: { rows: ReadonlyArray<{ label: string; value: number | null; share: number | null }> } | null
}

/** What the pack is made from; the app wires each to the module that computes it. */
export interface BoardPackSources {
  /** The headline KPIs at the date and a year earlier, with direction and comparators. */
  scorecard(la: string, now: KpiPoint, suppress: boolean): Promise<{ items: readonly PackKpi[] }>
  kpi(la: string, def: KpiDefinition, point: KpiPoint, breakdown: Dimension | null, suppress: boolean): Promise<SourceKpi>
  /**
   * Each KPI at each of its points, as the pack shows figures (the trends, the year-earlier figures):
   * KPIs of one family at the same points are computed in one statement, kept in the KPI cache as a
   * series of each would be.
   */
  figures(la: string, defs: readonly KpiDefinition[], pointsOf: (def: KpiDefinition) => readonly KpiPoint[], suppress: boolean): Promise<PackFigures[][]>
  /** The monthly movements table, each month from..to. */
  movements(la: string, from: string, to: string, suppress: boolean): Promise<readonly PackMonth[]>
  /** The authority's current action plan at the date, or null when it has none. */
  actionPlan(la: string, asAt: string): Promise<PackActionPlan | null>
}

/** The last month end on or before the date. */
const lastMonthEnd = (asAt: string) => (lastDayOfMonth(asAt) === asAt ? asAt : lastDayOfMonth(addMonths(firstDayOfMonth(asAt), -1)))

/** The months from..to ending at the last month end on or before the date (never before the KPIs' first date). */
function months(asAt: string, count: number): { from: string; to: string } {
  const to = lastMonthEnd(asAt)
  return { from: maxDate(firstDayOfMonth(addMonths(to, -(count - 1))), KPI_EARLIEST_DATE), to }
}

export const TREND_MONTHS = 36

/** The point a KPI is read at: period KPIs count the 12 months to the date, the rest are measured on it. */
const pointFor = (def: KpiDefinition, now: KpiPoint): KpiPoint => (def.periodKind === 'period' ? now : { asAt: now.asAt, from: null })

const figures = (r: SourceKpi): PackFigures => ({ value: r.value, numerator: r.numerator, denominator: r.denominator, suppressed: r.suppressed })

export async function boardPackModel(db: Kysely<Database>, sources: BoardPackSources, la: string, now: KpiPoint, suppress: boolean): Promise<BoardPackModel> {
  const defs = KPI_DEFINITIONS
  const others = defs.filter((d) => !d.headline)
  // Non-headline KPIs are read with their split (one statement gives both); headline ones with a split
  // (cessations by reason) once more with it.
  const split = defs.filter((d) => d.headline && d.defaultBreakdown !== null)
  const trend = months(now.asAt, TREND_MONTHS)
  const year = months(now.asAt, 12)
  // The header first: an unknown authority is a 404 before any KPI is computed.
  const header = await packHeader(db, la)
  if (!header) throw notFound(`No authority ${la}.`)
  const trendDefs = trendKpis(defs)
  const trendPoints = (def: KpiDefinition) => seriesPoints(def, trend.from, trend.to, 'month')
  // The other KPIs' answers (with comparators, and a split where they have one). Those without a
  // split are computed by family first, one statement each rather than one per KPI (six of eight
  // read children in care during the year or on D), so their answers then come from the cache.
  const currentOthers = () => {
    const byFamily = sources.figures(
      la,
      others.filter((d) => d.defaultBreakdown === null),
      (d) => [pointFor(d, now)],
      suppress,
    )
    return Promise.all(
      others.map(async (d) => {
        if (d.defaultBreakdown === null) await byFamily
        return sources.kpi(la, d, pointFor(d, now), d.defaultBreakdown, suppress)
      }),
    )
  }
  const [scorecard, trendFigures, current, earlier, splits, movements, actionPlan] = await Promise.all([
    sources.scorecard(la, now, suppress),
    // The trends: 36 monthly points each, the charted KPIs of one family (four read children in care)
    // in one statement rather than one each.
    sources.figures(la, trendDefs, trendPoints, suppress),
    currentOthers(),
    // A year earlier needs no split or comparator: by family, like the trends.
    sources.figures(la, others, (d) => [pointFor(d, yearEarlier(now))], suppress),
    Promise.all(split.map((d) => sources.kpi(la, d, pointFor(d, now), d.defaultBreakdown, suppress))),
    sources.movements(la, year.from, year.to, suppress),
    sources.actionPlan(la, now.asAt),
  ])
  const kpis = new Map<string, PackKpi>(scorecard.items.map((i) => [i.id, i]))
  others.forEach((d, i) => {
    const a = current[i] as SourceKpi
    const b = earlier[i]?.[0] as PackFigures
    kpis.set(d.id, { id: d.id, ...figures(a), previous: b, ...directionOfTravel(a.value, b.value, d.higherIsBetter), comparators: a.comparators })
  })
  return {
    la,
    authorityName: header.name,
    asAt: now.asAt,
    yearEarlier: yearEarlier({ asAt: now.asAt, from: null }).asAt,
    lastImport: header.lastImport,
    suppressSmallNumbers: suppress,
    definitions: defs,
    kpis,
    trends: trendDefs.map((def, i) => ({
      def,
      points: trendPoints(def).map((p, k) => {
        const f = trendFigures[i]?.[k] as PackFigures
        return { asAt: p.asAt, value: f.value, suppressed: f.suppressed }
      }),
    })),
    breakdowns: [...others.map((def, i) => [def, current[i]] as const), ...split.map((def, i) => [def, splits[i]] as const)]
      .filter(([def]) => def.defaultBreakdown !== null)
      .map(([def, r]) => ({ def, rows: r?.breakdown?.rows ?? [] })),
    movements,
    actionPlan,
  }
}

/** The page itself. */
export async function boardPack(db: Kysely<Database>, sources: BoardPackSources, la: string, now: KpiPoint, suppress: boolean): Promise<string> {
  return renderBoardPack(await boardPackModel(db, sources, la, now, suppress))
}
