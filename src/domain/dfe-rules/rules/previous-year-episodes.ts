/**
 * Episodes and missing periods against last year's (562, 576, NoE): care that began before this year
 * was in last year's return, and a missing period left open there carries on.
 */
import type { ReturnContext } from '../context.ts'
import { dayOf, parseDmy } from '../dates.ts'
import { rule } from '../shared.ts'
import type { TableName } from '../../ssda903/tables.ts'
import type { Cell, DfeRule, Flags } from '../types.ts'
import { hasBoth, lastRowsOf, sorted } from './previous-shared.ts'

/** The CHILD values of last year's table, blank included (a merge on CHILD pairs blank with blank). */
export function lastChildren(ctx: ReturnContext, table: TableName): ReadonlySet<Cell> {
  return ctx.once(`previous.children.${table}`, () => new Set((ctx.previous?.[table]?.rows ?? []).map((r) => r['CHILD'] ?? null)))
}

/** Each child's row with the least value of a day column (first on a tie), among rows where `keep` holds. */
function earliestBy(ctx: ReturnContext, table: TableName, days: (i: number) => number, keep: (day: number) => boolean): number[] {
  const out: number[] = []
  for (const list of ctx.byChild(table).values()) {
    let best = -1
    for (const i of list) if (keep(days(i)) && (best < 0 || days(i) < days(best))) best = i
    if (best >= 0) out.push(best)
  }
  return out
}

/** The validator's stand-in for a missing period with no start date: it sorts after every real one. */
const NO_START = dayOf(2099, 1, 1)

export const episodeHistoryRules: DfeRule[] = [
  rule({
    code: '562',
    message: 'Episode commenced before the start of the current collection year but there is a missing continuous episode in the previous year.',
    tables: ['Episodes'],
    fields: ['DECOM'],
    previousYear: true,
    check: (ctx: ReturnContext): Flags => {
      // The child's earliest episode that started before 1 April must be last year's latest-starting one.
      if (!hasBoth(ctx, 'Episodes')) return {}
      const decom = ctx.dates('Episodes', 'DECOM')
      const rows = ctx.rows('Episodes')
      const out = earliestBy(
        ctx,
        'Episodes',
        (i) => decom[i] as number,
        (d) => d < ctx.start,
      ).filter((i) => {
        let latest = NaN
        for (const l of lastRowsOf(ctx, 'Episodes', rows[i]?.['CHILD'] ?? null)) {
          const d = parseDmy(l['DECOM'] ?? null)
          if (!Number.isNaN(d) && !(d <= latest)) latest = d
        }
        return latest !== decom[i]
      })
      return { Episodes: sorted(out) }
    },
  }),
  rule({
    code: '576',
    message:
      'There is an open missing/away from placement without authorisation period in last year’s return and there is no corresponding period recorded at the start of this year.',
    tables: ['Missing'],
    fields: ['CHILD'],
    previousYear: true,
    check: (ctx: ReturnContext): Flags => {
      // The child's first missing period this year must start when last year's open one did.
      if (!hasBoth(ctx, 'Missing')) return {}
      const start = ctx.dates('Missing', 'MIS_START')
      const rows = ctx.rows('Missing')
      const day = (i: number): number => (Number.isNaN(start[i]) ? NO_START : (start[i] as number))
      const out = earliestBy(ctx, 'Missing', day, () => true).filter((i) =>
        lastRowsOf(ctx, 'Missing', rows[i]?.['CHILD'] ?? null).some((l) => {
          const lastStart = parseDmy(l['MIS_START'] ?? null)
          return (l['MIS_END'] ?? null) === null && !Number.isNaN(lastStart) && lastStart !== day(i)
        }),
      )
      return { Missing: sorted(out) }
    },
  }),
  rule({
    code: 'NoE',
    message: 'This child has no episodes loaded for previous year even though child started to be looked after before this current year.',
    tables: ['Episodes'],
    fields: ['DECOM'],
    previousYear: true,
    check: (ctx: ReturnContext): Flags => {
      if (!hasBoth(ctx, 'Episodes')) return {}
      const last = lastChildren(ctx, 'Episodes')
      const decom = ctx.dates('Episodes', 'DECOM')
      const out: number[] = []
      ctx.rows('Episodes').forEach((r, i) => {
        if ((decom[i] as number) < ctx.start && !last.has(r['CHILD'] ?? null)) out.push(i)
      })
      return { Episodes: out }
    },
  }),
]
