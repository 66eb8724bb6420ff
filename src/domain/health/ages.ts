import { addYears } from '../dates/calendar.ts'

/**
 * The dates of birth of people aged minAge to maxAge (whole years, inclusive) on a day: born after
 * `bornAfter` and on or before `bornOnOrBefore`. Age is monotonic in the date of birth, so the set is
 * one range, and year arithmetic (29 February to 28 February) gives its ends exactly as ageOn counts
 * (a 29 February birthday kept on 1 March): the property test checks the two agree.
 */
export function birthRangeForAges(on: string, minAge: number, maxAge: number): { bornAfter: string; bornOnOrBefore: string } {
  if (!Number.isInteger(minAge) || !Number.isInteger(maxAge) || minAge < 0 || maxAge < minAge) {
    throw new RangeError(`ages must be whole numbers with 0 <= minAge <= maxAge, got ${minAge}-${maxAge}`)
  }
  return { bornAfter: addYears(on, -(maxAge + 1)), bornOnOrBefore: addYears(on, -minAge) }
}
