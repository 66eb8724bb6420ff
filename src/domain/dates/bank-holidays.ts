/**
 * England and Wales bank holidays, computed from the rules (Banking and Financial Dealings Act 1971
 * and the royal proclamations that moved or added days) for 2000-2035. The covered range is explicit
 * so that a caller asking about 2036 gets an error, not a silently wrong working-day count: extend
 * BANK_HOLIDAY_LAST_YEAR (and the one-off days) when the calendar needs to go further.
 */
import { addDays, dayOfWeek, daysInMonth, formatIsoDate, parseIsoDate, toDayNumber } from './calendar.ts'

export const BANK_HOLIDAY_FIRST_YEAR = 2000
export const BANK_HOLIDAY_LAST_YEAR = 2035

/** The dates this calendar answers for, inclusive. */
export const bankHolidayRange = {
  firstYear: BANK_HOLIDAY_FIRST_YEAR,
  lastYear: BANK_HOLIDAY_LAST_YEAR,
  first: `${BANK_HOLIDAY_FIRST_YEAR}-01-01`,
  last: `${BANK_HOLIDAY_LAST_YEAR}-12-31`,
} as const

export interface BankHoliday {
  date: string
  name: string
}

/**
 * Days proclaimed once. (31 December 1999, the millennium holiday, is outside the range.) The
 * jubilee years also move the spring bank holiday: see SPRING_MOVED.
 */
const ONE_OFF_DAYS: readonly BankHoliday[] = [
  { date: '2002-06-03', name: 'Golden Jubilee' },
  { date: '2011-04-29', name: 'Royal wedding' },
  { date: '2012-06-05', name: 'Diamond Jubilee' },
  { date: '2022-06-03', name: 'Platinum Jubilee' },
  { date: '2022-09-19', name: 'State funeral of Queen Elizabeth II' },
  { date: '2023-05-08', name: 'Coronation of King Charles III' },
]

/** Spring bank holiday moved from the last Monday in May to sit beside a jubilee. */
const SPRING_MOVED: Readonly<Record<number, string>> = {
  2002: '2002-06-04',
  2012: '2012-06-04',
  2022: '2022-06-02',
}

/** Early May bank holiday moved to the Friday of VE day's 75th anniversary. */
const EARLY_MAY_MOVED: Readonly<Record<number, string>> = {
  2020: '2020-05-08',
}

function assertCovered(year: number): void {
  if (!Number.isInteger(year) || year < BANK_HOLIDAY_FIRST_YEAR || year > BANK_HOLIDAY_LAST_YEAR) {
    throw new RangeError(`bank holidays are only known for ${BANK_HOLIDAY_FIRST_YEAR}-${BANK_HOLIDAY_LAST_YEAR}; asked about ${year}`)
  }
}

/** Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19
  const b = Math.floor(year / 100)
  const c = year % 100
  const d = Math.floor(b / 4)
  const e = b % 4
  const f = Math.floor((b + 8) / 25)
  const g = Math.floor((b - f + 1) / 3)
  const h = (19 * a + b - d - g + 15) % 30
  const i = Math.floor(c / 4)
  const k = c % 4
  const l = (32 + 2 * e + 2 * i - h - k) % 7
  const m = Math.floor((a + 11 * h + 22 * l) / 451)
  const month = Math.floor((h + l - 7 * m + 114) / 31)
  const day = ((h + l - 7 * m + 114) % 31) + 1
  return formatIsoDate(year, month, day)
}

const MONDAY = 1

function firstMonday(year: number, month: number): string {
  const first = formatIsoDate(year, month, 1)
  return addDays(first, (MONDAY - dayOfWeek(first) + 7) % 7)
}

function lastMonday(year: number, month: number): string {
  const last = formatIsoDate(year, month, daysInMonth(year, month))
  return addDays(last, -((dayOfWeek(last) - MONDAY + 7) % 7))
}

/** The next weekday on or after d that is not already taken. */
function substitute(d: string, taken: ReadonlySet<string>): string {
  let day = d
  while (dayOfWeek(day) === 0 || dayOfWeek(day) === 6 || taken.has(day)) day = addDays(day, 1)
  return day
}

function computeYear(year: number): BankHoliday[] {
  const out: BankHoliday[] = []
  const taken = new Set<string>()
  const add = (date: string, name: string): void => {
    out.push({ date, name })
    taken.add(date)
  }

  const newYear = formatIsoDate(year, 1, 1)
  const newYearOn = substitute(newYear, taken)
  add(newYearOn, newYearOn === newYear ? "New Year's Day" : "New Year's Day (substitute day)")

  const easter = easterSunday(year)
  add(addDays(easter, -2), 'Good Friday')
  add(addDays(easter, 1), 'Easter Monday')
  add(EARLY_MAY_MOVED[year] ?? firstMonday(year, 5), 'Early May bank holiday')
  add(SPRING_MOVED[year] ?? lastMonday(year, 5), 'Spring bank holiday')
  add(lastMonday(year, 8), 'Summer bank holiday')

  // Christmas first, so that when Christmas is on a Sunday Boxing Day keeps Monday 26th and Christmas
  // moves to Tuesday 27th; when it is on a Saturday, Christmas takes Monday 27th and Boxing Day Tuesday.
  const christmas = formatIsoDate(year, 12, 25)
  const boxingDay = formatIsoDate(year, 12, 26)
  if (dayOfWeek(christmas) === 0) {
    add(boxingDay, 'Boxing Day')
    add(substitute(christmas, taken), 'Christmas Day (substitute day)')
  } else {
    const christmasOn = substitute(christmas, taken)
    add(christmasOn, christmasOn === christmas ? 'Christmas Day' : 'Christmas Day (substitute day)')
    const boxingOn = substitute(boxingDay, taken)
    add(boxingOn, boxingOn === boxingDay ? 'Boxing Day' : 'Boxing Day (substitute day)')
  }

  for (const one of ONE_OFF_DAYS) if (one.date.startsWith(`${year}-`)) add(one.date, one.name)
  return out.sort((a, b) => toDayNumber(a.date) - toDayNumber(b.date))
}

// Every covered holiday as a day number, for isBankHoliday's lookups (a few hundred entries).
const ALL_DAY_NUMBERS: ReadonlySet<number> = new Set(
  Array.from({ length: BANK_HOLIDAY_LAST_YEAR - BANK_HOLIDAY_FIRST_YEAR + 1 }, (_, i) =>
    computeYear(BANK_HOLIDAY_FIRST_YEAR + i).map((h) => toDayNumber(h.date)),
  ).flat(),
)

/** The year's bank holidays with their names, in date order. Throws RangeError outside 2000-2035. */
export function bankHolidaysWithNames(year: number): BankHoliday[] {
  assertCovered(year)
  return computeYear(year)
}

/** The year's bank holiday dates, sorted. Throws RangeError outside 2000-2035. */
export function bankHolidays(year: number): string[] {
  return bankHolidaysWithNames(year).map((h) => h.date)
}

/** True when d is an England and Wales bank holiday. Throws RangeError for a date outside 2000-2035. */
export function isBankHoliday(d: string): boolean {
  assertCovered(parseIsoDate(d).year)
  return ALL_DAY_NUMBERS.has(toDayNumber(d))
}
