/**
 * The source side of the validator comparison: a generated authority's full 903 history as a council's
 * case-management system would hold it, and that history cut to a collection year as it stood on 31
 * March, written as the DfE's CSV set by a writer of its own (nothing of the export's code).
 *
 * The demo generator makes headers and episodes; the other tables are made here from them, simply and
 * deterministically: reviews through each period of care, a few missing episodes, social workers
 * covering each period, decisions to place for adoption and AD1 for adopted children, previous
 * permanence for each child's latest period; and what the youth justice service and the health trust
 * hold (convictions, substance misuse with its interventions), which the comparison posts through
 * their own routes and writes into the source's OC2 by the DfE's guidance (oc2Source).
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { ChildHeader, Episode } from '../../src/domain/care-history/types.ts'
import { addDays, addMonths, addYears, collectionYearBounds } from '../../src/domain/dates/calendar.ts'
import { createRandom } from '../demo/generator/index.ts'
import type { DemoChild, Random } from '../demo/generator/index.ts'

export interface SourceChild {
  header: ChildHeader
  episodes: Episode[]
  mother: string | null
  reviews: Array<{ date: string; code: string }>
  missing: Array<{ type: string; start: string; end: string | null }>
  workers: Array<{ id: string; start: string; end: string | null; reason: string }>
  placed: Array<{ date: string; ceased: string | null; reason: string | null }>
  adoption: { dateInt: string; dateMatch: string } | null
  prevPerm: { code: string; la: string | null; date: string | null } | null
  /** The youth justice service's: convictions and youth cautions, from the 10th birthday. */
  convictions: Array<{ id: string; date: string }>
  /** The health trust's: substance misuse problems and what came of them (dates up to the extract's last day). */
  substanceMisuse: Array<{ id: string; identified: string; received: string | null; refused: string | null }>
}

const minDate = (a: string, b: string) => (a < b ? a : b)
const maxDate = (a: string, b: string) => (a > b ? a : b)

/** Periods of care: runs of episodes joined by X1 with the next starting the day the last ended. */
function periods(episodes: readonly Episode[]): Episode[][] {
  const out: Episode[][] = []
  for (const e of [...episodes].sort((a, b) => (a.startDate < b.startDate ? -1 : 1))) {
    const last = out.at(-1)?.at(-1)
    if (last !== undefined && last.reasonEnded === 'X1' && last.endDate === e.startDate) out.at(-1)?.push(e)
    else out.push([e])
  }
  return out
}

/** The other tables of each child, up to the extract's last day. */
export function sourceChildren(children: readonly DemoChild[], seed: number, lastDay: string): SourceChild[] {
  const random = createRandom(`903-tables-${seed}`)
  // A stream of its own, so the other tables of a seed are as they were before these were added.
  const partners = createRandom(`903-partners-${seed}`)
  let worker = 0
  return children.map((c) => {
    const h = c.header
    const s: SourceChild = {
      header: h,
      episodes: c.episodes,
      mother: null,
      reviews: [],
      missing: [],
      workers: [],
      placed: [],
      adoption: null,
      prevPerm: null,
      convictions: [],
      substanceMisuse: [],
    }
    if (h.sex === 'F' || h.sex === '2') s.mother = '0'
    for (const p of periods(c.episodes)) {
      const first = p[0] as Episode
      const last = p.at(-1) as Episode
      const start = first.startDate
      const end = last.endDate ?? lastDay
      const shortBreaks = p.every((e) => e.legalStatus === 'V3' || e.legalStatus === 'V4')
      if (!shortBreaks) {
        // Reviews: 20 days in, 3 months later, then every 6 months.
        for (let d = addDays(start, 20), n = 0; d <= end; d = addMonths(d, n === 0 ? 3 : 6), n++) {
          s.reviews.push({ date: d, code: addYears(h.dateOfBirth, 4) > d ? 'PN0' : 'PN1' })
        }
        // Missing: now and then for children over 11, a day or three, within the period.
        for (let d = addDays(start, random.int(30, 400)); d < end; d = addDays(d, random.int(120, 700))) {
          if (addYears(h.dateOfBirth, 11) > d || !random.chance(0.3)) continue
          const until = addDays(d, random.int(1, 3))
          s.missing.push({ type: random.chance(0.5) ? 'M' : 'A', start: d, end: until <= lastDay ? minDate(until, end) : null })
        }
      }
      // Social workers: one from the start, a change every 6 to 18 months, the last ending with the period.
      let from = start
      let reason = 'MANAGE'
      for (;;) {
        const until = addMonths(from, random.int(6, 18))
        worker++
        const id = `SW${String(1000 + (worker % 400))}`
        if (until >= end) {
          s.workers.push({ id, start: from, end: last.endDate, reason })
          break
        }
        s.workers.push({ id, start: from, end: until, reason })
        from = until
        reason = random.chance(0.5) ? 'LEFTRL' : 'ORGRST'
      }
      // Placed for adoption: from the first placement order or adoptive placement of the period.
      const adoptive = p.find((e) => e.legalStatus === 'E1' || ['A3', 'A4', 'A5', 'A6'].includes(e.placementType))
      if (adoptive !== undefined) {
        const decided = adoptive.startDate
        const adopted = last.reasonEnded === 'E11' || last.reasonEnded === 'E12'
        const ceased = last.endDate !== null && !adopted ? last.endDate : null
        s.placed.push({ date: decided, ceased, reason: ceased === null ? null : 'RD1' })
        if (adopted) s.adoption = { dateInt: decided, dateMatch: minDate(addDays(decided, random.int(10, 60)), last.endDate ?? decided) }
      }
      if (!shortBreaks) partnerRecords(s, start, end, lastDay, partners)
      if (first.reasonNewEpisode === 'S') {
        s.prevPerm = random.chance(0.85) ? { code: 'Z1', la: null, date: null } : { code: 'P4', la: '372', date: addYears(start, -random.int(1, 4)) }
      }
    }
    return s
  })
}

/**
 * Convictions from the 10th birthday and substance misuse from the 11th, now and then within a period
 * of care; an intervention received, refused, refused and later received, or neither; a date after the
 * extract's last day is not yet known.
 */
function partnerRecords(s: SourceChild, start: string, end: string, lastDay: string, random: Random): void {
  const dob = s.header.dateOfBirth
  const id = s.header.childId
  const within = (d: string) => d < end && d <= lastDay
  for (let d = addDays(maxDate(start, addYears(dob, 10)), random.int(20, 300)); within(d); d = addDays(d, random.int(90, 600))) {
    if (random.chance(0.2)) s.convictions.push({ id: `YJ-${id}-${s.convictions.length + 1}`, date: d })
  }
  for (let d = addDays(maxDate(start, addYears(dob, 11)), random.int(20, 400)); within(d); d = addDays(d, random.int(150, 700))) {
    if (!random.chance(0.25)) continue
    const later = (from: string, max: number) => {
      const x = addDays(from, random.int(1, max))
      return x <= lastDay ? x : null
    }
    const outcome = random.int(0, 3)
    const refused = outcome === 1 || outcome === 2 ? later(d, 40) : null
    const received = outcome === 0 ? later(d, 90) : outcome === 2 && refused !== null ? later(refused, 120) : null
    s.substanceMisuse.push({ id: `SM-${id}-${s.substanceMisuse.length + 1}`, identified: d, received, refused })
  }
}

/**
 * The source's OC2: the export's rows (its cohort and the health facts the demo store's partner
 * records give), with CONVICTED, SUBSTANCE_MISUSE and the INTERVENTION fields written here from the
 * source's own convictions and substance misuse, as the DfE's guidance reads them: over the year to 31
 * March; CONVICTED for 10 and over only; INTERVENTION_RECEIVED only after SUBSTANCE_MISUSE 1, and
 * INTERVENTION_OFFERED (offered and refused) only after INTERVENTION_RECEIVED 0. A service that holds
 * nothing at all answers nothing (blank).
 */
export function oc2Source(exportedOc2: string, children: readonly SourceChild[], year: number): string {
  const { start, end } = collectionYearBounds(year)
  const byId = new Map(children.map((c) => [c.header.childId, c]))
  const anyConviction = children.some((c) => c.convictions.length > 0)
  const anyMisuse = children.some((c) => c.substanceMisuse.length > 0)
  const [head = '', ...lines] = exportedOc2.split('\r\n').filter((l) => l !== '')
  const columns = head.split(',')
  const at = (name: string) => columns.indexOf(name)
  const flag = (b: boolean) => (b ? '1' : '0')
  const rows = lines.map((line) => {
    const cells = line.split(',')
    const c = byId.get(cells[0] as string)
    if (c === undefined) throw new Error(`oc2.csv: child ${cells[0]} is not in the source`)
    const inYear = (d: string | null) => d !== null && d >= start && d <= end
    const tenOrOver = addYears(c.header.dateOfBirth, 10) <= end
    cells[at('CONVICTED')] = anyConviction && tenOrOver ? flag(c.convictions.some((x) => inYear(x.date))) : ''
    const problems = c.substanceMisuse.filter((m) => inYear(m.identified))
    const received = problems.some((m) => m.received !== null && m.received <= end)
    const refused = problems.some((m) => m.refused !== null && m.refused <= end)
    cells[at('SUBSTANCE_MISUSE')] = anyMisuse ? flag(problems.length > 0) : ''
    cells[at('INTERVENTION_RECEIVED')] = problems.length > 0 ? flag(received) : ''
    cells[at('INTERVENTION_OFFERED')] = problems.length > 0 && !received ? flag(refused) : ''
    return cells.join(',')
  })
  return [head, ...rows].join('\r\n') + '\r\n'
}

// --- The CSV set ----------------------------------------------------------------------------------

const d = (iso: string | null): string => (iso === null ? '' : `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`)
const cell = (v: string | number | null): string => {
  const t = v === null ? '' : String(v)
  return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t
}
const file = (columns: string, rows: Array<Array<string | number | null>>): string => [columns, ...rows.map((r) => r.map(cell).join(','))].join('\r\n') + '\r\n'

/** Cut to a day: what began after it is not there; what ended after it was still open on it. */
const asOf = (lastDay: string, end: string | null): string | null => (end !== null && end > lastDay ? null : end)

/**
 * The year's CSV set as it stood on 31 March: episodes open at some point in the year (the return's
 * definition), everything else as it stood that day (rows begun by then, ends after it blank); the
 * children with an episode in the year, and those of `alsoChildren` (the export's OC3 care leavers).
 * OC2 and OC3 are the export's (the source holds none: the service derives them), given as files.
 * With year null, every row as held (the full history to load).
 */
export function sourceFiles(
  children: readonly SourceChild[],
  year: number | null,
  extra: { oc2?: string; oc3?: string; alsoChildren?: ReadonlySet<string> } = {},
): Record<string, string> {
  const bounds = year === null ? null : collectionYearBounds(year)
  const to = bounds?.end ?? '9999-12-31'
  const rows: Record<string, Array<Array<string | number | null>>> = {}
  const push = (name: string, row: Array<string | number | null>) => (rows[name] ??= []).push(row)
  for (const c of children) {
    const h = c.header
    const episodes = c.episodes.filter((e) => bounds === null || (e.startDate <= bounds.end && (e.endDate === null || e.endDate >= bounds.start)))
    if (episodes.length === 0 && !(extra.alsoChildren?.has(h.childId) ?? false)) continue
    const dob = d(h.dateOfBirth)
    push('header.csv', [h.childId, h.sex, dob, h.ethnicity, h.upn, c.mother, ''])
    if (h.uasc || h.uascCeasedOn !== null) push('uasc.csv', [h.childId, h.sex, dob, d(h.uascCeasedOn)])
    for (const e of episodes) {
      const ended = asOf(to, e.endDate) !== null
      push('episodes.csv', [
        h.childId,
        d(e.startDate),
        e.reasonNewEpisode,
        e.legalStatus,
        e.categoryOfNeed,
        e.placementType,
        e.placementProvider,
        ended ? d(e.endDate) : '',
        ended ? e.reasonEnded : '',
        ended ? e.reasonPlaceChange : '',
        e.homePostcode,
        e.placementPostcode,
        e.urn,
      ])
    }
    if (episodes.length === 0) continue
    for (const r of c.reviews) if (r.date <= to) push('reviews.csv', [h.childId, dob, d(r.date), r.code])
    for (const m of c.missing) if (m.start <= to) push('missing.csv', [h.childId, dob, m.type, d(m.start), d(asOf(to, m.end))])
    for (const w of c.workers) if (w.start <= to) push('sw_episodes.csv', [h.childId, dob, w.id, d(w.start), d(asOf(to, w.end)), w.reason])
    for (const p of c.placed) {
      if (p.date > to) continue
      const ceased = asOf(to, p.ceased)
      push('placed_for_adoption.csv', [h.childId, dob, d(p.date), d(ceased), ceased === null ? null : p.reason])
    }
    const a = c.adoption
    if (
      a !== null &&
      a.dateMatch <= to &&
      c.episodes.some((e) => e.endDate !== null && e.endDate <= to && (e.reasonEnded === 'E11' || e.reasonEnded === 'E12'))
    ) {
      push('ad1.csv', [h.childId, dob, d(a.dateInt), d(a.dateMatch), '0', '2', 'MF', 'L11'])
    }
    const p = c.prevPerm
    if (p !== null && c.episodes.some((e) => e.reasonNewEpisode === 'S' && e.startDate <= to))
      push('previous_permanence.csv', [h.childId, dob, p.code, p.la, d(p.date)])
  }
  const out: Record<string, string> = {
    'header.csv': file('CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB', rows['header.csv'] ?? []),
    'episodes.csv': file('CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN', rows['episodes.csv'] ?? []),
    'uasc.csv': file('CHILD,SEX,DOB,DUC', rows['uasc.csv'] ?? []),
    'reviews.csv': file('CHILD,DOB,REVIEW,REVIEW_CODE', rows['reviews.csv'] ?? []),
    'missing.csv': file('CHILD,DOB,MISSING,MIS_START,MIS_END', rows['missing.csv'] ?? []),
    'ad1.csv': file('CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR', rows['ad1.csv'] ?? []),
    'placed_for_adoption.csv': file('CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED', rows['placed_for_adoption.csv'] ?? []),
    'previous_permanence.csv': file('CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM', rows['previous_permanence.csv'] ?? []),
    'sw_episodes.csv': file('CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON', rows['sw_episodes.csv'] ?? []),
  }
  if (extra.oc2 !== undefined) out['oc2.csv'] = extra.oc2
  if (extra.oc3 !== undefined) out['oc3.csv'] = extra.oc3
  return out
}

/** The files of a folder whose names end so (a 903 CSV set, or the XML return), by name, in name order. */
export function filesIn(dir: string, ending: '.csv' | '.xml'): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f.endsWith(ending))
      .sort()
      .map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]),
  )
}
