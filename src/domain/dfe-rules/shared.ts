/**
 * What the rules share: their definition, pandas' comparison semantics on blanks (the validator's
 * `!=` is true when either side is blank, `==` and `isin` false) and the derived facts several rules
 * use, each worked out once per return.
 */
import type { TableName } from '../ssda903/tables.ts'
import type { ReturnContext } from './context.ts'
import type { Cell, DfeRule, Flags, ReturnTables, Row } from './types.ts'

/** The first collection year the service validates (2023-24). */
export const FIRST_YEAR = 2024

export interface RuleSpec {
  code: string
  message: string
  tables: readonly TableName[]
  fields: readonly string[]
  from?: number
  to?: number | null
  /** The rule reads the previous collection year's return (ReturnContext.previous). */
  previousYear?: boolean
  check(ctx: ReturnContext): Flags
}

export function rule(spec: RuleSpec): DfeRule {
  return Object.freeze({ ...spec, from: spec.from ?? FIRST_YEAR, to: spec.to ?? null })
}

/** pandas `a != b`: true when either is blank. */
export const ne = (a: Cell, b: Cell): boolean => a === null || b === null || a !== b

/** pandas `a == b`: false when either is blank. */
export const eq = (a: Cell, b: Cell): boolean => a !== null && a === b

export const isIn = (v: Cell, set: ReadonlySet<string>): boolean => v !== null && set.has(v)

export const codes = (...list: string[]): ReadonlySet<string> => new Set(list)

/** Rows of a table where a test on the row (and its index) holds. */
export function where(ctx: ReturnContext, table: TableName, test: (row: Row, i: number) => boolean): Flags {
  if (!ctx.has(table)) return {}
  const rows = ctx.rows(table)
  const out: number[] = []
  for (let i = 0; i < rows.length; i++) if (test(rows[i] as Row, i)) out.push(i)
  return { [table]: out }
}

/**
 * Each child's episodes in date order (DECOM, blanks last, ties in file order), as the validator's
 * sort_values(['CHILD', 'DECOM']) leaves them.
 */
export function episodesInOrder(ctx: ReturnContext): Map<string, number[]> {
  return ctx.once('episodesInOrder', () => {
    const decom = ctx.dates('Episodes', 'DECOM')
    const out = new Map<string, number[]>()
    for (const [child, list] of ctx.byChild('Episodes')) {
      const sorted = [...list].sort((a, b) => {
        const x = decom[a] as number
        const y = decom[b] as number
        if (Number.isNaN(x)) return Number.isNaN(y) ? a - b : 1
        if (Number.isNaN(y)) return -1
        return x - y || a - b
      })
      out.set(child, sorted)
    }
    return out
  })
}

/**
 * Children looked after continuously for 12 months at 31 March, the validator's way: some episode
 * during the year, and none that starts care (RNE S) after 1 April, ends care (REC other than X1,
 * blank included) within the year or is V3/V4 during it.
 */
export function continuouslyLookedAfter(ctx: ReturnContext): ReadonlySet<string> {
  return ctx.once('cla', () => {
    const rows = ctx.rows('Episodes')
    const decom = ctx.dates('Episodes', 'DECOM')
    const dec = ctx.dates('Episodes', 'DEC')
    const out = new Set<string>()
    for (const [child, list] of ctx.byChild('Episodes')) {
      let during = false
      let broken = false
      for (const i of list) {
        const r = rows[i] as Row
        const s = decom[i] as number
        const e = dec[i] as number
        const inYear = s <= ctx.end && (e >= ctx.start || Number.isNaN(e))
        if (inYear) during = true
        const enters = r['RNE'] === 'S' && s > ctx.start && s <= ctx.end
        const leaves = r['REC'] !== 'X1' && e >= ctx.start && e < ctx.end
        const v3v4 = (r['LS'] === 'V3' || r['LS'] === 'V4') && inYear
        if (enters || leaves || v3v4) broken = true
      }
      if (during && !broken) out.add(child)
    }
    return out
  })
}

/** Rows of a child's rows in another table, or [-1] (a left merge's unmatched row). */
export function rowsOrNone(ctx: ReturnContext, table: TableName, child: Cell): readonly number[] {
  if (child === null) return NONE
  return ctx.byChild(table).get(child) ?? NONE
}
const NONE: readonly number[] = Object.freeze([-1])

/** A row of a table, or an empty row for -1. */
export function rowAt(ctx: ReturnContext, table: TableName, i: number): Row {
  return i < 0 ? EMPTY : (ctx.rows(table)[i] as Row)
}
const EMPTY: Row = Object.freeze({})

export interface PeriodOfCare {
  child: string
  start: number
  /** The DEC of the period's last episode (NaN when open). */
  end: number
}

/**
 * Periods of care the validator's way (rules 577, 578): a child's episodes with a start, in date
 * order; a new period begins where an episode starts after the previous one's end (an open previous
 * episode never ends one).
 */
export function periodsOfCare(ctx: ReturnContext): Map<string, PeriodOfCare[]> {
  return ctx.once('periodsOfCare', () => {
    const decom = ctx.dates('Episodes', 'DECOM')
    const dec = ctx.dates('Episodes', 'DEC')
    const out = new Map<string, PeriodOfCare[]>()
    for (const [child, list] of episodesInOrder(ctx)) {
      const periods: PeriodOfCare[] = []
      let prevEnd = NaN
      for (const i of list) {
        const s = decom[i] as number
        if (Number.isNaN(s)) continue
        const last = periods[periods.length - 1]
        if (last === undefined || s > prevEnd) periods.push({ child, start: s, end: dec[i] as number })
        else last.end = dec[i] as number
        prevEnd = dec[i] as number
      }
      out.set(child, periods)
    }
    return out
  })
}

/**
 * The children a return's header marks UASC: its UASC flag where the header has one (the XML
 * return), else, as the validator sets the flag for the CSV set, the children in its UASC table.
 */
export function uascChildren(tables: ReturnTables): Set<string> {
  const header = tables.Header
  if (header?.columns.includes('UASC') === true) {
    return new Set(header.rows.filter((r) => r['UASC'] === '1').map((r) => r['CHILD'] ?? ''))
  }
  return new Set((tables.UASC?.rows ?? []).map((r) => r['CHILD'] ?? ''))
}
