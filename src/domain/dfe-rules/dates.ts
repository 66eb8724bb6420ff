/**
 * Dates as the DfE validator reads them (pandas to_datetime, format %d/%m/%Y, errors coerced):
 * a day number (days since 1970-01-01), NaN when blank or not a date. NaN compares false with
 * everything, as the validator's NaT does. Integer arithmetic only (no Date objects): the rules
 * work out ages for every row of the largest tables.
 */

const DMY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
const daysIn = (y: number, m: number): number => (m === 2 && isLeap(y) ? 29 : (MONTH_DAYS[m - 1] as number))

/** Days since 1970-01-01 of a calendar date (proleptic Gregorian; H. Hinnant's days_from_civil). */
export function dayOf(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y
  const era = Math.floor(yy / 400)
  const yoe = yy - era * 400
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

/** The calendar date of a day number (civil_from_days). */
function civil(day: number): [number, number, number] {
  const z = day + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1
  const m = mp < 10 ? mp + 3 : mp - 9
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d]
}

export function parseDmy(s: string | null): number {
  if (s === null) return NaN
  const m = DMY.exec(s)
  if (m === null) return NaN
  const y = Number(m[3])
  const mo = Number(m[2])
  const d = Number(m[1])
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo)) return NaN
  return dayOf(y, mo, d)
}

/** day + n years, 29 February becoming 28 February in a common year (pandas DateOffset(years=n)). */
export function addYears(day: number, n: number): number {
  if (Number.isNaN(day)) return NaN
  const [y, m, d] = civil(day)
  return dayOf(y + n, m, Math.min(d, daysIn(y + n, m)))
}

/** day + n months, the day clipped to the month's end (pandas DateOffset(months=n)). */
export function addMonths(day: number, n: number): number {
  if (Number.isNaN(day)) return NaN
  const [y, m, d] = civil(day)
  const total = y * 12 + (m - 1) + n
  const ny = Math.floor(total / 12)
  const nm = (total % 12) + 1
  return dayOf(ny, nm, Math.min(d, daysIn(ny, nm)))
}
