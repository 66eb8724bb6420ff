/**
 * Day-number arithmetic for the generator. The generator works in integer day numbers (days since
 * 1970-01-01, as calendar.ts's toDayNumber) and turns them into 'YYYY-MM-DD' only at the edges. A
 * million-episode benchmark run converts dates millions of times, so conversions are memoised and the
 * hot helpers (birthdays, month steps, working days) are arithmetic on numbers; each agrees with the
 * string-based functions in ../dates, which the tests check.
 */
import { BANK_HOLIDAY_FIRST_YEAR, BANK_HOLIDAY_LAST_YEAR, bankHolidays } from '../../../src/domain/dates/bank-holidays.ts'
import { fromDayNumber, toDayNumber } from '../../../src/domain/dates/calendar.ts'

// Memo of day number -> 'YYYY-MM-DD' for 1900-2118, a dense array (other dates are converted each time).
const ISO_BASE = -25567 // 1900-01-01
const ISO_DAYS = 80_000
const isoCache: (string | undefined)[] = new Array<string | undefined>(ISO_DAYS).fill(undefined)

/** 'YYYY-MM-DD' of a day number (memoised fromDayNumber). */
export function iso(day: number): string {
  const i = day - ISO_BASE
  if (i < 0 || i >= ISO_DAYS) return fromDayNumber(day)
  let s = isoCache[i]
  if (s === undefined) {
    s = fromDayNumber(day)
    isoCache[i] = s
  }
  return s
}

/** Day number of a 'YYYY-MM-DD' date the generator wrote (valid by construction; toDayNumber checks others). */
export function dayOf(d: string): number {
  if (d.length !== 10 || d[4] !== '-' || d[7] !== '-') return toDayNumber(d)
  return civilDay(Number(d.slice(0, 4)), Number(d.slice(5, 7)), Number(d.slice(8, 10)))
}

/** Day number of a civil date (Howard Hinnant's days_from_civil; the algorithm calendar.ts uses). */
export function civilDay(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
}

function monthLength(y: number, m: number): number {
  return m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31
}

function parts(day: number): [number, number, number] {
  const s = iso(day)
  return [Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10))]
}

/**
 * Birthdays 0..count-1 as day numbers; a 29 February birthday is kept on 1 March in other years
 * (calendar.ts birthdayIn).
 */
export function birthdays(dob: number, count = 27): number[] {
  const [y, m, d] = parts(dob)
  const out = new Array<number>(count)
  for (let n = 0; n < count; n++) {
    const year = y + n
    out[n] = m === 2 && d === 29 && !isLeap(year) ? civilDay(year, 3, 1) : civilDay(year, m, d)
  }
  return out
}

/** Month arithmetic with the day clamped to the month's end (calendar.ts addMonths). */
export function plusMonths(day: number, n: number): number {
  const [y, m, d] = parts(day)
  const index = y * 12 + (m - 1) + n
  const year = Math.floor(index / 12)
  const month = index - year * 12 + 1
  return civilDay(year, month, Math.min(d, monthLength(year, month)))
}

const FIRST_COVERED = civilDay(BANK_HOLIDAY_FIRST_YEAR, 1, 1)
const LAST_COVERED = civilDay(BANK_HOLIDAY_LAST_YEAR, 12, 31)
let holidays: Set<number> | null = null

/**
 * The n-th working day after a day (the day itself is day 0), Monday to Friday less England and
 * Wales bank holidays (working-days.ts addWorkingDays). Outside the bank-holiday calendar (2000-2035)
 * weekends alone are skipped, where addWorkingDays would throw: a demo must not fail on a far date.
 */
export function plusWorkingDays(day: number, n: number): number {
  holidays ??= new Set(
    Array.from({ length: BANK_HOLIDAY_LAST_YEAR - BANK_HOLIDAY_FIRST_YEAR + 1 }, (_, i) => bankHolidays(BANK_HOLIDAY_FIRST_YEAR + i).map(toDayNumber)).flat(),
  )
  let d = day
  for (let left = n; left > 0;) {
    d++
    const weekday = (((d + 4) % 7) + 7) % 7 // 0 Sunday; 1970-01-01 was a Thursday
    const covered = d >= FIRST_COVERED && d <= LAST_COVERED
    if (weekday !== 0 && weekday !== 6 && !(covered && holidays.has(d))) left--
  }
  return d
}
