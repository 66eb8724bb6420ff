/** The checks a health check record must pass before it is stored (the child is known by then). */
import { ageOn } from '../dates/calendar.ts'
import type { HealthCheckKind, HealthCheckOutcome } from './due-dates.ts'
import { checkEventDate, recordError, type RecordIssue } from './issues.ts'

export interface HealthCheckInput {
  kind: HealthCheckKind
  date: string
  outcome: HealthCheckOutcome
  clinicianRole: string | null
  immunisationsUpToDate: boolean | null
}

export interface ChildFacts {
  dateOfBirth: string
  /**
   * Start of the child's first time in care: a period of care, or for a child who moved from V3/V4
   * short breaks into care, that move (short breaks never count, domain doc 5b); null when never looked after.
   */
  firstLookedAfter: string | null
}

export function checkHealthCheck(r: HealthCheckInput, child: ChildFacts, today: string): RecordIssue[] {
  const issues = checkEventDate('date', r.date, child.dateOfBirth, today)
  if (issues.length === 0 && r.kind === 'initial_health_assessment') {
    if (child.firstLookedAfter === null) {
      issues.push(recordError('date', 'an initial health assessment needs a period of care, and the child has none on record'))
    } else if (r.date < child.firstLookedAfter) {
      issues.push(recordError('date', 'is before the child was first looked after (short breaks do not count)'))
    }
  }
  if (issues.length === 0 && r.kind === 'development_assessment' && ageOn(child.dateOfBirth, r.date) >= 5) {
    issues.push(recordError('kind', 'a development assessment is for children under 5, and the child was 5 or over on that date'))
  }
  if (r.kind === 'immunisations_review') {
    if (r.outcome === 'completed' && r.immunisationsUpToDate === null) {
      issues.push(recordError('immunisationsUpToDate', 'is required on a completed immunisations review'))
    }
  } else if (r.immunisationsUpToDate !== null) {
    issues.push(recordError('immunisationsUpToDate', 'is only given on an immunisations review'))
  }
  return issues
}
