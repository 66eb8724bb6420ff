/**
 * School years and terms as domain doc 5c fixes them for counting: an academic year runs from
 * 1 September to 31 August; autumn term 1 September-31 December, spring 1 January-31 March, summer
 * 1 April-31 August. A child's national curriculum year is their age on the 31 August before the
 * academic year, less 4 (0 is Reception, 11 is Year 11).
 */
import { ageOn, parseIsoDate } from '../dates/calendar.ts'

export const TERMS = ['autumn', 'spring', 'summer'] as const
export type Term = (typeof TERMS)[number]

/** The academic year holding a date, by the calendar year it starts in (2024 for 2024/25). */
export function academicYearOf(date: string): number {
  const { year, month } = parseIsoDate(date)
  return month >= 9 ? year : year - 1
}

/** 2024 -> '2024/25', as schools write it. */
export function academicYearLabel(startYear: number): string {
  return `${startYear}/${String((startYear + 1) % 100).padStart(2, '0')}`
}

/** '2024/25' or '2024-25' -> 2024; null when the second half is not the year after the first. */
export function parseAcademicYear(label: string): number | null {
  const m = /^(\d{4})[/-](\d{2})$/.exec(label.trim())
  if (!m) return null
  const start = Number(m[1])
  return (start + 1) % 100 === Number(m[2]) ? start : null
}

export function academicYearBounds(startYear: number): { start: string; end: string } {
  return { start: `${startYear}-09-01`, end: `${startYear + 1}-08-31` }
}

/** The first and last day of a term of an academic year. */
export function termBounds(startYear: number, term: Term): { start: string; end: string } {
  if (term === 'autumn') return { start: `${startYear}-09-01`, end: `${startYear}-12-31` }
  if (term === 'spring') return { start: `${startYear + 1}-01-01`, end: `${startYear + 1}-03-31` }
  return { start: `${startYear + 1}-04-01`, end: `${startYear + 1}-08-31` }
}

/** The term holding a date, with its academic year. */
export function termOf(date: string): { academicYear: number; term: Term } {
  const { month } = parseIsoDate(date)
  const term: Term = month >= 9 ? 'autumn' : month <= 3 ? 'spring' : 'summer'
  return { academicYear: academicYearOf(date), term }
}

/** The term after this one. */
export function nextTerm(t: { academicYear: number; term: Term }): { academicYear: number; term: Term } {
  if (t.term === 'autumn') return { academicYear: t.academicYear, term: 'spring' }
  if (t.term === 'spring') return { academicYear: t.academicYear, term: 'summer' }
  return { academicYear: t.academicYear + 1, term: 'autumn' }
}

/** The child's national curriculum year in an academic year: 0 Reception, 1-11 Years 1-11 (negative: not yet Reception). */
export function curriculumYear(dateOfBirth: string, startYear: number): number {
  return ageOn(dateOfBirth, `${startYear}-08-31`) - 4
}

/** School age, Reception to Year 11, in the academic year holding the date. */
export function isSchoolAge(dateOfBirth: string, on: string): boolean {
  const y = curriculumYear(dateOfBirth, academicYearOf(on))
  return y >= 0 && y <= 11
}

/** The dates of birth of the children who are Reception to Year 11 in an academic year: aged 4 to 15 on the 31 August before it. */
export function schoolAgeBirthRange(startYear: number): { bornAfter: string; bornOnOrBefore: string } {
  return { bornAfter: `${startYear - 16}-08-31`, bornOnOrBefore: `${startYear - 4}-08-31` }
}
