/** SWEpisodes rules: the child's social worker episodes (from 2023-24). */
import { dayOf } from '../dates.ts'
import { codes, isIn, rule, where } from '../shared.ts'
import type { ReturnContext } from '../context.ts'
import type { DfeRule, Row } from '../types.ts'

/** The validator's "a year before 1 April": 365.2425 days (numpy's year), so a fractional day. */
const yearBefore = (start: number): number => start - 365.2425

const SW_REASONS = codes('MANAGE', 'FCONTA', 'LEFTRL', 'ORGRST', 'TSPROC', 'ABSENC', 'CHCHAN', 'PCCHAN', 'SWDIED', 'OTHERS')

/** SW07STG2: a social worker episode ends within the reporting period (its start worked out by year). */
const sw07 = (from: number, to: number | null, periodStart: (ctx: ReturnContext) => number): DfeRule =>
  rule({
    code: 'SW07STG2',
    message:
      'Social worker episode end date should be on or after the start of the social worker reporting period, and should be on or before the collection end date.',
    tables: ['SWEpisodes'],
    fields: ['SW_DEC'],
    from,
    to,
    check: (ctx) => {
      const end = ctx.dates('SWEpisodes', 'SW_DEC')
      return where(ctx, 'SWEpisodes', (_r, i) => {
        const e = end[i] as number
        return !Number.isNaN(e) && (e < periodStart(ctx) || e > ctx.end)
      })
    },
  })

/** SW12STG2: a child looked after at 31 March has social worker episodes covering the year. */
const sw12 = (from: number, to: number | null, recentOnly: boolean): DfeRule =>
  rule({
    code: 'SW12STG2',
    message:
      'If a child is looked after on 31 March then all social worker episodes for the full previous year should be reported, even those whilst they were not looked after',
    tables: ['Episodes', 'SWEpisodes'],
    fields: ['SW_DECOM'],
    from,
    to,
    check: (ctx) => {
      if (!ctx.has('Episodes', 'SWEpisodes')) return {}
      const decom = ctx.dates('Episodes', 'DECOM')
      const dec = ctx.dates('Episodes', 'DEC')
      const swStart = ctx.dates('SWEpisodes', 'SW_DECOM')
      const sw = ctx.byChild('SWEpisodes')
      return where(ctx, 'Episodes', (r: Row, i) => {
        // An open episode runs to 31 March: the child is looked after then. (The DfE tool reads it so
        // too, in every run: rule 365, always run before the social worker rules, writes 31 March
        // into blank DECs.)
        const e = (r['DEC'] ?? null) === null ? ctx.end : (dec[i] as number)
        if (recentOnly && !((e >= yearBefore(ctx.start) && e <= ctx.end) || Number.isNaN(e))) return false
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
  })

export const swEpisodeRules: DfeRule[] = [
  sw07(2024, 2024, (ctx) => ctx.start),
  // From 2024-25 the reporting period starts a year before 1 April.
  sw07(2025, null, (ctx) => yearBefore(ctx.start)),
  rule({
    code: 'SW13STG1',
    message: 'The reason for social worker change is either not valid or has not been entered.',
    tables: ['SWEpisodes'],
    fields: ['SW_REASON'],
    to: 2024,
    check: (ctx) => where(ctx, 'SWEpisodes', (r) => !isIn(r['SW_REASON'] ?? null, SW_REASONS)),
  }),
  // From 2024-25 a blank reason is flagged only on episodes starting from 1 April 2023.
  rule({
    code: 'SW13STG1',
    message: 'The reason for social worker change is not valid.',
    tables: ['SWEpisodes'],
    fields: ['SW_REASON'],
    from: 2025,
    check: (ctx) => {
      const start = ctx.dates('SWEpisodes', 'SW_DECOM')
      const from = dayOf(2023, 4, 1)
      return where(ctx, 'SWEpisodes', (r, i) => {
        const reason = r['SW_REASON'] ?? null
        return reason === null ? (start[i] as number) >= from : !SW_REASONS.has(reason)
      })
    },
  }),
  sw12(2024, 2024, false),
  // From 2024-25 only episodes ending from a year before 1 April (or open) are judged.
  sw12(2025, null, true),
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
