/**
 * 903 dates. The return writes DD/MM/YYYY; councils' extracts also give D/M/YYYY, ISO YYYY-MM-DD, and
 * (from spreadsheets) a midnight time after the date. PrevPerm's DATE_PERM may write an unknown day,
 * month or year as ZZ / ZZZZ.
 */
import { daysInMonth, isIsoDate } from '../dates/calendar.ts'

// Years outside this range are typing slips (0201, 2302) in a return about children, not dates.
const MIN_YEAR = 1900
const MAX_YEAR = 2099

const UK = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T]00:00(?::00)?)?$/
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?$/

function build(year: number, month: number, day: number): string | null {
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12) return null
  if (day < 1 || day > daysInMonth(year, month)) return null
  return `${year}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`
}

/**
 * '01/04/2024' -> '2024-04-01'. Also D/M/YYYY and YYYY-MM-DD, trimmed, optionally followed by a
 * midnight time. Null for anything else, including impossible dates (31/02/2024) and years outside
 * 1900-2099.
 */
export function parse903Date(s: string): string | null {
  const t = s.trim()
  let m = UK.exec(t)
  if (m !== null) return build(Number(m[3]), Number(m[2]), Number(m[1]))
  m = ISO.exec(t)
  if (m !== null) return build(Number(m[1]), Number(m[2]), Number(m[3]))
  return null
}

/** 'YYYY-MM-DD' -> 'DD/MM/YYYY'. Throws RangeError on anything that is not a calendar date. */
export function format903Date(iso: string): string {
  if (!isIsoDate(iso)) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(iso)}`)
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`
}

/** A DATE_PERM read: the date, or the latest it can be when a part is ZZ. */
export interface PermanenceDate {
  /** 'YYYY-MM-DD'; null when the year is unknown (nothing then bounds it). */
  date: string | null
  /** True when a part was ZZ: the date is the latest possible, not the date itself. */
  approximate: boolean
  /** When approximate, the date as the 903 writes it, two digits a part ('ZZ/05/2020'), so it goes out as it came. */
  asSent: string | null
}

const ZZ = /^(\d{1,2}|zz)\/(\d{1,2}|zz)\/(\d{4}|zzzz)$/i

/**
 * PrevPerm DATE_PERM: a 903 date, or one with ZZ for an unknown day or month and ZZZZ for an unknown
 * year. Unknown parts take the latest possible value, as the DfE validator does, so a date compared
 * with "after" is never flagged wrongly: 'zz/05/2020' -> 2020-05-31, 'zz/zz/2021' -> 2021-12-31,
 * '15/zz/2020' -> 2020-12-15, 'zz/zz/zzzz' -> null. Null overall when it is not a date at all.
 */
export function parsePermanenceDate(s: string): PermanenceDate | null {
  const exact = parse903Date(s)
  if (exact !== null) return { date: exact, approximate: false, asSent: null }
  const m = ZZ.exec(s.trim())
  if (m === null) return null
  const [, d, mo, y] = m as unknown as [string, string, string, string]
  const unknown = (part: string): boolean => /^z+$/i.test(part)
  if (!unknown(d) && !unknown(mo) && !unknown(y)) return null // digits that are not a date
  // Check the known parts even when the year is unknown: '45/zz/zzzz' and '31/04/zzzz' are not dates.
  const month = unknown(mo) ? null : Number(mo)
  if (month !== null && (month < 1 || month > 12)) return null
  const longest = month === null ? 31 : daysInMonth(2000, month) // 2000 is leap: February's longest
  if (!unknown(d) && (Number(d) < 1 || Number(d) > longest)) return null
  const asSent = [unknown(d) ? 'ZZ' : d.padStart(2, '0'), unknown(mo) ? 'ZZ' : mo.padStart(2, '0'), unknown(y) ? 'ZZZZ' : y].join('/')
  if (unknown(y)) return { date: null, approximate: true, asSent }
  const year = Number(y)
  if (year < MIN_YEAR || year > MAX_YEAR) return null
  const latestMonth = month ?? 12
  const date = build(year, latestMonth, unknown(d) ? daysInMonth(year, latestMonth) : Number(d))
  return date === null ? null : { date, approximate: true, asSent }
}
