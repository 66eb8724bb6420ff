/**
 * What a virtual school head reads about one child at a date (domain doc 5c): the PEP due and the
 * last, attendance this school year, suspensions and exclusions, results. Pure: the records and the
 * child's times in care come in, the answer goes out.
 */
import { ihaDeadline } from '../health/due-dates.ts'
import type { AttendanceInput, ExclusionInput, PepInput } from './records.ts'
import { academicYearBounds, academicYearLabel, academicYearOf, curriculumYear, nextTerm, termBounds, termOf, TERMS, type Term } from './school-year.ts'

/** A stored record as the summary reads it: what the partner sent, with its record id. */
type Stored<T> = T & { recordId: string }
export type PepFact = Stored<PepInput>
export type AttendanceFact = Stored<AttendanceInput>
export type ExclusionFact = Stored<ExclusionInput>
export interface TimeInCare {
  startDate: string
  endDate: string | null
}

/** Attendance below this share of possible sessions is persistent absence (strictly below). */
export const PERSISTENT_ABSENCE_BELOW = 0.9

/** A new entrant's first PEP is due 20 working days after the time in care began (day 0), as the IHA. */
export const pepDeadline = (careStart: string): string | null => ihaDeadline(careStart)

export interface PepDue {
  inCare: boolean
  /** Reception to Year 11 on asAt: a PEP is counted for these children. */
  schoolAge: boolean
  careStart: string | null
  /** The latest completed PEP in the current time in care, on or before asAt. */
  lastCompleted: string | null
  completedThisTerm: boolean
  /** Null when not in care or not of school age. */
  dueBy: string | null
  overdue: boolean
}

/**
 * When the next PEP is due at asAt: in care and of school age only. With no completed PEP in the
 * current time in care, 20 working days from its start; with one this term (from the term's first
 * day to asAt), by the end of next term; otherwise by the end of this term.
 */
export function pepDue(input: { dateOfBirth: string; asAt: string; timesInCare: readonly TimeInCare[]; peps: readonly PepFact[] }): PepDue {
  const { asAt } = input
  const year = curriculumYear(input.dateOfBirth, academicYearOf(asAt))
  const schoolAge = year >= 0 && year <= 11
  const time = input.timesInCare.find((p) => p.startDate <= asAt && (p.endDate === null || p.endDate > asAt))
  if (!time) return { inCare: false, schoolAge, careStart: null, lastCompleted: null, completedThisTerm: false, dueBy: null, overdue: false }
  const completed = input.peps.filter((p) => p.status === 'completed' && p.date >= time.startDate && p.date <= asAt).map((p) => p.date)
  const lastCompleted = completed.length ? completed.reduce((a, b) => (a > b ? a : b)) : null
  const term = termOf(asAt)
  const thisTerm = termBounds(term.academicYear, term.term)
  const completedThisTerm = lastCompleted !== null && lastCompleted >= thisTerm.start
  let dueBy: string | null = null
  if (schoolAge) {
    if (lastCompleted === null) dueBy = pepDeadline(time.startDate)
    else if (completedThisTerm) {
      const next = nextTerm(term)
      dueBy = termBounds(next.academicYear, next.term).end
    } else dueBy = thisTerm.end
  }
  return { inCare: true, schoolAge, careStart: time.startDate, lastCompleted, completedThisTerm, dueBy, overdue: dueBy !== null && dueBy < asAt }
}

export interface AttendanceYear {
  academicYear: string
  terms: Array<{ term: Term; possibleSessions: number; attendedSessions: number; rate: number | null }>
  possibleSessions: number
  attendedSessions: number
  /** attended / possible, null when nothing was possible. */
  rate: number | null
  /** Below 90% (persistent absence); null when nothing was possible. */
  persistentlyAbsent: boolean | null
}

const rateOf = (attended: number, possible: number) => (possible > 0 ? Math.round((attended / possible) * 10000) / 10000 : null)

/** The academic year holding asAt: its terms' records summed (a term twice, by two record ids, counts both). */
export function attendanceThisYear(asAt: string, records: readonly AttendanceFact[]): AttendanceYear {
  const year = academicYearOf(asAt)
  const terms = TERMS.flatMap((term) => {
    const rs = records.filter((r) => r.academicYear === year && r.term === term)
    if (rs.length === 0) return []
    const possibleSessions = rs.reduce((n, r) => n + r.possibleSessions, 0)
    const attendedSessions = rs.reduce((n, r) => n + r.attendedSessions, 0)
    return [{ term, possibleSessions, attendedSessions, rate: rateOf(attendedSessions, possibleSessions) }]
  })
  const possibleSessions = terms.reduce((n, t) => n + t.possibleSessions, 0)
  const attendedSessions = terms.reduce((n, t) => n + t.attendedSessions, 0)
  const rate = rateOf(attendedSessions, possibleSessions)
  return {
    academicYear: academicYearLabel(year),
    terms,
    possibleSessions,
    attendedSessions,
    rate,
    persistentlyAbsent: possibleSessions > 0 ? attendedSessions / possibleSessions < PERSISTENT_ABSENCE_BELOW : null,
  }
}

export interface ExclusionYear {
  academicYear: string
  suspensions: number
  daysLost: number
  permanentExclusions: number
}

/** Suspensions (and the days they took) and permanent exclusions starting in the academic year holding asAt, up to asAt. */
export function exclusionsThisYear(asAt: string, records: readonly ExclusionFact[]): ExclusionYear {
  const year = academicYearOf(asAt)
  const { start } = academicYearBounds(year)
  const inYear = records.filter((r) => r.startDate >= start && r.startDate <= asAt)
  const suspensions = inYear.filter((r) => r.kind === 'suspension')
  return {
    academicYear: academicYearLabel(year),
    suspensions: suspensions.length,
    daysLost: suspensions.reduce((n, r) => n + (r.days ?? 0), 0),
    permanentExclusions: inYear.filter((r) => r.kind === 'permanent_exclusion').length,
  }
}
