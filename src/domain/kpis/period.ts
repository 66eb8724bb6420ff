/**
 * Which day(s) a KPI is measured on: the request's asAt / year / from-to turned into a point, the
 * look-back windows the rules use (month arithmetic, day clamped to the month end: 5a/5b), and the
 * points of a series.
 */
import { addDays, addMonths, collectionYearBounds, periodsBetween, type PeriodInterval } from '../dates/calendar.ts'
import type { KpiDefinition } from './types.ts'

/** Dates outside this range are refused: the bank-holiday calendar (working days) covers 2000-2035. */
export const KPI_EARLIEST_DATE = '2001-01-01'
export const KPI_LATEST_DATE = '2035-10-31'

/** Most points one series may have (ten years of months is 120). */
const MAX_SERIES_POINTS = 240

/** One evaluation of a KPI: the as-at date and, for period KPIs, the first day of the period. */
export interface KpiPoint {
  asAt: string
  /** First day of the period counted (period KPIs only; null for at-date KPIs). */
  from: string | null
}

/** The dates the counting rules look back to from D (D minus n months, clamped). */
export interface KpiWindows {
  m6: string
  m12: string
  m24: string
  m30: string
}

export function windowsOf(asAt: string): KpiWindows {
  return { m6: addMonths(asAt, -6), m12: addMonths(asAt, -12), m24: addMonths(asAt, -24), m30: addMonths(asAt, -30) }
}

/** The period a result reports: the period counted, or the window looked back over, or none. */
export function reportedPeriod(def: KpiDefinition, point: KpiPoint): { asAt: string; from: string | null; to: string | null } {
  if (def.periodKind === 'period') return { asAt: point.asAt, from: point.from, to: point.asAt }
  if (def.lookBackMonths !== null) return { asAt: point.asAt, from: addDays(addMonths(point.asAt, -def.lookBackMonths), 1), to: point.asAt }
  return { asAt: point.asAt, from: null, to: null }
}

/** A request problem, named by the query field at fault. */
export class KpiPeriodError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message)
    this.name = 'KpiPeriodError'
  }
}

export interface PeriodQuery {
  asAt?: string | undefined
  year?: number | undefined
  from?: string | undefined
  to?: string | undefined
}

function checkInRange(field: string, d: string): void {
  if (d < KPI_EARLIEST_DATE || d > KPI_LATEST_DATE) {
    throw new KpiPeriodError(field, `must be from ${KPI_EARLIEST_DATE} to ${KPI_LATEST_DATE} (the working-day calendar's range)`)
  }
}

/**
 * The point a single-value request asks for. At most one of asAt, year (the collection year ending 31
 * March) or from+to; none means today. from/to are for period KPIs only; asAt on a period KPI means
 * the 12 months to asAt, and year its collection year.
 */
export function resolvePoint(def: KpiDefinition, q: PeriodQuery, today: string): KpiPoint {
  const given = [q.asAt !== undefined, q.year !== undefined, q.from !== undefined || q.to !== undefined].filter(Boolean).length
  if (given > 1) throw new KpiPeriodError(q.year !== undefined ? 'year' : 'asAt', 'give one of asAt, year, or from and to')
  if (q.from !== undefined || q.to !== undefined) {
    if (def.periodKind !== 'period') throw new KpiPeriodError('from', `${def.id} is measured on a date: use asAt or year`)
    if (q.from === undefined || q.to === undefined) throw new KpiPeriodError(q.from === undefined ? 'from' : 'to', 'from and to go together')
    checkInRange('from', q.from)
    checkInRange('to', q.to)
    if (q.from > q.to) throw new KpiPeriodError('from', 'must not be after to')
    return { asAt: q.to, from: q.from }
  }
  let asAt = today
  if (q.year !== undefined) {
    asAt = collectionYearBounds(q.year).end
    checkInRange('year', asAt)
  } else if (q.asAt !== undefined) {
    asAt = q.asAt
    checkInRange('asAt', asAt)
  }
  return { asAt, from: def.periodKind === 'period' ? addDays(addMonths(asAt, -12), 1) : null }
}

/** The same KPI a year earlier: D minus 12 months (and the period a year before, for period KPIs). */
export function yearEarlier(point: KpiPoint): KpiPoint {
  return { asAt: addMonths(point.asAt, -12), from: point.from === null ? null : addMonths(point.from, -12) }
}

/**
 * The points of a series: each period end of the interval between from and to. At-date KPIs are
 * measured on each period end; period KPIs count each period itself (a monthly series of admissions
 * is admissions in each month).
 */
export function seriesPoints(def: KpiDefinition, from: string, to: string, interval: PeriodInterval): KpiPoint[] {
  checkInRange('from', from)
  checkInRange('to', to)
  if (from > to) throw new KpiPeriodError('from', 'must not be after to')
  const periods = periodsBetween(from, to, interval)
  if (periods.length > MAX_SERIES_POINTS) throw new KpiPeriodError('to', `a series has at most ${MAX_SERIES_POINTS} points`)
  return periods.map((p) => ({ asAt: p.end, from: def.periodKind === 'period' ? p.start : null }))
}
