/** SWEpisodes rules: the child's social worker episodes (from 2023-24). */
import { dayOf } from '../dates.ts'
import { codes, isIn, rule, where } from '../shared.ts'
import type { DfeRule, Row } from '../types.ts'

/** The validator's "a year before 1 April": 365.2425 days (numpy's year), so a fractional day. */
const yearBefore = (start: number): number => start - 365.2425

const SW_REASONS = codes('MANAGE', 'FCONTA', 'LEFTRL', 'ORGRST', 'TSPROC', 'ABSENC', 'CHCHAN', 'PCCHAN', 'SWDIED', 'OTHERS')

export const swEpisodeRules: DfeRule[] = [
  rule({
    code: 'SW07STG2',
    message:
      'Social worker episode end date should be on or after the start of the social worker reporting period, and should be on or before the collection end date.',
    tables: ['SWEpisodes'],
    fields: ['SW_DEC'],
    check: (ctx) => {
      const end = ctx.dates('SWEpisodes', 'SW_DEC')
      return where(ctx, 'SWEpisodes', (_r, i) => {
        const e = end[i] as number
        return !Number.isNaN(e) && (e < yearBefore(ctx.start) || e > ctx.end)
      })
    },
  }),
  rule({
    code: 'SW13STG1',
    message: 'The reason for social worker change is not valid.',
    tables: ['SWEpisodes'],
    fields: ['SW_REASON'],
    check: (ctx) => {
      const start = ctx.dates('SWEpisodes', 'SW_DECOM')
      const from = dayOf(2023, 4, 1)
      return where(ctx, 'SWEpisodes', (r, i) => {
        const reason = r['SW_REASON'] ?? null
        return reason === null ? (start[i] as number) >= from : !SW_REASONS.has(reason)
      })
    },
  }),
  rule({
    code: 'SW12STG2',
    message:
      'If a child is looked after on 31 March then all social worker episodes for the full previous year should be reported, even those whilst they were not looked after',
    tables: ['Episodes', 'SWEpisodes'],
    fields: ['SW_DECOM'],
    check: (ctx) => {
      if (!ctx.has('Episodes', 'SWEpisodes')) return {}
      const decom = ctx.dates('Episodes', 'DECOM')
      const dec = ctx.dates('Episodes', 'DEC')
      const swStart = ctx.dates('SWEpisodes', 'SW_DECOM')
      const sw = ctx.byChild('SWEpisodes')
      return where(ctx, 'Episodes', (r: Row, i) => {
        const e = dec[i] as number
        if (!((e >= yearBefore(ctx.start) && e <= ctx.end) || Number.isNaN(e))) return false
        if (isIn(r['LS'] ?? null, codes('V3', 'V4')) || !(r['RNE'] === 'S' || r['REC'] !== 'X1')) return false
        // Flagged when some social worker episode (or none at all) covers neither the end nor the start.
        const list = sw.get(r['CHILD'] ?? '') ?? [-1]
        return list.some((w) => {
          const s = w < 0 ? NaN : (swStart[w] as number)
          const coversEnd = s <= e && r['REC'] !== 'X1'
          const coversStart = s >= (decom[i] as number) && r['RNE'] === 'S'
          return !coversEnd && !coversStart
        })
      })
    },
  }),
  rule({
    code: 'SW17STG2',
    message: 'There is no social worker episode open at 31 March',
    tables: ['SWEpisodes'],
    fields: ['SW_DEC', 'SW_DECOM'],
    from: 2026,
    check: (ctx) => {
      if (!ctx.has('SWEpisodes')) return {}
      const rows = ctx.rows('SWEpisodes')
      const start = ctx.dates('SWEpisodes', 'SW_DECOM')
      const out: number[] = []
      for (const list of ctx.byChild('SWEpisodes').values()) {
        // The child's most recent social worker episode (undated last) must be open.
        let latest = list[0] as number
        for (const i of list) {
          const s = start[i] as number
          const b = start[latest] as number
          if (!Number.isNaN(s) && (Number.isNaN(b) || s > b)) latest = i
        }
        if ((rows[latest]?.['SW_DEC'] ?? null) !== null) out.push(latest)
      }
      return { SWEpisodes: out }
    },
  }),
]
