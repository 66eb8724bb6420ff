/**
 * Working days: Monday to Friday less England and Wales bank holidays (including substitute and
 * one-off days). Statutory timescales such as "initial health assessment within 20 working days" are
 * counted with these. Every function throws RangeError when a date it has to look at is outside the
 * bank-holiday calendar (2000-2035), because the answer would otherwise be silently wrong.
 */
import { isBankHoliday } from './bank-holidays.ts'
import { addDays, dayOfWeek, parseIsoDate, toDayNumber } from './calendar.ts'

/** Monday to Friday and not a bank holiday. */
export function isWorkingDay(d: string): boolean {
  const holiday = isBankHoliday(d) // first, so that an uncovered date throws even at a weekend
  const w = dayOfWeek(d)
  return w !== 0 && w !== 6 && !holiday
}

/**
 * The n-th working day after start, start being day 0 (whatever day it is). n = 0 gives start itself;
 * for n >= 1 the result is a working day strictly after start. The IHA deadline is
 * addWorkingDays(startOfCare, 20).
 */
export function addWorkingDays(start: string, n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number >= 0, got ${n}`)
  parseIsoDate(start)
  let d = start
  let left = n
  while (left > 0) {
    d = addDays(d, 1)
    if (isWorkingDay(d)) left--
  }
  return d
}

/**
 * The working days d with a < d <= b: so workingDaysBetween(start, addWorkingDays(start, n)) === n.
 * When b is before a the count is negative (the working days d with b < d <= a), so swapping the
 * arguments changes only the sign.
 */
export function workingDaysBetween(a: string, b: string): number {
  const from = toDayNumber(a)
  const to = toDayNumber(b)
  if (to < from) return -workingDaysBetween(b, a)
  let count = 0
  let d = a
  for (let i = from; i < to; i++) {
    d = addDays(d, 1)
    if (isWorkingDay(d)) count++
  }
  return count
}
