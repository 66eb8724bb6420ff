/**
 * Care leaver information (OC3) against the episodes of this year and last (1001, 1002, 1010): only a
 * child who was looked after, long enough after the 14th and 16th birthdays and not adopted, is a
 * care leaver. The validator sees two years of episodes only, so these say what those two show.
 */
import type { ReturnContext } from '../context.ts'
import { addYears, parseDmy } from '../dates.ts'
import { codes, isIn, rule } from '../shared.ts'
import type { Cell, DfeRule, Flags, Row } from '../types.ts'
import { hasBoth } from './previous-shared.ts'
import { lastChildren } from './previous-year-episodes.ts'

interface Episode {
  child: string
  decom: number
  dec: number
  ls: Cell
  rec: Cell
}

const ADOPTED = codes('E11', 'E12')
const NOT_IN_CARE = codes('V3', 'V4')
const FIELDS = ['IN_TOUCH', 'ACTIV', 'ACCOM']

const episodeOf = (r: Row): Episode => ({
  child: r['CHILD'] ?? '',
  decom: parseDmy(r['DECOM'] ?? null),
  dec: parseDmy(r['DEC'] ?? null),
  ls: r['LS'] ?? null,
  rec: r['REC'] ?? null,
})

/**
 * Both years' episodes by child, an episode in both years once (the one with an end date, as the
 * validator keeps the earliest DEC, blank last), each child's latest open one ended on 31 March.
 */
function twoYearsOfEpisodes(ctx: ReturnContext): Map<string, { episodes: Episode[]; latest: Episode }> {
  const all = [...ctx.rows('Episodes'), ...(ctx.previous?.Episodes?.rows ?? [])].filter((r) => (r['CHILD'] ?? null) !== null).map(episodeOf)
  // Stable: equal DECs keep this year's first.
  all.sort((a, b) => (Number.isNaN(a.dec) ? (Number.isNaN(b.dec) ? 0 : 1) : Number.isNaN(b.dec) ? -1 : a.dec - b.dec))
  const seen = new Set<string>()
  const out = new Map<string, { episodes: Episode[]; latest: Episode }>()
  for (const e of all) {
    const key = `${e.child}|${e.decom}`
    if (seen.has(key)) continue
    seen.add(key)
    const held = out.get(e.child)
    if (held === undefined) out.set(e.child, { episodes: [e], latest: e })
    else {
      held.episodes.push(e)
      if (Number.isNaN(held.latest.decom) || e.decom > held.latest.decom) held.latest = e
    }
  }
  for (const { latest } of out.values()) if (Number.isNaN(latest.dec) && !Number.isNaN(latest.decom)) latest.dec = ctx.end
  return out
}

/** Days in care from a birthday on (0 when the episode ended before it; none when it has no end). */
const daysFrom = (e: Episode, birthday: number): number => (Number.isNaN(e.dec) ? 0 : Math.max(0, e.dec - (e.decom > birthday ? e.decom : birthday)))

/** The OC3 rows whose child `flag` picks. */
const oc3Where = (ctx: ReturnContext, flag: (child: Cell) => boolean): Flags => {
  const out: number[] = []
  ctx.rows('OC3').forEach((r, i) => {
    if (flag(r['CHILD'] ?? null)) out.push(i)
  })
  return { OC3: out }
}

export const careLeaverRules: DfeRule[] = [
  rule({
    code: '1001',
    message:
      "The episodes recorded for this young person suggest they are not a relevant or a former relevant child and therefore should not have care leaver information completed. [NOTE: This tool can only test the current and previous year data loaded into the tool - this check may generate false positives if a child had episodes prior to last year's collection.]",
    tables: ['OC3'],
    fields: FIELDS,
    previousYear: true,
    check: (ctx: ReturnContext): Flags => {
      if (!hasBoth(ctx, 'Episodes') || !ctx.has('OC3', 'Header')) return {}
      if ([ctx.rows('Episodes'), ctx.rows('OC3'), ctx.rows('Header'), ctx.previous?.Episodes?.rows ?? []].some((r) => r.length === 0)) return {}
      const episodes = twoYearsOfEpisodes(ctx)
      // Care after the 14th birthday (91 days or more) and after the 16th (a day or more), summed
      // over the child's header rows as the validator's merge does. A child 20 or older on 31 March
      // is judged on no care (the validator's choice: two years of episodes cannot show care after
      // 14, and the message's note says it may flag a child whose care was before last year).
      const valid = new Set<string>()
      let anyCare = false
      for (const [child, rows] of ctx.byChild('Header')) {
        let after14 = 0
        let after16 = 0
        for (const i of rows) {
          const dob = parseDmy(ctx.rows('Header')[i]?.['DOB'] ?? null)
          if (Number.isNaN(dob) || addYears(dob, 20) <= ctx.end) continue
          for (const e of episodes.get(child)?.episodes ?? []) {
            if (isIn(e.ls, NOT_IN_CARE)) continue
            anyCare = true
            after14 += daysFrom(e, addYears(dob, 14))
            after16 += daysFrom(e, addYears(dob, 16))
          }
        }
        if (after14 >= 91 && after16 >= 1) valid.add(child)
      }
      if (!anyCare) return { OC3: [] }
      return oc3Where(ctx, (child) => child === null || !valid.has(child) || isIn(episodes.get(child)?.latest.rec ?? null, ADOPTED))
    },
  }),
  rule({
    code: '1002',
    message:
      "This child has no previous episodes of care, therefore should not have care leaver information recorded. [NOTE: This tool can only test the current and previous year data loaded into the tool - this check may generate false positives if a child had episodes prior to last year's collection.]",
    tables: ['OC3'],
    fields: FIELDS,
    previousYear: true,
    check: (ctx: ReturnContext): Flags => {
      if (!hasBoth(ctx, 'Episodes') || !ctx.has('OC3')) return {}
      const now = new Set(ctx.rows('Episodes').map((r) => r['CHILD'] ?? null))
      const last = lastChildren(ctx, 'Episodes')
      return oc3Where(ctx, (child) => !now.has(child) && !last.has(child))
    },
  }),
  rule({
    code: '1010',
    message:
      'This child has no episodes loaded for current year even though there was an open episode of care at the end of the previous year, and care leaver data has been entered.',
    tables: ['OC3'],
    fields: FIELDS,
    previousYear: true,
    check: (ctx: ReturnContext): Flags => {
      if (!hasBoth(ctx, 'Episodes') || !ctx.has('OC3')) return {}
      // Last year's latest-starting episode of each child (the later row on a tie), when its DEC is blank.
      const latest = new Map<Cell, { decom: number; open: boolean }>()
      for (const r of ctx.previous?.Episodes?.rows ?? []) {
        const decom = parseDmy(r['DECOM'] ?? null)
        if (Number.isNaN(decom)) continue
        const child = r['CHILD'] ?? null
        const held = latest.get(child)
        if (held === undefined || decom >= held.decom) latest.set(child, { decom, open: (r['DEC'] ?? null) === null })
      }
      const now = new Set(ctx.rows('Episodes').map((r) => r['CHILD'] ?? null))
      return oc3Where(ctx, (child) => !now.has(child) && latest.get(child)?.open === true)
    },
  }),
]
