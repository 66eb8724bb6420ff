/** Missing rules: periods a child was missing or away from placement without authorisation. */
import { addYears } from '../dates.ts'
import { ne, periodsOfCare, rule, where } from '../shared.ts'
import type { ReturnContext } from '../context.ts'
import type { DfeRule, Flags, Row } from '../types.ts'

/**
 * Missing rows judged against their child's episodes: the test gets the row, its MIS_START day, the
 * child's episode rows (undefined: none) and the episodes' DECOM and DEC days.
 */
function againstEpisodes(
  ctx: ReturnContext,
  test: (r: Row, start: number, episodes: readonly number[] | undefined, decom: Float64Array, dec: Float64Array) => boolean,
): Flags {
  if (!ctx.has('Episodes', 'Missing')) return {}
  const decom = ctx.dates('Episodes', 'DECOM')
  const dec = ctx.dates('Episodes', 'DEC')
  const start = ctx.dates('Missing', 'MIS_START')
  const eps = ctx.byChild('Episodes')
  return where(ctx, 'Missing', (r, i) => test(r, start[i] as number, eps.get(r['CHILD'] ?? ''), decom, dec))
}

export const missingRules: DfeRule[] = [
  rule({
    code: '571',
    message:
      'The date that the child ceased to be missing or away from placement without authorisation is before the start or after the end of the collection year.',
    tables: ['Missing'],
    fields: ['MIS_END'],
    check: (ctx) => {
      const end = ctx.dates('Missing', 'MIS_END')
      return where(ctx, 'Missing', (_r, i) => (end[i] as number) < ctx.start || (end[i] as number) > ctx.end)
    },
  }),
  rule({
    code: '574',
    message:
      'A new missing/away from placement without authorisation period cannot start when the previous missing/away from placement without authorisation period is still open. Missing/away from placement without authorisation periods should also not overlap.',
    tables: ['Missing'],
    fields: ['MIS_START', 'MIS_END'],
    check: (ctx) => {
      if (!ctx.has('Missing')) return {}
      const start = ctx.dates('Missing', 'MIS_START')
      const end = ctx.dates('Missing', 'MIS_END')
      // Sorted by end (an open one by its start), then start, blanks last.
      const fill = (i: number): number => (Number.isNaN(end[i]) ? (start[i] as number) : (end[i] as number))
      const cmp = (x: number, y: number): number => (Number.isNaN(x) ? (Number.isNaN(y) ? 0 : 1) : Number.isNaN(y) ? -1 : x - y)
      const out: number[] = []
      for (const list of ctx.byChild('Missing').values()) {
        const sorted = [...list].sort((a, b) => cmp(fill(a), fill(b)) || cmp(start[a] as number, start[b] as number) || a - b)
        for (let k = 1; k < sorted.length; k++) {
          const cur = sorted[k] as number
          const prevEnd = end[sorted[k - 1] as number] as number
          if (Number.isNaN(prevEnd) || (start[cur] as number) < prevEnd) out.push(cur)
        }
      }
      return { Missing: out }
    },
  }),
  rule({
    code: '581',
    message: 'Child is missing but has not yet started to be looked after.',
    tables: ['Episodes', 'Missing'],
    fields: ['MIS_START'],
    check: (ctx) =>
      againstEpisodes(ctx, (_r, s, list, decom, dec) => {
        if (list === undefined) return false
        return !list.some((e) => s >= (decom[e] as number) && (s <= (dec[e] as number) || Number.isNaN(dec[e])))
      }),
  }),
  rule({
    code: '578',
    message: 'The date that the child started to be missing is after the child ceased to be looked after.',
    tables: ['Episodes', 'Missing'],
    fields: ['MIS_START'],
    check: (ctx) => {
      if (!ctx.has('Episodes', 'Missing')) return {}
      const pocs = periodsOfCare(ctx)
      const start = ctx.dates('Missing', 'MIS_START')
      return where(ctx, 'Missing', (r, i) => {
        const list = pocs.get(r['CHILD'] ?? '')
        if (list === undefined || list.length === 0) return false
        const s = start[i] as number
        return list.every((p) => s < p.start || (s > p.end && !Number.isNaN(p.end)))
      })
    },
  }),
  rule({
    code: '577',
    message: 'Child ceased to be looked after but there is a missing/away from placement without authorisation period without an end date.',
    tables: ['Episodes', 'Missing'],
    fields: ['MIS_END'],
    check: (ctx) => {
      if (!ctx.has('Episodes', 'Missing')) return {}
      const pocs = periodsOfCare(ctx)
      const start = ctx.dates('Missing', 'MIS_START')
      const end = ctx.dates('Missing', 'MIS_END')
      return where(ctx, 'Missing', (r, i) => {
        const s = start[i] as number
        if (Number.isNaN(s)) return false
        const list = pocs.get(r['CHILD'] ?? '')
        if (list === undefined || list.length === 0) return false
        const e = end[i] as number
        const open = Number.isNaN(e)
        return list.every((p) => (open && !Number.isNaN(p.end)) || (open && s < p.start) || e > p.end || e < p.start)
      })
    },
  }),
]

const blank = (r: Row, c: string): boolean => (r[c] ?? null) === null

missingRules.push(
  rule({
    code: '564',
    message: 'Child was missing or away from placement without authorisation and the date started is blank.',
    tables: ['Missing'],
    fields: ['MISSING', 'MIS_START'],
    check: (ctx) => where(ctx, 'Missing', (r) => (r['MISSING'] === 'M' || r['MISSING'] === 'A') && blank(r, 'MIS_START')),
  }),
  rule({
    code: '565',
    message:
      'The date that the child started to be missing or away from placement without authorisation has been completed but whether the child was missing or away from placement without authorisation has not been completed.',
    tables: ['Missing'],
    fields: ['MISSING', 'MIS_START'],
    check: (ctx) => where(ctx, 'Missing', (r) => !blank(r, 'MIS_START') && blank(r, 'MISSING')),
  }),
  rule({
    code: '566',
    message:
      "The date that the child's episode of being missing or away from placement without authorisation ended has been completed but whether the child was missing or away without authorisation has not been completed.",
    tables: ['Missing'],
    fields: ['MISSING', 'MIS_END'],
    check: (ctx) => where(ctx, 'Missing', (r) => !blank(r, 'MIS_END') && blank(r, 'MISSING')),
  }),
  rule({
    code: '567',
    message:
      'The date that the missing episode or episode that the child was away from placement without authorisation ended is before the date that it started.',
    tables: ['Missing'],
    fields: ['MIS_START', 'MIS_END'],
    check: (ctx) => {
      const start = ctx.dates('Missing', 'MIS_START')
      const end = ctx.dates('Missing', 'MIS_END')
      return where(ctx, 'Missing', (_r, i) => (start[i] as number) > (end[i] as number))
    },
  }),
  rule({
    code: '570',
    message: 'The date that the child started to be missing or away from placement without authorisation is after the end of the collection year.',
    tables: ['Missing'],
    fields: ['MIS_START'],
    check: (ctx) => {
      const start = ctx.dates('Missing', 'MIS_START')
      return where(ctx, 'Missing', (_r, i) => (start[i] as number) > ctx.end)
    },
  }),
)

missingRules.push(
  rule({
    code: '580',
    message: 'Child is missing when cease being looked after but reason episode ceased not ‘E8’.',
    tables: ['Episodes', 'Missing'],
    fields: ['REC'],
    check: (ctx) => {
      if (!ctx.has('Episodes', 'Missing')) return {}
      const dec = ctx.dates('Episodes', 'DEC')
      const end = ctx.dates('Missing', 'MIS_END')
      const dob = ctx.dates('Missing', 'DOB')
      const missing = ctx.byChild('Missing')
      // Care ended on the 18th birthday, the day a missing period ended, for a reason other than E8.
      return where(
        ctx,
        'Episodes',
        (r, i) =>
          ne(r['REC'] ?? null, 'E8') &&
          (missing.get(r['CHILD'] ?? '') ?? []).some((m) => addYears(dob[m] as number, 18) === (end[m] as number) && (end[m] as number) === (dec[i] as number)),
      )
    },
  }),
)

missingRules.push(
  rule({
    code: '575',
    message:
      'If the placement from which the child goes missing/away from placement without authorisation ends, the missing/away from placement without authorisation period in the missing module must also have an end date.',
    tables: ['Episodes', 'Missing'],
    fields: ['MIS_END'],
    // An open missing period that started within an episode which has ended (both ends inclusive);
    // a DEC that is no date never ends an episode.
    check: (ctx) =>
      againstEpisodes(ctx, (r, s, list, decom, dec) => blank(r, 'MIS_END') && (list ?? []).some((e) => s >= (decom[e] as number) && s <= (dec[e] as number))),
  }),
)
