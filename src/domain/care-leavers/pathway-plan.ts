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
  p.reviewDates.forEach((d, i) => issues.push(...checkReviewDate(`reviews/${i}`, d, p.planDate, dateOfBirth, today)))
  return issues
}

/** A review's date, in a plan's list or posted as a record of its own: not in the future, before birth or before the plan. */
export function checkReviewDate(field: string, date: string, planDate: string, dateOfBirth: string, today: string): RecordIssue[] {
  const own = checkEventDate(field, date, dateOfBirth, today)
  if (own.length) return own
  return date < planDate ? [recordError(field, 'is before the plan it reviews')] : []
}

/** The plan a review posted as a record names, as stored (null when there is none). */
export interface ReviewedPlan {
  childId: string
  planDate: string
}

/**
 * A review posted as a record of its own: its plan must be stored and be the child's, and its date
 * follows the rules of a plan's reviews.
 */
export function checkPlanReview(
  review: { date: string; plan: ReviewedPlan | null },
  child: { childId: string; dateOfBirth: string },
  today: string,
): RecordIssue[] {
  const { plan } = review
  if (plan !== null && plan.childId === child.childId) return checkReviewDate('date', review.date, plan.planDate, child.dateOfBirth, today)
  // Without the child's plan there is no plan date to compare with: the date's own rules still apply.
  const why = plan === null ? 'no pathway plan with this record id' : 'this plan belongs to another child'
  return [recordError('planRecordId', why), ...checkEventDate('date', review.date, child.dateOfBirth, today)]
}
