/**
 * Plain calendar dates as 'YYYY-MM-DD' strings.
 *
 * Everything here is integer arithmetic on (year, month, day) or on day numbers (days since
 * 1970-01-01), never on JS `Date`, so no time zone or daylight-saving change can move a date.
 * Years 0001-9999 are supported (the four-digit form). Every function that takes a date throws a
 * RangeError on a string that is not a real calendar date.
 */

export interface DateParts {
  year: number
  /** 1-12 */
  month: number
  /** 1-31 */
  day: number
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

const MONTH_LENGTHS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const

/** Days in a month (month 1-12). */
export function daysInMonth(year: number, month: number): number {
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`month must be 1-12, got ${month}`)
  if (month === 2 && isLeapYear(year)) return 29
  return MONTH_LENGTHS[month - 1] as number
}

function partsOrNull(s: unknown): DateParts | null {
  if (typeof s !== 'string') return null
  const m = ISO_DATE.exec(s)
  if (m === null) return null
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null
  return { year, month, day }
}

/** True for a real calendar date written 'YYYY-MM-DD' ('2023-02-29' is false, '2024-02-29' true). */
export function isIsoDate(s: unknown): s is string {
  return partsOrNull(s) !== null
}

/** Splits a date into numbers; throws RangeError when it is not a calendar date. */
export function parseIsoDate(d: string): DateParts {
  const p = partsOrNull(d)
  if (p === null) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(d)}`)
  return p
}

/** Builds 'YYYY-MM-DD'; throws RangeError when the parts are not a calendar date. */
export function formatIsoDate(year: number, month: number, day: number): string {
  const s = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day) || partsOrNull(s) === null) {
    throw new RangeError(`not a calendar date: year ${year}, month ${month}, day ${day}`)
  }
  return s
}

// Day numbers use the proleptic Gregorian calendar with 400-year eras (146,097 days each), which keeps
// the arithmetic exact for every supported year.
const DAYS_PER_ERA = 146097
const EPOCH_SHIFT = 719468 // days from 0000-03-01 to 1970-01-01

function dayNumberOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yearOfEra = y - era * 400
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear
  return era * DAYS_PER_ERA + dayOfEra - EPOCH_SHIFT
}

/** Days since 1970-01-01 (negative before it). */
export function toDayNumber(d: string): number {
  const { year, month, day } = parseIsoDate(d)
  return dayNumberOf(year, month, day)
}

const FIRST_DAY_NUMBER = dayNumberOf(1, 1, 1)
const LAST_DAY_NUMBER = dayNumberOf(9999, 12, 31)

/** The date of a day number (days since 1970-01-01). Throws RangeError outside years 0001-9999. */
export function fromDayNumber(n: number): string {
  if (!Number.isInteger(n) || n < FIRST_DAY_NUMBER || n > LAST_DAY_NUMBER) {
    throw new RangeError(`day number out of range (years 0001-9999): ${n}`)
  }
  const z = n + EPOCH_SHIFT
  const era = Math.floor(z / DAYS_PER_ERA)
  const dayOfEra = z - era * DAYS_PER_ERA
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365)
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100))
  const mp = Math.floor((5 * dayOfYear + 2) / 153)
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
  return formatIsoDate(year, month, day)
}

function assertInteger(n: number, what: string): void {
  if (!Number.isInteger(n)) throw new RangeError(`${what} must be an integer, got ${n}`)
}

/** d plus n days (n may be negative). */
export function addDays(d: string, n: number): string {
  assertInteger(n, 'days')
  return fromDayNumber(toDayNumber(d) + n)
}

/** b - a in days: positive when b is after a. */
export function daysBetween(a: string, b: string): number {
  return toDayNumber(b) - toDayNumber(a)
}

/**
 * Month arithmetic with the day clamped to the end of the target month: 2024-01-31 + 1 month =
 * 2024-02-29, 2024-03-31 - 1 month = 2024-02-29. This is the arithmetic the KPI rules use for
 * "D minus 12 months" (domain doc 5a/5b). n may be negative.
 */
export function addMonths(d: string, n: number): string {
  assertInteger(n, 'months')
  const { year, month, day } = parseIsoDate(d)
  const index = year * 12 + (month - 1) + n
  const y = Math.floor(index / 12)
  const m = index - y * 12 + 1
  if (y < 1 || y > 9999) throw new RangeError(`date out of range (years 0001-9999): ${d} plus ${n} months`)
  return formatIsoDate(y, m, Math.min(day, daysInMonth(y, m)))
}

/**
 * Year arithmetic, the same as addMonths(d, 12 * n): 29 February goes to 28 February in a year that
 * is not leap. We keep it in February (rather than moving it to 1 March) so that "D minus 12 months"
 * and "D minus 1 year" always agree with the month arithmetic the KPI rules are written in, and the
 * result never leaves the month it started in. Birthdays follow a different rule: see birthdayIn.
 */
export function addYears(d: string, n: number): string {
  assertInteger(n, 'years')
  return addMonths(d, 12 * n)
}

/**
 * The day a birthday is kept in a given year. A 29 February birthday falls on 1 March in a year that
 * is not leap (domain doc 5b: "A 29 February birthday falls on 1 March in other years"), which is also
 * when a person born on 29 February legally attains an age in England.
 */
export function birthdayIn(dob: string, year: number): string {
  const { month, day } = parseIsoDate(dob)
  assertInteger(year, 'year')
  if (month === 2 && day === 29 && !isLeapYear(year)) return formatIsoDate(year, 3, 1)
  return formatIsoDate(year, month, day)
}

/**
 * Age in whole years on d: the number of birthdays (per birthdayIn) on or before d. A child born on
 * 29 February turns one on 1 March of the next year. Before the date of birth the result is negative
 * (-1 in the year before birth), so the function stays monotonic rather than throwing.
 */
export function ageOn(dob: string, d: string): number {
  const birth = parseIsoDate(dob)
  const on = parseIsoDate(d)
  const years = on.year - birth.year
  return d < birthdayIn(dob, on.year) ? years - 1 : years
}

/** 0 = Sunday ... 6 = Saturday. */
export function dayOfWeek(d: string): number {
  // 1970-01-01 was a Thursday (4).
  const r = (toDayNumber(d) + 4) % 7
  return r < 0 ? r + 7 : r
}

/** True on Saturday and Sunday. */
export function isWeekend(d: string): boolean {
  const w = dayOfWeek(d)
  return w === 0 || w === 6
}

export function firstDayOfMonth(d: string): string {
  const { year, month } = parseIsoDate(d)
  return formatIsoDate(year, month, 1)
}

export function lastDayOfMonth(d: string): string {
  const { year, month } = parseIsoDate(d)
  return formatIsoDate(year, month, daysInMonth(year, month))
}

/**
 * Reporting intervals. 'quarter' ends on 30 June, 30 September, 31 December and 31 March (calendar and
 * financial quarters end on the same days). 'year' ends on 31 March: the service's years are 903
 * collection years.
 */
export type PeriodInterval = 'month' | 'quarter' | 'year'

const periodIntervals: readonly PeriodInterval[] = ['month', 'quarter', 'year']

function endsPeriod(month: number, interval: PeriodInterval): boolean {
  switch (interval) {
    case 'month':
      return true
    case 'quarter':
      return month % 3 === 0
    case 'year':
      return month === 3
  }
}

/**
 * Every period end of the interval with from <= end <= to, oldest first ([] when from > to).
 * Only real period ends are listed: a `to` in the middle of a month is not itself included.
 */
export function periodEnds(from: string, to: string, interval: PeriodInterval): string[] {
  if (!periodIntervals.includes(interval)) throw new RangeError(`unknown interval: ${String(interval)}`)
  const start = parseIsoDate(from)
  const end = parseIsoDate(to)
  const out: string[] = []
  for (let index = start.year * 12 + start.month - 1; index <= end.year * 12 + end.month - 1; index++) {
    const y = Math.floor(index / 12)
    const m = index - y * 12 + 1
    if (!endsPeriod(m, interval)) continue
    const last = formatIsoDate(y, m, daysInMonth(y, m))
    // The loop only visits months from `from`'s to `to`'s, so only `to` can cut a month end off.
    if (last <= to) out.push(last)
  }
  return out
}

/** Every month end with from <= end <= to. */
export function monthEnds(from: string, to: string): string[] {
  return periodEnds(from, to, 'month')
}

/**
 * The 903 collection year a date falls in. The year runs 1 April to 31 March and is named by the
 * calendar year it ends in: 2025-03-31 -> 2025 (2024-25), 2025-04-01 -> 2026 (2025-26).
 */
export function collectionYearOf(d: string): number {
  const { year, month } = parseIsoDate(d)
  return month >= 4 ? year + 1 : year
}

/** First and last day of a collection year: 2025 -> 2024-04-01 to 2025-03-31. */
export function collectionYearBounds(year: number): { start: string; end: string } {
  assertInteger(year, 'collection year')
  return { start: formatIsoDate(year - 1, 4, 1), end: formatIsoDate(year, 3, 31) }
}

/** Label a collection year as DfE does: 2025 -> '2024-25'. */
export function collectionYearLabel(year: number): string {
  const { start } = collectionYearBounds(year)
  return `${start.slice(0, 4)}-${String(year % 100).padStart(2, '0')}`
}

/** -1, 0 or 1, for sorting. Both arguments must be calendar dates. */
export function compareDates(a: string, b: string): -1 | 0 | 1 {
  parseIsoDate(a)
  parseIsoDate(b)
  // The fixed-width form makes string order the same as date order.
  return a < b ? -1 : a > b ? 1 : 0
}

/** The earliest of one or more dates. */
export function minDate(first: string, ...rest: string[]): string {
  let best = first
  for (const d of [first, ...rest]) if (compareDates(d, best) < 0) best = d
  return best
}

/** The latest of one or more dates. */
export function maxDate(first: string, ...rest: string[]): string {
  let best = first
  for (const d of [first, ...rest]) if (compareDates(d, best) > 0) best = d
  return best
}

/** A reporting period, both ends inclusive. */
export interface Period {
  start: string
  end: string
}

const MONTHS_IN: Record<PeriodInterval, number> = { month: 1, quarter: 3, year: 12 }

/** The whole periods of the interval whose end falls between from and to (see periodEnds), oldest first. */
export function periodsBetween(from: string, to: string, interval: PeriodInterval): Period[] {
  return periodEnds(from, to, interval).map((end) => ({ start: firstDayOfMonth(addMonths(end, 1 - MONTHS_IN[interval])), end }))
}
