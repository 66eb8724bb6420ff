/** PlacedAdoption rules: decisions that a child should be placed for adoption, and their reversal. */
import { codes, isIn, rule, where } from '../shared.ts'
import type { DfeRule } from '../types.ts'

export const placedAdoptionRules: DfeRule[] = [
  rule({
    code: '120',
    message: 'The reason for the reversal of the decision that the child should be placed for adoption code is not valid.',
    tables: ['PlacedAdoption'],
    fields: ['REASON_PLACED_CEASED'],
    check: (ctx) =>
      where(ctx, 'PlacedAdoption', (r) => {
        const v = r['REASON_PLACED_CEASED'] ?? null
        return v !== null && !isIn(v, codes('RD1', 'RD2', 'RD3', 'RD4'))
      }),
  }),
]
