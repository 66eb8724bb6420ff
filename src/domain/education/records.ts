/**
 * The checks a virtual school's record must pass before it is stored (the child is known by then),
 * as pure functions: domain doc 5c's records. Errors refuse the record; warnings stay with it.
 */
import { checkEventDate, recordError, recordWarning, type RecordIssue } from '../health/issues.ts'
import { academicYearBounds, academicYearLabel, curriculumYear, termBounds, type Term } from './school-year.ts'

export const PEP_STATUSES = ['completed', 'draft'] as const
export type PepStatus = (typeof PEP_STATUSES)[number]
export const PEP_KINDS = ['initial', 'review'] as const
export type PepKind = (typeof PEP_KINDS)[number]
/** The virtual school's quality assurance of a PEP, in Ofsted's four words. */
export const PEP_QUALITY = ['outstanding', 'good', 'requires_improvement', 'inadequate'] as const
export type PepQuality = (typeof PEP_QUALITY)[number]
export const EXCLUSION_KINDS = ['suspension', 'permanent_exclusion'] as const
export type ExclusionKind = (typeof EXCLUSION_KINDS)[number]
export const KEY_STAGES = ['eyfs', 'ks2', 'ks4'] as const
export type KeyStage = (typeof KEY_STAGES)[number]

/** A suspension may last at most 45 school days (and a pupil at most 45 in a school year). */
export const MAX_SUSPENSION_DAYS = 45

export interface PepInput {
  date: string
  status: PepStatus
  kind: PepKind | null
  quality: PepQuality | null
}

export function checkPep(r: PepInput, dateOfBirth: string, today: string): RecordIssue[] {
  const issues = checkEventDate('date', r.date, dateOfBirth, today)
  if (r.quality !== null && r.status !== 'completed') issues.push(recordError('quality', 'is given on a completed PEP only'))
  return issues
}

export interface AttendanceInput {
  academicYear: number
  term: Term
  possibleSessions: number
  attendedSessions: number
  authorisedAbsences: number | null
  unauthorisedAbsences: number | null
}

/** Most sessions a term can hold: two a weekday, every day of it (a generous bound: no term has that many). */
const maxSessions = (term: Term) => {
  const days = term === 'autumn' ? 122 : term === 'spring' ? 91 : 153
  return days * 2
}

export function checkAttendance(r: AttendanceInput, dateOfBirth: string, today: string): RecordIssue[] {
  const issues: RecordIssue[] = []
  const { start, end } = termBounds(r.academicYear, r.term)
  if (start > today) issues.push(recordError('term', `${r.term} ${academicYearLabel(r.academicYear)} has not begun`))
  else if (end < dateOfBirth) issues.push(recordError('academicYear', "ended before the child's date of birth"))
  if (r.possibleSessions > maxSessions(r.term)) issues.push(recordError('possibleSessions', `is more sessions than the ${r.term} term holds`))
  if (r.attendedSessions > r.possibleSessions) issues.push(recordError('attendedSessions', 'is more than possibleSessions'))
  const absent = (r.authorisedAbsences ?? 0) + (r.unauthorisedAbsences ?? 0)
  if (r.attendedSessions <= r.possibleSessions && r.attendedSessions + absent > r.possibleSessions) {
    issues.push(recordError('unauthorisedAbsences', 'attended and absent sessions add up to more than possibleSessions'))
  }
  if (issues.length === 0) {
    const year = curriculumYear(dateOfBirth, r.academicYear)
    if (year < 0 || year > 13) issues.push(recordWarning('academicYear', 'the child was not of school age (Reception to Year 13) that year'))
  }
  return issues
}

export interface ExclusionInput {
  kind: ExclusionKind
  startDate: string
  days: number | null
}

export function checkExclusion(r: ExclusionInput, dateOfBirth: string, today: string): RecordIssue[] {
  const issues = checkEventDate('startDate', r.startDate, dateOfBirth, today)
  if (r.kind === 'suspension') {
    if (r.days === null) issues.push(recordError('days', 'is required on a suspension'))
    else if (r.days > MAX_SUSPENSION_DAYS) issues.push(recordError('days', `is more than the ${MAX_SUSPENSION_DAYS} school days a suspension may last`))
  }
  if (r.days !== null && (r.days <= 0 || !Number.isInteger(r.days * 2)))
    issues.push(recordError('days', 'is not a number of school days (whole or half days, above 0)'))
  return issues
}

export interface AttainmentInput {
  academicYear: number
  keyStage: KeyStage
  goodLevelOfDevelopment: boolean | null
  readingExpected: boolean | null
  writingExpected: boolean | null
  mathsExpected: boolean | null
  attainment8: number | null
  englishMathsGrade4: boolean | null
}

/** The fields each key stage's result is made of. */
export const KEY_STAGE_FIELDS = {
  eyfs: ['goodLevelOfDevelopment'],
  ks2: ['readingExpected', 'writingExpected', 'mathsExpected'],
  ks4: ['attainment8', 'englishMathsGrade4'],
} as const satisfies Record<KeyStage, ReadonlyArray<keyof AttainmentInput>>

/** The national curriculum year each key stage is assessed in: Reception, Year 6, Year 11. */
export const KEY_STAGE_YEAR: Record<KeyStage, number> = { eyfs: 0, ks2: 6, ks4: 11 }

const STAGE_NAME: Record<KeyStage, string> = { eyfs: 'EYFS', ks2: 'KS2', ks4: 'KS4' }

export function checkAttainment(r: AttainmentInput, dateOfBirth: string, today: string): RecordIssue[] {
  const issues: RecordIssue[] = []
  const { start, end } = academicYearBounds(r.academicYear)
  if (start > today) issues.push(recordError('academicYear', 'has not begun'))
  else if (end < dateOfBirth) issues.push(recordError('academicYear', "ended before the child's date of birth"))
  for (const stage of Object.keys(KEY_STAGE_FIELDS) as KeyStage[]) {
    for (const field of KEY_STAGE_FIELDS[stage]) {
      const given = r[field] !== null
      if (stage === r.keyStage && !given) issues.push(recordError(field, `is required on a ${STAGE_NAME[stage]} result`))
      if (stage !== r.keyStage && given) issues.push(recordError(field, `is part of a ${STAGE_NAME[stage]} result, not ${STAGE_NAME[r.keyStage]}`))
    }
  }
  if (r.attainment8 !== null && Math.abs(r.attainment8 * 100 - Math.round(r.attainment8 * 100)) > 1e-6)
    issues.push(recordError('attainment8', 'has more than two decimal places'))
  if (issues.length === 0) {
    const year = curriculumYear(dateOfBirth, r.academicYear)
    if (year !== KEY_STAGE_YEAR[r.keyStage]) {
      issues.push(
        recordWarning(
          'keyStage',
          `is usually assessed in ${year < KEY_STAGE_YEAR[r.keyStage] ? 'a later' : 'an earlier'} year for a child of this age (out of year group?)`,
        ),
      )
    }
  }
  return issues
}
