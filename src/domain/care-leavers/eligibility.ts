import { ageOn } from '../dates/calendar.ts'
import { recordError, recordWarning, type RecordIssue } from '../health/issues.ts'

/**
 * Leaving-care eligibility categories (Children (Leaving Care) Act 2000): eligible (16-17, still looked
 * after), relevant (16-17, left care), former relevant (18 and over), qualifying (entitled to advice and
 * assistance without being eligible or relevant, e.g. looked after at 16 for less than 13 weeks).
 */
export const ELIGIBILITY_CATEGORIES = ['eligible', 'relevant', 'former_relevant', 'qualifying'] as const
export type Eligibility = (typeof ELIGIBILITY_CATEGORIES)[number]

/**
 * A category against the young person's age today. Before the 16th birthday no category applies (an
 * error). A category that no longer fits the age (eligible or relevant from 18, former relevant
 * before 18) is stored with a warning: case records often catch up a little late. Records kept
 * after 25, when the duties end, are history, not a query: no warning.
 */
export function checkEligibility(eligibility: Eligibility, dateOfBirth: string, today: string): RecordIssue[] {
  const age = ageOn(dateOfBirth, today)
  if (age < 16) return [recordError('eligibility', 'no leaving-care category applies before the 16th birthday')]
  if ((eligibility === 'eligible' || eligibility === 'relevant') && age >= 18) {
    return [recordWarning('eligibility', `${eligibility} applies at 16 and 17; from 18 the young person is former relevant`)]
  }
  if (eligibility === 'former_relevant' && age < 18) return [recordWarning('eligibility', 'former relevant applies from the 18th birthday')]
  return []
}
