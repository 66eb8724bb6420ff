/**
 * Admissions, cessations and monthly movements (domain doc 5a).
 *
 * 5a counts an admission as an episode with RNE S (dated DECOM) and a cessation as an episode with a
 * REC other than X1 (dated DEC), and leaves V3/V4 short breaks out of every "in care" count. For
 * end = start + admissions - cessations to hold, the events must be exactly the days a child enters or
 * leaves the counted population, so:
 *
 * - an episode with LS V3/V4 is never an admission or a cessation (each V3 break is its own RNE S
 *   episode and period of care, and is not counted in care either);
 * - a period of care can change between a short break and other care through an X1 chain (e.g. a
 *   V4 agreement followed, RNE L, by a care order). The child then enters or leaves the counted
 *   population without an RNE S or a non-X1 REC, so that change is counted too: as an admission on
 *   the first non-short-break episode's DECOM, or as a cessation on the last one's DEC. Such events
 *   are marked shortBreakChange so reports can show them apart.
 *
 * With those two points the identity holds for every history checkEpisodes passes without errors
 * (no overlaps, DEC after DECOM, X1 followed by a same-day episode, RNE S exactly after a gap or a
 * cessation); the property tests check it over generated histories.
 */
import { addDays, isIsoDate, lastDayOfMonth } from '../dates/calendar.ts'
import { deriveCareHistory } from './derive.ts'
import { continuesFrom, endDateOf, episodeAt, isShortBreak, reasonEndedOf } from './episode-facts.ts'
import { isInCareOn } from './state.ts'
import type { Episode } from './types.ts'
import { isSmall, suppressCount } from '../suppression.ts'

export interface CareEvent {
  kind: 'admission' | 'cessation'
  /** DECOM of the admitting episode, DEC of the ceasing one. */
  date: string
  /** Input index of the episode. */
  episodeIndex: number
  carePeriodIndex: number
  /** A change between a V3/V4 short break and other care inside one period of care (see above). */
  shortBreakChange: boolean
}

/** One child's admissions and cessations, chronological. */
export function careEvents(episodes: readonly Episode[]): CareEvent[] {
  const { order, carePeriodOf } = deriveCareHistory(episodes)
  const events: CareEvent[] = []
  order.forEach((i, k) => {
    const e = episodeAt(episodes, i)
    if (isShortBreak(e)) return
    const carePeriodIndex = carePeriodOf[i] as number
    const prevIndex = order[k - 1]
    const nextIndex = order[k + 1]
    const prev = prevIndex === undefined ? null : episodeAt(episodes, prevIndex)
    const next = nextIndex === undefined ? null : episodeAt(episodes, nextIndex)

    if (e.reasonNewEpisode === 'S') {
      events.push({ kind: 'admission', date: e.startDate, episodeIndex: i, carePeriodIndex, shortBreakChange: false })
    } else if (prev !== null && continuesFrom(prev, e) && isShortBreak(prev)) {
      events.push({ kind: 'admission', date: e.startDate, episodeIndex: i, carePeriodIndex, shortBreakChange: true })
    }

    const rec = reasonEndedOf(e)
    const end = endDateOf(e)
    if (rec === null || end === null) return
    if (rec !== 'X1') {
      events.push({ kind: 'cessation', date: end, episodeIndex: i, carePeriodIndex, shortBreakChange: false })
    } else if (next !== null && continuesFrom(e, next) && isShortBreak(next)) {
      events.push({ kind: 'cessation', date: end, episodeIndex: i, carePeriodIndex, shortBreakChange: true })
    }
  })
  return events
}

export interface MonthMovements {
  /** 'YYYY-MM' */
  month: string
  monthStart: string
  monthEnd: string
  /** Children in care (5a) on the last day of the month before. */
  start: number
  /** Admissions dated in the month. */
  admissions: number
  /** Cessations dated in the month. */
  cessations: number
  /** Children in care on the month's last day. */
  end: number
}

const MONTH = /^(\d{4})-(\d{2})$/

/** 'YYYY-MM' or a date 'YYYY-MM-DD' (meaning its month) -> the month's first day. */
function firstDayOf(month: string): string {
  const first = MONTH.test(month) ? `${month}-01` : isIsoDate(month) ? `${month.slice(0, 7)}-01` : null
  if (first === null || !isIsoDate(first)) {
    throw new RangeError(`not a month (YYYY-MM) or date (YYYY-MM-DD): ${JSON.stringify(month)}`)
  }
  return first
}

/**
 * Monthly movements over many children, for each month from `from` to `to` inclusive (each given as
 * 'YYYY-MM', or as a date meaning its month); [] when from is after to. Each element of
 * childrenEpisodes is one child's episodes, in any order.
 */
export function movements(childrenEpisodes: Iterable<readonly Episode[]>, from: string, to: string): MonthMovements[] {
  const rows: MonthMovements[] = []
  const byMonth = new Map<string, MonthMovements>()
  for (let first = firstDayOf(from), last = firstDayOf(to); first <= last; first = addDays(lastDayOfMonth(first), 1)) {
    const row = {
      month: first.slice(0, 7),
      monthStart: first,
      monthEnd: lastDayOfMonth(first),
      start: 0,
      admissions: 0,
      cessations: 0,
      end: 0,
    }
    rows.push(row)
    byMonth.set(row.month, row)
  }
  const firstRow = rows[0]
  if (firstRow === undefined) return rows
  const before = addDays(firstRow.monthStart, -1)

  for (const episodes of childrenEpisodes) {
    if (isInCareOn(episodes, before)) firstRow.start++
    for (const row of rows) if (isInCareOn(episodes, row.monthEnd)) row.end++
    for (const event of careEvents(episodes)) {
      const row = byMonth.get(event.date.slice(0, 7))
      if (row === undefined) continue
      if (event.kind === 'admission') row.admissions++
      else row.cessations++
    }
  }
  // The start of a month is the end of the month before.
  for (let k = 1; k < rows.length; k++) (rows[k] as MonthMovements).start = (rows[k - 1] as MonthMovements).end
  return rows
}

/** A period's counts of children in care (start, end) and of moves in and out. */
export interface PeriodCounts {
  periodStart: string
  periodEnd: string
  startCount: number
  admissions: number
  cessations: number
  endCount: number
}

/**
 * A period's row as a client may see it: with suppression, small counts are withheld, and
 * admissions and cessations go together (withholding one would be undone by the other and the net
 * change); the net change goes with any count it is built on.
 */
export function movementRow(c: PeriodCounts, suppress: boolean) {
  const flowHidden = suppress && (isSmall(c.admissions) || isSmall(c.cessations))
  const start = suppressCount(c.startCount, suppress)
  const end = suppressCount(c.endCount, suppress)
  const row = {
    periodStart: c.periodStart,
    periodEnd: c.periodEnd,
    start,
    admissions: flowHidden ? null : c.admissions,
    cessations: flowHidden ? null : c.cessations,
    end,
    netChange: flowHidden || start === null || end === null ? null : c.endCount - c.startCount,
  }
  return { ...row, suppressed: Object.values(row).some((v) => v === null) }
}
