/** Personal advisers: who is allocated to a care leaver, from when to when. */
import { checkEventDate, recordError, type RecordIssue } from '../health/issues.ts'

export interface Allocation {
  allocatedOn: string
  endedOn: string | null
}

/** An allocation on days that have happened, ended no earlier than it began. */
export function checkAllocation(a: Allocation, dateOfBirth: string, today: string): RecordIssue[] {
  const issues = checkEventDate('allocatedOn', a.allocatedOn, dateOfBirth, today)
  if (a.endedOn !== null) {
    if (a.endedOn > today) issues.push(recordError('endedOn', 'is in the future'))
    else if (a.endedOn < a.allocatedOn) issues.push(recordError('endedOn', 'is before allocatedOn'))
  }
  return issues
}
