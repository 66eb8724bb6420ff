/**
 * Rules that compare the return with the previous collection year's (the validator's `*_last`
 * tables): a child's fixed facts must not change between years, and the first episode of the year
 * must continue the episode left open at the end of the last. Without the previous year's return
 * they flag nothing, as the validator skips them.
 */
import { addYears, parseDmy } from '../dates.ts'
import type { ReturnContext } from '../context.ts'
import { codes, isIn, rule, uascChildren } from '../shared.ts'
import type { Cell, DfeRule, Flags, Row } from '../types.ts'
import { hasBoth, headerChanged, previousByChild, sameDate } from './previous-shared.ts'

const same = (a: Cell, b: Cell): boolean => a === b

/**
 * Sex as coded in the year: 2023-24 used 1 and 2, 2024-25 M, F and U. A 1 last year and M this year
 * is the same child's same sex, not a change (the validator compares the codes as written and would
 * flag every child in the first year of the new codes; the DfE's change of coding is not a change of
 * the child's record).
 */
const sexIn2025Codes = (v: Cell): Cell => (v === '1' ? 'M' : v === '2' ? 'F' : v)

const UN2_TO_5 = codes('UN2', 'UN3', 'UN4', 'UN5')
const UN_CODES = codes('UN1', 'UN2', 'UN3', 'UN4', 'UN5')

/**
 * 208's allowed UPN changes: from UN1 (or none) to another unknown reason (UN2-UN5), and from unknown
 * (or none) to a real UPN; a change between two real UPNs, or from a real one back to unknown, is not.
 */
function upnChanged(now: Cell, last: Cell): boolean {
  if (now === last) return false
  const allowedUnknown = (last === 'UN1' || last === null) && isIn(now, UN2_TO_5)
  const becameKnown = (last === null || isIn(last, UN_CODES)) && !(now === null || isIn(now, UN_CODES))
  return !allowedUnknown && !becameKnown
}

/** Each child's row with the earliest (first: true) or latest DECOM that is a date (the first such row on a tie). */
function extremeEpisode(rows: readonly Row[], list: readonly number[], first: boolean): number {
  let best = -1
  let bestDay = NaN
  for (const i of list) {
    const d = parseDmy((rows[i] as Row)['DECOM'] ?? null)
    if (Number.isNaN(d)) continue
    if (best < 0 || (first ? d < bestDay : d > bestDay)) {
      best = i
      bestDay = d
    }
  }
  return best
}

/** Each child's first episode of this year (row index), for the children with one. */
function firstEpisodes(ctx: ReturnContext): Map<string, number> {
  return ctx.once('firstEpisodes', () => {
    const rows = ctx.rows('Episodes')
    const out = new Map<string, number>()
    for (const [child, list] of ctx.byChild('Episodes')) {
      const i = extremeEpisode(rows, list, true)
      if (i >= 0) out.set(child, i)
    }
    return out
  })
}

/** Each child's last episode of last year (the latest start), when it is open (no DEC that is a date). */
function openLastEpisodes(ctx: ReturnContext): Map<string, Row> {
  return ctx.once('openLastEpisodes', () => {
    const out = new Map<string, Row>()
    for (const [child, list] of previousByChild(ctx, 'Episodes')) {
      const i = extremeEpisode(
        list,
        list.map((_r, k) => k),
        false,
      )
      const last = list[i]
      if (last !== undefined && Number.isNaN(parseDmy(last['DEC'] ?? null))) out.set(child, last)
    }
    return out
  })
}

/** Placement types that replace one which stopped, so last year's open episode may carry the old one. */
const RECODED_PLACEMENTS: Record<number, ReadonlyArray<[string, ReadonlySet<string>]>> = {
  // As the DfE's 503D: H5 to K3 is allowed from 2023-24 (the year before K3 starts) too.
  2024: [['H5', codes('K3')]],
  2025: [['H5', codes('K3')]],
  2026: [['Z1', codes('Z11', 'Z12', 'Z13', 'Z14')]],
}

/** 503A-503F: the year's first episode must carry on last year's open last episode. */
function continues(code: string, field: string, message: string): DfeRule {
  return rule({
    code,
    message,
    tables: ['Episodes'],
    fields: [field],
    previousYear: true,
    check: (ctx: ReturnContext): Flags => {
      if (!hasBoth(ctx, 'Episodes')) return {}
      const open = openLastEpisodes(ctx)
      const rows = ctx.rows('Episodes')
      const recoded = field === 'PLACE' ? (RECODED_PLACEMENTS[ctx.year] ?? []) : []
      const out: number[] = []
      for (const [child, i] of firstEpisodes(ctx)) {
        const last = open.get(child)
        if (last === undefined) continue
        const now = (rows[i] as Row)[field] ?? null
        const before = last[field] ?? null
        if (same(now, before) || recoded.some(([old, next]) => before === old && isIn(now, next))) continue
        out.push(i)
      }
      return { Episodes: out.sort((a, b) => a - b) }
    },
  })
}

const header = (code: string, message: string, field: string, differs: (now: Row, last: Row) => boolean): DfeRule =>
  rule({ code, message, tables: ['Header'], fields: [field], previousYear: true, check: (ctx) => headerChanged(ctx, differs) })

export const previousYearRules: DfeRule[] = [
  header('202', 'The gender code conflicts with the gender already recorded for this child.', 'SEX', (now, last) => {
    return !same(sexIn2025Codes(now['SEX'] ?? null), sexIn2025Codes(last['SEX'] ?? null))
  }),
  header(
    '203',
    'Date of birth disagrees with the date of birth already recorded for this child.',
    'DOB',
    (now, last) => !sameDate(now['DOB'] ?? null, last['DOB'] ?? null),
  ),
  header(
    '204',
    'Ethnic origin code disagrees with the ethnic origin already recorded for this child.',
    'ETHNIC',
    (now, last) => !same(now['ETHNIC'] ?? null, last['ETHNIC'] ?? null),
  ),
  header(
    '208',
    'Unique Pupil Number (UPN) for the current year disagrees with the Unique Pupil Number (UPN) already recorded for this child.',
    'UPN',
    (now, last) => upnChanged(now['UPN'] ?? null, last['UPN'] ?? null),
  ),
  rule({
    code: '502',
    message:
      "Last year's record ended with an open episode. The date on which that episode started does not match the start date of the first episode on this year’s record.",
    tables: ['Episodes'],
    fields: ['DECOM'],
    previousYear: true,
    check: (ctx: ReturnContext): Flags => {
      if (!hasBoth(ctx, 'Episodes')) return {}
      const rows = ctx.rows('Episodes')
      const last = previousByChild(ctx, 'Episodes')
      const out: number[] = []
      // Against every episode last year left open (DEC blank as written), not only the latest.
      for (const [child, i] of firstEpisodes(ctx)) {
        const decom = parseDmy((rows[i] as Row)['DECOM'] ?? null)
        const open = (last.get(child) ?? []).filter((l) => (l['DEC'] ?? null) === null)
        if (open.some((l) => parseDmy(l['DECOM'] ?? null) !== decom)) out.push(i)
      }
      return { Episodes: out.sort((a, b) => a - b) }
    },
  }),
  continues('503A', 'RNE', 'The reason for new episode in the first episode does not match open episode at end of last year.'),
  continues('503B', 'LS', 'The legal status in the first episode does not match open episode at end of last year.'),
  continues('503C', 'CIN', 'The category of need in the first episode does not match open episode at end of last year.'),
  continues('503D', 'PLACE', 'The placement type in the first episode does not match open episode at end of last year'),
  continues('503E', 'PLACE_PROVIDER', 'The placement provider in the first episode does not match open episode at end of last year.'),
  continues('503F', 'URN', 'The Ofsted URN in the  first episode does not match open episode at end of last year.'),
]

previousYearRules.push(
  rule({
    code: '205B',
    message: 'Child previously identified as UASC is also UASC this year, but date UASC ceased in both years does not support this.',
    tables: ['UASC', 'Header'],
    fields: ['DUC', 'UASC'],
    previousYear: true,
    check: (ctx: ReturnContext): Flags => {
      const previous = ctx.previous
      if (previous === null || !ctx.has('UASC', 'Header') || previous.UASC === undefined || previous.Header === undefined) return {}
      const now = uascChildren(ctx.tables)
      const before = uascChildren(previous)
      const lastUasc = previousByChild(ctx, 'UASC')
      const duc = ctx.dates('UASC', 'DUC')
      const headers = ctx.byChild('Header')
      const uasc: number[] = []
      const header: number[] = []
      // UASC both years: last year's DUC must be the 18th birthday, and this year's DUC within the
      // year or the same day as last year's.
      ctx.rows('UASC').forEach((r, i) => {
        const child = r['CHILD'] ?? ''
        if (!now.has(child) || !before.has(child)) return
        const d = duc[i] as number
        const wrong = (lastUasc.get(child) ?? []).some((l) => {
          const lastDuc = parseDmy(l['DUC'] ?? null)
          const eighteenth = addYears(parseDmy(l['DOB'] ?? null), 18)
          const inYear = d >= ctx.start && d <= ctx.end
          return (!inYear && d !== lastDuc) || lastDuc !== eighteenth
        })
        if (!wrong) return
        uasc.push(i)
        header.push(...(headers.get(child) ?? []))
      })
      return { UASC: uasc, Header: header }
    },
  }),
)
