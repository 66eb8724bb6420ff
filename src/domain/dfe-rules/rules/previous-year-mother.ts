/**
 * The mother status against last year's header (207, 624, 626): a child recorded as a mother stays
 * one, and the date of birth of her first child does not change.
 */
import type { ReturnContext } from '../context.ts'
import { parseDmy } from '../dates.ts'
import { rule } from '../shared.ts'
import type { Cell, DfeRule, Flags } from '../types.ts'
import { hasBoth, headerChanged, sameWritten } from './previous-shared.ts'

/** A value read as a number, as the validator's pd.to_numeric(errors='coerce') (NaN when not one). */
const numeric = (v: Cell): number => (v === null || v.trim() === '' ? NaN : Number(v))

export const motherRules: DfeRule[] = [
  rule({
    code: '207',
    message: 'Mother status for the current year disagrees with the mother status already recorded for this child.',
    tables: ['Header'],
    fields: ['MOTHER'],
    previousYear: true,
    check: (ctx: ReturnContext): Flags => {
      // Only children with an episode this year; a mother last year (1) must be one this year.
      if (!hasBoth(ctx, 'Header') || !ctx.has('Episodes')) return {}
      const episodes = ctx.byChild('Episodes')
      return headerChanged(ctx, (now, last) => episodes.has(now['CHILD'] ?? '') && last['MOTHER'] === '1' && now['MOTHER'] !== '1')
    },
  }),
  rule({
    code: '624',
    message: 'Date of birth of the first child contradicts the date of birth of the first child previously recorded.',
    tables: ['Header'],
    fields: ['MC_DOB'],
    previousYear: true,
    // Blank this year against a date last year is a contradiction too.
    check: (ctx) => headerChanged(ctx, (now, last) => (last['MC_DOB'] ?? null) !== null && !sameWritten(now['MC_DOB'] ?? null, last['MC_DOB'] ?? null)),
  }),
  rule({
    code: '626',
    message:
      'Child was reported as a mother but the date of birth of the first child is before the current year which contradicts with the mother status recorded last year.',
    tables: ['Header'],
    fields: ['MOTHER', 'MC_DOB'],
    previousYear: true,
    check: (ctx: ReturnContext): Flags =>
      headerChanged(
        ctx,
        (now, last) => numeric(now['MOTHER'] ?? null) === 1 && numeric(last['MOTHER'] ?? null) === 0 && parseDmy(now['MC_DOB'] ?? null) < ctx.start,
      ),
  }),
]
