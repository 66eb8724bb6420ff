/**
 * The virtual school's returns for a child's periods of care (5c records): termly PEPs, termly
 * attendance, suspensions and the odd permanent exclusion, and results at the end of Reception (EYFS),
 * Year 6 (KS2) and Year 11 (KS4). Only dates inside the extract and inside a period of care are made.
 *
 * - PEPs: about 80% of school-age admissions have their first within 20 working days; after that a
 *   completed PEP in about 90% of the terms in care (a few drafts besides).
 * - Attendance for each term that ended in care, Years 1-11: most children about 95%, about 15%
 *   persistently absent (about 80%).
 * - Suspensions: about one child in seven is prone to them, a few a year, half a day to five days each;
 *   about one in ten of the school-age children in care is suspended in a year.
 * - Results: about 45% reach a good level of development, about 45% reach the expected standard in
 *   each KS2 subject together, KS4 Attainment 8 about 22 (English and maths 4+ for about a fifth).
 */
import { ageOnDay } from './care-period.ts'
import { civilDay, iso, plusWorkingDays } from './days.ts'
import type { Random } from './random.ts'
import type { DemoAttainment, DemoAttendance, DemoExclusion, DemoPep } from './types.ts'

export interface EducationContext {
  random: Random
  childId: string
  birthdays: readonly number[]
  windowStart: number
  endDay: number
  nextId: (kind: 'PEP' | 'ATT' | 'EXC' | 'RES') => string
}

export interface DemoEducation {
  peps: DemoPep[]
  attendance: DemoAttendance[]
  exclusions: DemoExclusion[]
  attainment: DemoAttainment[]
}

type Term = DemoAttendance['term']
const TERMS: readonly Term[] = ['autumn', 'spring', 'summer']
/** Possible sessions in a whole term (two a school day). */
const SESSIONS: Record<Term, number> = { autumn: 140, spring: 114, summer: 126 }

function termBounds(year: number, term: Term): { start: number; end: number } {
  if (term === 'autumn') return { start: civilDay(year, 9, 1), end: civilDay(year, 12, 31) }
  if (term === 'spring') return { start: civilDay(year + 1, 1, 1), end: civilDay(year + 1, 3, 31) }
  return { start: civilDay(year + 1, 4, 1), end: civilDay(year + 1, 8, 31) }
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x))

export function educationFor(ctx: EducationContext, periods: ReadonlyArray<{ start: number; end: number }>): DemoEducation {
  const { random, childId, birthdays, windowStart, endDay } = ctx
  const out: DemoEducation = { peps: [], attendance: [], exclusions: [], attainment: [] }
  /** National curriculum year in the academic year starting in `year` (5c). */
  const ncy = (year: number) => ageOnDay(birthdays, civilDay(year, 8, 31)) - 4
  const yearOf = (day: number) => {
    const y = Number(iso(day).slice(0, 4))
    return day >= civilDay(y, 9, 1) ? y : y - 1
  }
  const persistent = random.chance(0.15)
  const usual = persistent ? random.normal(0.8, 0.06) : random.normal(0.955, 0.025)
  const prone = random.chance(0.15)
  const ability = random.normal(0, 1)

  for (const period of periods) {
    const last = Math.min(period.end - 1, endDay)
    const from = Math.max(period.start, windowStart)
    if (from > last) continue
    const inCare = (day: number) => day >= from && day <= last

    // First PEP after an admission of a school-age child.
    const admittedYear = yearOf(period.start)
    let firstPepDay = -1
    if (period.start >= windowStart && ncy(admittedYear) >= 0 && ncy(admittedYear) <= 11) {
      const day = random.chance(0.8) ? plusWorkingDays(period.start, random.int(3, 20)) : plusWorkingDays(period.start, random.int(21, 40))
      if (inCare(day)) {
        out.peps.push({ recordId: ctx.nextId('PEP'), childId, date: iso(day), status: 'completed', kind: 'initial' })
        firstPepDay = day
      }
    }

    for (let year = yearOf(from); year <= yearOf(last); year++) {
      const nc = ncy(year)
      if (nc < 0 || nc > 11) continue
      for (const term of TERMS) {
        const { start, end } = termBounds(year, term)
        const s = Math.max(start, from)
        const e = Math.min(end, last)
        if (s > e) continue
        // A termly PEP, unless the initial one fell in this term.
        if (!(firstPepDay >= start && firstPepDay <= end)) {
          const day = random.int(s, e)
          if (random.chance(0.9)) out.peps.push({ recordId: ctx.nextId('PEP'), childId, date: iso(day), status: 'completed', kind: 'review' })
          else if (random.chance(0.3)) out.peps.push({ recordId: ctx.nextId('PEP'), childId, date: iso(day), status: 'draft', kind: 'review' })
        }
        // Attendance for a term that ended in care (Years 1-11), its sessions in care.
        if (nc >= 1 && end <= last) {
          const possible = Math.round((SESSIONS[term] * (e - s + 1)) / (end - start + 1))
          const rate = clamp(usual + random.normal(0, 0.02), 0.3, 1)
          const attended = Math.round(possible * rate)
          const absent = possible - attended
          const unauthorised = Math.round(absent * random.float() * 0.5)
          out.attendance.push({
            recordId: ctx.nextId('ATT'),
            childId,
            academicYear: year,
            term,
            possibleSessions: possible,
            attendedSessions: attended,
            authorisedAbsences: absent - unauthorised,
            unauthorisedAbsences: unauthorised,
          })
        }
        // Suspensions: a prone child now and then; very rarely a permanent exclusion.
        if (prone && random.chance(0.4)) {
          const day = random.int(s, e)
          out.exclusions.push({ recordId: ctx.nextId('EXC'), childId, kind: 'suspension', startDate: iso(day), days: random.int(1, 10) / 2 })
        }
        if (prone && nc >= 7 && random.chance(0.015)) {
          out.exclusions.push({ recordId: ctx.nextId('EXC'), childId, kind: 'permanent_exclusion', startDate: iso(random.int(s, e)), days: null })
        }
      }
      // Results at the end of Reception, Year 6 and Year 11, for a child in care on 31 August.
      const august = civilDay(year + 1, 8, 31)
      if (!inCare(august) || !random.chance(0.95)) continue
      const id = ctx.nextId('RES')
      const pass = (p: number) => random.normal(ability, 1) > -p
      if (nc === 0) out.attainment.push({ recordId: id, childId, academicYear: year, keyStage: 'eyfs', goodLevelOfDevelopment: pass(-0.1) })
      if (nc === 6) {
        out.attainment.push({ recordId: id, childId, academicYear: year, keyStage: 'ks2', reading: pass(0.7), writing: pass(0.5), maths: pass(0.6) })
      }
      if (nc === 11) {
        const a8 = Math.round(clamp(22 + 12 * ability + random.normal(0, 5), 0, 90) * 10) / 10
        out.attainment.push({ recordId: id, childId, academicYear: year, keyStage: 'ks4', attainment8: a8, englishMathsGrade4: a8 > 32 && random.chance(0.8) })
      }
    }
  }
  return out
}
