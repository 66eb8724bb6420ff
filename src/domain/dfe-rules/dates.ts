/**
 * Dates as the DfE validator reads them (pandas to_datetime, format %d/%m/%Y, errors coerced):
 * a day number (days since 1970-01-01), NaN when blank or not a date. NaN compares false with
 * everything, as the validator's NaT does.
 */

const DMY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/

const daysIn = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate()

export function dayOf(y: number, m: number, d: number): number {
  return Date.UTC(y, m - 1, d) / 86_400_000
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
  const dt = new Date(day * 86_400_000)
  const y = dt.getUTCFullYear() + n
  const m = dt.getUTCMonth() + 1
  return dayOf(y, m, Math.min(dt.getUTCDate(), daysIn(y, m)))
}

/** day + n months, the day clipped to the month's end (pandas DateOffset(months=n)). */
export function addMonths(day: number, n: number): number {
  if (Number.isNaN(day)) return NaN
  const dt = new Date(day * 86_400_000)
  const total = dt.getUTCFullYear() * 12 + dt.getUTCMonth() + n
  const y = Math.floor(total / 12)
  const m = (total % 12) + 1
  return dayOf(y, m, Math.min(dt.getUTCDate(), daysIn(y, m)))
}
