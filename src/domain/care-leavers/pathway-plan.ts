/**
 * Pathway plans: reviewed at intervals of not more than 6 months (domain doc 6). A plan is current at D
 * when its date or a review date is after D minus 6 months and on or before D (5b).
 */
import { addMonths } from '../dates/calendar.ts'
import { checkEventDate, recordError, type RecordIssue } from '../health/issues.ts'

export const PATHWAY_PLAN_REVIEW_MONTHS = 6

export type PathwayPlanStatus = 'in_date' | 'overdue' | 'none'

export interface PlanFact {
  planDate: string
  reviewDates: readonly string[]
}

/** The latest plan or review date on or before asAt across the young person's plans; null for none. */
export function latestPlanActivity(plans: readonly PlanFact[], asAt: string): string | null {
  let best: string | null = null
  for (const p of plans) {
    for (const d of [p.planDate, ...p.reviewDates]) if (d <= asAt && (best === null || d > best)) best = d
  }
  return best
}

/**
 * In date when the latest plan or review (on or before asAt) is after asAt minus 6 months; overdue
 * otherwise; none without any. The next review is due 6 months after the latest.
 */
export function pathwayPlanStatus(latest: string | null, asAt: string): { status: PathwayPlanStatus; nextReviewDue: string | null } {
  if (latest === null) return { status: 'none', nextReviewDue: null }
  const status = latest > addMonths(asAt, -PATHWAY_PLAN_REVIEW_MONTHS) ? 'in_date' : 'overdue'
  return { status, nextReviewDue: addMonths(latest, PATHWAY_PLAN_REVIEW_MONTHS) }
}

/** A plan's date and its reviews: none in the future or before birth, no review before the plan. */
export function checkPathwayPlan(p: PlanFact, dateOfBirth: string, today: string): RecordIssue[] {
  const issues = checkEventDate('planDate', p.planDate, dateOfBirth, today)
  p.reviewDates.forEach((d, i) => {
    const field = `reviews/${i}`
    const own = checkEventDate(field, d, dateOfBirth, today)
    if (own.length) issues.push(...own)
    else if (d < p.planDate) issues.push(recordError(field, 'is before the plan it reviews'))
  })
  return issues
}
