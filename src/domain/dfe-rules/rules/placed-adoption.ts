/** PlacedAdoption rules: decisions that a child should be placed for adoption, and their reversal. */
import { codes, isIn, rule, where } from '../shared.ts'
import { ADOPTION_FIELDS } from './ad1.ts'
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

placedAdoptionRules.push(
  rule({
    code: '525',
    message: 'A child for whom the decision to be placed for adoption has been reversed cannot be adopted during the year.',
    tables: ['PlacedAdoption', 'AD1'],
    fields: ['DATE_PLACED_CEASED', ...ADOPTION_FIELDS],
    check: (ctx) => {
      if (!ctx.has('PlacedAdoption', 'AD1')) return {}
      const ad1 = ctx.rows('AD1')
      const ad1Flags: number[] = []
      const pa = where(ctx, 'PlacedAdoption', (r) => {
        if ((r['DATE_PLACED_CEASED'] ?? null) === null) return false
        const hits = (ctx.byChild('AD1').get(r['CHILD'] ?? '') ?? []).filter((a) => ADOPTION_FIELDS.some((f) => (ad1[a]?.[f] ?? null) !== null))
        ad1Flags.push(...hits)
        return hits.length > 0
      })
      return { ...pa, AD1: ad1Flags }
    },
  }),
)
