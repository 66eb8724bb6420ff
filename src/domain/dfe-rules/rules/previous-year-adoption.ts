/**
 * The decision to place for adoption against last year's (559, 560, 561, 584): a decision made
 * before this year was in last year's return, keeps its date while it stands, and a new decision
 * after one that ceased is a later one.
 */
import type { ReturnContext } from '../context.ts'
import { parseDmy } from '../dates.ts'
import { rule } from '../shared.ts'
import type { DfeRule, Flags, Row } from '../types.ts'
import { hasBoth, lastRowsOf, sameWritten } from './previous-shared.ts'

/** This year's PlacedAdoption rows for which some row of the child's last year (or none: []) is wrong. */
function placed(ctx: ReturnContext, wrong: (now: Row, last: readonly Row[]) => boolean): Flags {
  if (!hasBoth(ctx, 'PlacedAdoption')) return {}
  const out: number[] = []
  ctx.rows('PlacedAdoption').forEach((r, i) => {
    if (wrong(r, lastRowsOf(ctx, 'PlacedAdoption', r['CHILD'] ?? null))) out.push(i)
  })
  return { PlacedAdoption: out }
}

const blank = (r: Row, field: string): boolean => (r[field] ?? null) === null
const ceased = (l: Row): boolean => !blank(l, 'DATE_PLACED_CEASED') || !blank(l, 'REASON_PLACED_CEASED')

export const adoptionRules: DfeRule[] = [
  rule({
    code: '559',
    message:
      'Date of decision that a child should be placed for adoption was not in the current year but the date of the decision that the child should be placed for adoption was not completed in a previous return.',
    tables: ['PlacedAdoption'],
    fields: ['DATE_PLACED'],
    previousYear: true,
    // A decision before 1 April: last year's return must have it (a child not there, or a row of theirs with no date, is wrong).
    check: (ctx) =>
      placed(
        ctx,
        (now, last) =>
          parseDmy(now['DATE_PLACED'] ?? null) < ctx.start && (last.length === 0 || last.some((l) => Number.isNaN(parseDmy(l['DATE_PLACED'] ?? null)))),
      ),
  }),
  rule({
    code: '560',
    message:
      'Date of decision that the child should be placed for adoption this year is different from that recorded last year but the decision to place the child for adoption did not change.',
    tables: ['PlacedAdoption'],
    fields: ['DATE_PLACED', 'DATE_PLACED_CEASED'],
    previousYear: true,
    // A blank date this year is a change, as the validator's `!=` has it.
    check: (ctx) =>
      placed(ctx, (now, last) =>
        last.some((l) => !blank(l, 'DATE_PLACED') && blank(l, 'DATE_PLACED_CEASED') && !sameWritten(now['DATE_PLACED'] ?? null, l['DATE_PLACED'] ?? null)),
      ),
  }),
  rule({
    code: '561',
    message:
      'Date of the decision that the child should be placed for adoption this year is the same as that recorded last year but records show that the decision changed, and the child should no longer be placed for adoption last year.',
    tables: ['PlacedAdoption'],
    fields: ['DATE_PLACED'],
    previousYear: true,
    check: (ctx) => placed(ctx, (now, last) => last.some((l) => sameWritten(now['DATE_PLACED'] ?? null, l['DATE_PLACED'] ?? null) && ceased(l))),
  }),
  rule({
    code: '584',
    message:
      'Date of decision that the child should be placed for adoption this year is different from that recorded last year, but the decision to placed the child for adoption changed and the child should no longer be placed for adoption.',
    tables: ['PlacedAdoption'],
    fields: ['DATE_PLACED'],
    previousYear: true,
    // Last year's decision ceased: this year's must be a new one, after it. The validator compares
    // the dates as text and flags rows by their place among the matched rows; the service compares
    // dates and flags the row that breaks the rule.
    check: (ctx) =>
      placed(ctx, (now, last) => {
        const stopped = last.filter(ceased)
        if (stopped.length === 0) return false
        const d = parseDmy(now['DATE_PLACED'] ?? null)
        return blank(now, 'DATE_PLACED') || stopped.some((l) => d <= parseDmy(l['DATE_PLACED'] ?? null))
      }),
  }),
]
