/**
 * What the rules on the previous year's return share (the validator's `*_last` tables): last year's
 * rows by child, whether both years hold a table, and how two dates written in either year compare.
 */
import type { TableName } from '../../ssda903/tables.ts'
import type { ReturnContext } from '../context.ts'
import { parseDmy } from '../dates.ts'
import type { Cell, Flags, Row } from '../types.ts'

/** The previous year's rows of a table, by child (built once per return). */
export function previousByChild(ctx: ReturnContext, table: TableName): Map<string, Row[]> {
  return ctx.once(`previous.${table}`, () => {
    const out = new Map<string, Row[]>()
    for (const r of ctx.previous?.[table]?.rows ?? []) {
      const child = r['CHILD'] ?? null
      if (child === null) continue
      const list = out.get(child)
      if (list === undefined) out.set(child, [r])
      else list.push(r)
    }
    return out
  })
}

/** Last year's rows of a child in a table (none for a blank child, as a merge on CHILD pairs no row here). */
export const lastRowsOf = (ctx: ReturnContext, table: TableName, child: Cell): readonly Row[] =>
  child === null ? [] : (previousByChild(ctx, table).get(child) ?? [])

/** True when both years hold every table named. */
export const hasBoth = (ctx: ReturnContext, ...tables: TableName[]): boolean => ctx.has(...tables) && tables.every((t) => ctx.previous?.[t] !== undefined)

/** A date as the validator compares two parsed dates: two non-dates are alike. */
export function sameDate(a: Cell, b: Cell): boolean {
  const x = parseDmy(a)
  const y = parseDmy(b)
  return Number.isNaN(x) ? Number.isNaN(y) : x === y
}

/**
 * Two values the validator compares as written (its `==` on text): equal when neither is blank and
 * they are the same text, or the same date however written (01/02/2020 and 1/2/2020), which the
 * validator would call a change though the date is the same.
 */
export function sameWritten(a: Cell, b: Cell): boolean {
  if (a === null || b === null) return false
  if (a === b) return true
  const x = parseDmy(a)
  return !Number.isNaN(x) && x === parseDmy(b)
}

/** Row indexes flagged, in order. */
export const sorted = (rows: Iterable<number>): number[] => [...new Set(rows)].sort((a, b) => a - b)

/**
 * Header rows of children in last year's header whose value differs from some row of theirs there
 * (the validator's merge of Header with Header_last on CHILD).
 */
export function headerChanged(ctx: ReturnContext, differs: (now: Row, last: Row) => boolean): Flags {
  if (!hasBoth(ctx, 'Header')) return {}
  const out: number[] = []
  ctx.rows('Header').forEach((r, i) => {
    if (lastRowsOf(ctx, 'Header', r['CHILD'] ?? null).some((l) => differs(r, l))) out.push(i)
  })
  return { Header: out }
}
