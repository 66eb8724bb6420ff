/**
 * What is wrong (or worth a second look) with one partner record: the field, relative to the record
 * (e.g. 'date', 'reviews/2'), and why. Errors refuse the record; warnings are returned with it.
 */
import type { Finding } from '../findings.ts'

export interface RecordIssue extends Pick<Finding, 'message' | 'severity'> {
  field: string
  /** The DfE 903 rule number where one exists. */
  rule?: string
}

export const recordError = (field: string, message: string, rule?: string): RecordIssue =>
  rule === undefined ? { field, message, severity: 'error' } : { field, message, severity: 'error', rule }

export const recordWarning = (field: string, message: string, rule?: string): RecordIssue =>
  rule === undefined ? { field, message, severity: 'warning' } : { field, message, severity: 'warning', rule }

/**
 * A date something happened (a check, a contact, a review): not in the future and not before the
 * child was born. Messages never quote the date of birth.
 */
export function checkEventDate(field: string, date: string, dateOfBirth: string, today: string): RecordIssue[] {
  if (date > today) return [recordError(field, 'is in the future')]
  if (date < dateOfBirth) return [recordError(field, "is before the child's date of birth")]
  return []
}
