/** Reviews rules: review dates and how the child took part (PN0 under 4, PN1-PN7 from 4). */
import { addYears } from '../dates.ts'
import { codes, isIn, rule, where } from '../shared.ts'
import type { DfeRule } from '../types.ts'

export const reviewRules: DfeRule[] = [
  rule({
    code: '440',
    message:
      'Participation method indicates child was under 4 years old at the time of the review, but date of birth and review date indicates the child was 4 years old or over.',
    tables: ['Reviews'],
    fields: ['DOB', 'REVIEW', 'REVIEW_CODE'],
    check: (ctx) => {
      const dob = ctx.dates('Reviews', 'DOB')
      const review = ctx.dates('Reviews', 'REVIEW')
      return where(ctx, 'Reviews', (r, i) => r['REVIEW_CODE'] === 'PN0' && (review[i] as number) > addYears(dob[i] as number, 4))
    },
  }),
  rule({
    code: '441',
    message:
      'Participation method indicates child was 4 years old or over at the time of the review, but the date of birth and review date indicates the child was under 4 years old.',
    tables: ['Reviews'],
    fields: ['DOB', 'REVIEW', 'REVIEW_CODE'],
    check: (ctx) => {
      const dob = ctx.dates('Reviews', 'DOB')
      const review = ctx.dates('Reviews', 'REVIEW')
      const from4 = codes('PN1', 'PN2', 'PN3', 'PN4', 'PN5', 'PN6', 'PN7')
      return where(ctx, 'Reviews', (r, i) => isIn(r['REVIEW_CODE'] ?? null, from4) && (review[i] as number) < addYears(dob[i] as number, 4))
    },
  }),
]
