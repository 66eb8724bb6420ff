/**
 * The checks a conviction or a substance misuse record must pass before it is stored (the child is
 * known by then), as pure functions. The 903's OC2 reads them (src/domain/imports/return-facts.ts).
 */
import { checkLaterDate } from '../camhs/referrals.ts'
import { checkEventDate, type RecordIssue } from '../health/issues.ts'

/** A conviction (or youth caution, youth conditional caution): not in the future, not before birth. */
export function checkConviction(convictedOn: string, dateOfBirth: string, today: string): RecordIssue[] {
  return checkEventDate('convictedOn', convictedOn, dateOfBirth, today)
}

export interface SubstanceMisuseInput {
  identifiedOn: string
  interventionReceivedOn: string | null
  interventionRefusedOn: string | null
}

/** Identified on a day (not in the future, not before birth); an intervention received or refused on or after it. */
export function checkSubstanceMisuse(r: SubstanceMisuseInput, dateOfBirth: string, today: string): RecordIssue[] {
  const identified = { field: 'identifiedOn', date: r.identifiedOn }
  return [
    ...checkEventDate('identifiedOn', r.identifiedOn, dateOfBirth, today),
    ...checkLaterDate('interventionReceivedOn', r.interventionReceivedOn, identified, today),
    ...checkLaterDate('interventionRefusedOn', r.interventionRefusedOn, identified, today),
  ]
}
