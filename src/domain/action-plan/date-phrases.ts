/**
 * Finds the dates people write in the board's action plan: "3/7/25", "12.03.25", "30th June 2025",
 * "Feb-26", "Dec 25", "Oct/Nov 2025", "End of June 2026", "7/25", "End of spring term 2026",
 * "Summer 2026", "2026-03-31".
 *
 * Every phrase is read as a period, `from` its first day `to` its last, because most of what the
 * board writes names a month or a season rather than a day. Reading rules (UK usage throughout):
 * - Numbers are day first: "3/7/25" is 3 July 2025. Two-digit years are 20YY.
 * - A month name followed by a number is month and year: "Dec 25" is December 2025 (the board labels
 *   its updates "Dec 25:", "Jan-26:"); a day of the month comes before the month ("25 Dec 2025").
 * - "7/25" (month/year, no day) is July 2025; "3/6 months" is not a date.
 * - "End of June 2026" ends on the last day of June; "start of"/"beginning of" is the 1st, "mid" the 15th.
 * - "Oct/Nov 2025" runs from 1 October to 30 November.
 * - Seasons are the meteorological ones: spring March-May, summer June-August, autumn September-November,
 *   winter December to February (winter 2025 is December 2025 to February 2026).
 * - School terms end on these days (local term dates vary; these are the rules we apply):
 *   autumn: the last weekday on or before 20 December; spring: the Thursday before Good Friday, because
 *   the spring term ends before Easter and Good Friday is a bank holiday (it is the latest day the term
 *   can end, so a deadline never falls due early); summer: the last weekday on or before 22 July.
 *   "Spring term 2025/26" is the spring term of the 2025/26 school year, which is in 2026. Term starts
 *   are approximate (autumn 1 September, spring 1 January, summer the day after the spring term ends).
 * Days of the month without a year ("9th July") are not dates we can place and are left alone.
 */
import { addDays, dayOfWeek, daysInMonth, formatIsoDate, isIsoDate } from '../dates/calendar.ts'
import { easterSunday } from '../dates/bank-holidays.ts'

export type DatePrecision = 'day' | 'month' | 'season' | 'term'

export interface DatePhrase {
  /** The phrase exactly as written. */
  text: string
  /** Offset of the phrase in the text searched. */
  index: number
  /** First day the phrase can mean. */
  from: string
  /** Last day the phrase can mean: a deadline written this way is met on or before it. */
  to: string
  precision: DatePrecision
}

const MONTH_NAMES = [
  'jan(?:uary)?',
  'feb(?:ruary)?',
  'mar(?:ch)?',
  'apr(?:il)?',
  'may',
  'june?',
  'july?',
  'aug(?:ust)?',
  'sep(?:t(?:ember)?)?',
  'oct(?:ober)?',
  'nov(?:ember)?',
  'dec(?:ember)?',
]
const MONTH = `(${MONTH_NAMES.join('|')})\\b\\.?`
const MONTH_PATTERNS = MONTH_NAMES.map((m) => new RegExp(`^${m}$`, 'i'))

/** 1-12 for a month name or abbreviation. */
function monthNumber(name: string): number {
  const clean = name.replace(/\.$/, '')
  const i = MONTH_PATTERNS.findIndex((p) => p.test(clean))
  if (i < 0) throw new RangeError(`not a month name: ${name}`)
  return i + 1
}

function fullYear(written: string): number {
  const n = Number(written)
  return written.length === 2 ? 2000 + n : n
}

function dayOrNull(year: number, month: number, day: number): string | null {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null
  return formatIsoDate(year, month, day)
}

function monthStart(year: number, month: number): string {
  return formatIsoDate(year, month, 1)
}

function monthEnd(year: number, month: number): string {
  return formatIsoDate(year, month, daysInMonth(year, month))
}

/** The last Monday-to-Friday on or before d. */
function weekdayOnOrBefore(d: string): string {
  const w = dayOfWeek(d)
  return w === 0 ? addDays(d, -2) : w === 6 ? addDays(d, -1) : d
}

export type SchoolTerm = 'autumn' | 'spring' | 'summer'

/** The day we take a school term to end (rules in the module comment). */
export function schoolTermEnd(term: SchoolTerm, year: number): string {
  if (term === 'autumn') return weekdayOnOrBefore(formatIsoDate(year, 12, 20))
  if (term === 'spring') return addDays(easterSunday(year), -3)
  return weekdayOnOrBefore(formatIsoDate(year, 7, 22))
}

function schoolTermStart(term: SchoolTerm, year: number): string {
  if (term === 'autumn') return formatIsoDate(year, 9, 1)
  if (term === 'spring') return formatIsoDate(year, 1, 1)
  return addDays(schoolTermEnd('spring', year), 1)
}

type Season = 'spring' | 'summer' | 'autumn' | 'winter'

function seasonPeriod(season: Season, year: number): { from: string; to: string } {
  if (season === 'spring') return { from: monthStart(year, 3), to: monthEnd(year, 5) }
  if (season === 'summer') return { from: monthStart(year, 6), to: monthEnd(year, 8) }
  if (season === 'autumn') return { from: monthStart(year, 9), to: monthEnd(year, 11) }
  return { from: monthStart(year, 12), to: monthEnd(year + 1, 2) }
}

type Reader = (m: RegExpExecArray) => { from: string; to: string; precision: DatePrecision } | null

interface Rule {
  pattern: RegExp
  read: Reader
}

const rules: Rule[] = [
  {
    // 2026-03-31
    pattern: /\b(\d{4})-(\d{2})-(\d{2})\b/gi,
    read: (m) => {
      const d = `${m[1]}-${m[2]}-${m[3]}`
      return isIsoDate(d) ? { from: d, to: d, precision: 'day' } : null
    },
  },
  {
    // 3/7/25, 27/09/2025, 12.03.25: day first, the same separator twice
    pattern: /(?<![\d./])(\d{1,2})([/.])(\d{1,2})\2(\d{4}|\d{2})(?![\d]|[./]\d)/gi,
    read: (m) => {
      const d = dayOrNull(fullYear(m[4] ?? ''), Number(m[3]), Number(m[1]))
      return d === null ? null : { from: d, to: d, precision: 'day' }
    },
  },
  {
    // 30th June 2025, 2nd of October 2025, 4 Mar 2026
    pattern: new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH},?\\s+(\\d{4})\\b`, 'gi'),
    read: (m) => {
      const d = dayOrNull(Number(m[3]), monthNumber(m[2] ?? ''), Number(m[1]))
      return d === null ? null : { from: d, to: d, precision: 'day' }
    },
  },
  {
    // March 2026, End of June 2026, Feb-26, Dec 25, Oct/Nov 2025, September to December 2025
    pattern: new RegExp(
      `\\b(?:(end|start|beginning|mid|middle)\\s+of\\s+)?${MONTH}` +
        `(?:\\s*(?:/|&|-|–|\\bto\\b|\\bor\\b|\\band\\b)\\s*${MONTH})?` +
        // "July. 15" is a sentence end and a number, not July 2015: after a dot only a 4-digit year.
        `(?:\\s*[-'’]\\s*|(?<!\\.)\\s+|(?<=\\.)\\s+(?=\\d{4}))(\\d{4}|\\d{2})\\b`,
      'gi',
    ),
    read: (m) => {
      const year = fullYear(m[4] ?? '')
      const first = monthNumber(m[2] ?? '')
      const last = m[3] === undefined ? first : monthNumber(m[3])
      if (last < first) return null
      const which = (m[1] ?? '').toLowerCase()
      if (which === 'start' || which === 'beginning') {
        const d = monthStart(year, first)
        return { from: d, to: d, precision: 'day' }
      }
      if (which === 'mid' || which === 'middle') {
        const d = formatIsoDate(year, first, 15)
        return { from: d, to: d, precision: 'day' }
      }
      return { from: monthStart(year, first), to: monthEnd(year, last), precision: 'month' }
    },
  },
  {
    // 7/25, 03/2026: month and year. Not "3/6 months", not "38/52-week".
    pattern:
      /(?<![\d./])(\d{1,2})\/(\d{4}|\d{2})(?![\d]|[./]\d|\s*(?:months?|weeks?|days?|years?|yrs?|hours?|hrs?|mins?)\b|-\s*(?:months?|weeks?|days?|years?)\b)/gi,
    read: (m) => {
      const month = Number(m[1])
      if (month < 1 || month > 12) return null
      const year = fullYear(m[2] ?? '')
      return { from: monthStart(year, month), to: monthEnd(year, month), precision: 'month' }
    },
  },
  {
    // End of spring term 2026, Autumn term 2025, Summer term 2025/26
    pattern: /\b(?:(?:the\s+)?end\s+of\s+(?:the\s+)?)?(autumn|spring|summer)\s+term,?\s+(\d{4})(?:\s*[/-]\s*(\d{4}|\d{2}))?\b/gi,
    read: (m) => {
      const term = (m[1] ?? '').toLowerCase() as SchoolTerm
      const firstYear = Number(m[2])
      // "2025/26" names a school year: its autumn term is in 2025, its spring and summer terms in 2026.
      const year = m[3] !== undefined && term !== 'autumn' ? firstYear + 1 : firstYear
      return { from: schoolTermStart(term, year), to: schoolTermEnd(term, year), precision: 'term' }
    },
  },
  {
    // Spring 2026, end of summer 2026, Winter 2025
    pattern: /\b(?:(?:the\s+)?end\s+of\s+)?(spring|summer|autumn|fall|winter)\s+(\d{4})\b/gi,
    read: (m) => {
      const name = (m[1] ?? '').toLowerCase()
      const season: Season = name === 'fall' ? 'autumn' : (name as Season)
      return { ...seasonPeriod(season, Number(m[2])), precision: 'season' }
    },
  },
]

/** A phrase naming a period the calendar cannot hold ("March 0000", "Winter 9999") is not a date. */
function readOrNull(read: Reader, m: RegExpExecArray): ReturnType<Reader> {
  try {
    return read(m)
  } catch (e) {
    if (e instanceof RangeError) return null
    throw e
  }
}

/**
 * Every date phrase in the text, in order. Where two readings overlap the one that starts first wins,
 * then the longer ("30th June 2025" rather than "June 2025").
 */
export function findDatePhrases(text: string): DatePhrase[] {
  const found: DatePhrase[] = []
  for (const rule of rules) {
    rule.pattern.lastIndex = 0
    for (let m = rule.pattern.exec(text); m !== null; m = rule.pattern.exec(text)) {
      const reading = readOrNull(rule.read, m)
      if (reading !== null) found.push({ text: m[0], index: m.index, ...reading })
    }
  }
  found.sort((a, b) => a.index - b.index || b.text.length - a.text.length)
  const kept: DatePhrase[] = []
  let end = 0
  for (const p of found) {
    if (p.index < end) continue
    kept.push(p)
    end = p.index + p.text.length
  }
  return kept
}
