/**
 * UASC status against last year's (205A, 205C, 205D). A year's UASC flag is its header's, as the
 * validator has it: the XML's UASC element, or for a CSV set whether the child is in that year's
 * UASC file; a year sent without a header has one made from its UASC file (flag 1 where a row holds
 * more than CHILD and DOB), and then only UASC rows are flagged.
 */
import type { ReturnContext } from '../context.ts'
import { addYears, parseDmy } from '../dates.ts'
import { rule, uascChildren } from '../shared.ts'
import type { Cell, DfeRule, Flags, ReturnTables, Row } from '../types.ts'
import { hasBoth, sorted } from './previous-shared.ts'

/** A header row of a year as the UASC rules see it: its index in the sent header (null: made up) and flag. */
interface Flagged {
  index: number | null
  flag: Cell
}

/**
 * Each child's header rows with their UASC flag, or null when the year has no flag to read (a CSV
 * header sent without its UASC file has no UASC column in the validator, which then skips the rule).
 */
function uascFlags(tables: ReturnTables): Map<string, Flagged[]> | null {
  const out = new Map<string, Flagged[]>()
  const add = (child: Cell, f: Flagged): void => {
    if (child === null) return
    const list = out.get(child)
    if (list === undefined) out.set(child, [f])
    else list.push(f)
  }
  const header = tables.Header
  if (header !== undefined) {
    const fromColumn = header.columns.includes('UASC')
    if (!fromColumn && tables.UASC === undefined) return null
    const inFile = uascChildren(tables)
    header.rows.forEach((r, i) => add(r['CHILD'] ?? null, { index: i, flag: fromColumn ? (r['UASC'] ?? null) : inFile.has(r['CHILD'] ?? '') ? '1' : '0' }))
    return out
  }
  const uasc = tables.UASC
  if (uasc === undefined) return null
  const others = uasc.columns.filter((c) => c !== 'CHILD' && c !== 'DOB')
  uasc.rows.forEach((r, i) => add(r['CHILD'] ?? null, { index: i, flag: others.some((c) => (r[c] ?? null) !== null) ? '1' : '0' }))
  return out
}

/** A UASC row of last year with its header's flag (all blank for a child not there). */
interface LastUasc {
  duc: Cell
  flag: Cell
}

const NOT_THERE: readonly Flagged[] = [{ index: null, flag: null }]
const NOT_LAST: readonly LastUasc[] = [{ duc: null, flag: null }]

/**
 * This year's UASC rows paired as the validator merges them: each with every header row of its child
 * this year and every (UASC row, header row) of its child last year; `wrong` judges a pair, and the
 * UASC row and that header row (when the header was sent) are flagged.
 */
function uascPairs(ctx: ReturnContext, wrong: (now: Row, header: Flagged, last: LastUasc) => boolean): Flags {
  const previous = ctx.previous
  if (previous === null || !hasBoth(ctx, 'UASC')) return {}
  const now = uascFlags(ctx.tables)
  const before = uascFlags(previous)
  if (now === null || before === null) return {}
  const lastRows = new Map<string, LastUasc[]>()
  for (const r of previous.UASC?.rows ?? []) {
    const child = r['CHILD'] ?? null
    if (child === null) continue
    const pairs = (before.get(child) ?? NOT_THERE).map((h) => ({ duc: r['DUC'] ?? null, flag: h.flag }))
    lastRows.set(child, [...(lastRows.get(child) ?? []), ...pairs])
  }
  const uasc: number[] = []
  const header: number[] = []
  ctx.rows('UASC').forEach((r, i) => {
    const child = r['CHILD'] ?? null
    const headers = child === null ? NOT_THERE : (now.get(child) ?? NOT_THERE)
    const lasts = child === null ? NOT_LAST : (lastRows.get(child) ?? NOT_LAST)
    for (const h of headers) {
      if (!lasts.some((l) => wrong(r, h, l))) continue
      uasc.push(i)
      if (h.index !== null && ctx.has('Header')) header.push(h.index)
    }
  })
  return ctx.has('Header') ? { UASC: sorted(uasc), Header: sorted(header) } : { UASC: sorted(uasc) }
}

const notUasc = (flag: Cell): boolean => flag === null || flag === '0'

export const uascRules: DfeRule[] = [
  rule({
    code: '205A',
    message: 'Child identified as UASC last year is no longer UASC this year, but date UASC ceased in both years does not support this.',
    tables: ['UASC', 'Header'],
    fields: ['DUC', 'UASC'],
    previousYear: true,
    check: (ctx: ReturnContext): Flags => {
      const start = addYears(ctx.start, -1)
      const end = addYears(ctx.end, -1)
      // UASC last year, not this year: this year's DUC must be blank and last year's within last year.
      return uascPairs(ctx, (now, h, l) => {
        const lastDuc = parseDmy(l.duc)
        return h.flag !== '1' && l.flag === '1' && ((now['DUC'] ?? null) !== null || !(lastDuc >= start && lastDuc <= end))
      })
    },
  }),
  rule({
    code: '205C',
    message: 'Child not identified as UASC either this year or last year but date UASC ceased has been provided.',
    tables: ['UASC', 'Header'],
    fields: ['DUC', 'UASC'],
    previousYear: true,
    check: (ctx) =>
      uascPairs(ctx, (now, h, l) => notUasc(h.flag) && notUasc(l.flag) && (!Number.isNaN(parseDmy(now['DUC'] ?? null)) || !Number.isNaN(parseDmy(l.duc)))),
  }),
  rule({
    code: '205D',
    message: 'Child identified as UASC this year but not identified as UASC status provided for the child last year.',
    tables: ['Header', 'UASC'],
    fields: ['UASC'],
    previousYear: true,
    check: (ctx: ReturnContext): Flags => {
      // Children in both years' headers (or UASC files, when a header was not sent): UASC this year, not last.
      const previous = ctx.previous
      if (previous === null) return {}
      const now = uascFlags(ctx.tables)
      const before = uascFlags(previous)
      if (now === null || before === null) return {}
      const out: number[] = []
      for (const [child, rows] of now) {
        const last = before.get(child)
        if (last === undefined) continue
        for (const h of rows) if (h.flag === '1' && last.some((l) => l.flag !== '1') && h.index !== null) out.push(h.index)
      }
      return { [ctx.has('Header') ? 'Header' : 'UASC']: sorted(out) }
    },
  }),
]
