/**
 * Working-day deadlines as a lookup table the SQL can join: for every start date in a range, the
 * n-th working day after it (the start being day 0). The IHA deadline is n = 20 (5b). Computing it
 * here keeps one definition of a working day (src/domain/dates/working-days.ts) for the whole service.
 */
import { bankHolidayRange } from '../dates/bank-holidays.ts'
import { addDays, daysBetween, maxDate, minDate } from '../dates/calendar.ts'
import { isWorkingDay } from '../dates/working-days.ts'

export interface DeadlineTable {
  starts: string[]
  deadlines: string[]
}

/**
 * For each day s from `from` to `to` (clamped to the bank-holiday calendar), addWorkingDays(s, n),
 * computed in one pass over the working days. Days whose deadline falls beyond the calendar are left
 * out (the caller treats a missing deadline as unknown).
 */
export function workingDayDeadlines(from: string, to: string, n: number): DeadlineTable {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`working days must be a whole number >= 1, got ${n}`)
  const first = maxDate(from, bankHolidayRange.first)
  const last = minDate(to, bankHolidayRange.last)
  const out: DeadlineTable = { starts: [], deadlines: [] }
  if (first > last) return out
  // Working days after `first`, far enough to reach the n-th after `last`.
  const working: string[] = []
  for (let d = addDays(first, 1); d <= bankHolidayRange.last; d = addDays(d, 1)) {
    if (isWorkingDay(d)) working.push(d)
    if (d > last && working.length > 0 && (working[working.length - 1] as string) > last && countAfter(working, last) >= n) break
  }
  let next = 0 // index of the first working day after s
  const days = daysBetween(first, last)
  for (let i = 0, s = first; i <= days; i++, s = addDays(s, 1)) {
    while (next < working.length && (working[next] as string) <= s) next++
    const deadline = working[next + n - 1]
    if (deadline === undefined) break
    out.starts.push(s)
    out.deadlines.push(deadline)
  }
  return out
}

function countAfter(sorted: readonly string[], d: string): number {
  let k = 0
  for (let i = sorted.length - 1; i >= 0 && (sorted[i] as string) > d; i--) k++
  return k
}
