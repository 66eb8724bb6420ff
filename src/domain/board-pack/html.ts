/**
 * The board pack's HTML building blocks: every value goes through escape() (or attr()), so nothing a
 * council typed (an action's wording, a progress note) can become markup in the page.
 */
import type { KpiUnit } from '../kpis/types.ts'

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Text for element content or a quoted attribute value. */
export function escape(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => ENTITIES[c] as string)
}

/** An id or anchor made of safe characters only (KPI ids are already; anything else is folded). */
export function anchor(prefix: string, id: string): string {
  return `${prefix}-${id.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}`
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** '2026-03-31' -> '31 March 2026' (a calendar date: no time zone involved). */
export function longDate(iso: string): string {
  const [y, m, d] = iso.split('-')
  return `${Number(d)} ${MONTHS[Number(m) - 1] ?? ''} ${y}`
}

/** '2026-03-31' -> 'Mar 2026', the month a month-end figure is for. */
export function shortMonth(iso: string): string {
  const [y, m] = iso.split('-')
  return `${(MONTHS[Number(m) - 1] ?? '').slice(0, 3)} ${y}`
}

const whole = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 })
const oneDecimal = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 })

/** A value as the board reads it, by the KPI's unit; null is said in words (withheld or none). */
export function formatValue(unit: KpiUnit, value: number | null, suppressed = false): string {
  if (value === null) return suppressed ? 'withheld' : 'no figure'
  switch (unit) {
    case 'count':
      return whole.format(value)
    case 'percent':
      return `${oneDecimal.format(value)}%`
    case 'rate-per-10000':
      return `${oneDecimal.format(value)} per 10,000`
    case 'average':
    case 'median':
      return oneDecimal.format(value)
  }
}

/** A count in a table cell: withheld counts say so. */
export function formatCount(n: number | null): string {
  return n === null ? 'withheld' : whole.format(n)
}

/** A signed change, e.g. '+5', '-21', '0'. */
export function formatSigned(n: number | null): string {
  if (n === null) return 'withheld'
  return n > 0 ? `+${whole.format(n)}` : whole.format(n)
}
