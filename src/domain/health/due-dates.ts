/**
 * When a looked-after child's health checks are due (domain doc 5b and 6), computed on read from the
 * times in care and the checks recorded.
 */
import { BANK_HOLIDAY_FIRST_YEAR, BANK_HOLIDAY_LAST_YEAR } from '../dates/bank-holidays.ts'
import { addMonths, ageOn } from '../dates/calendar.ts'
import { addWorkingDays } from '../dates/working-days.ts'

export type HealthCheckKind =
  'initial_health_assessment' | 'review_health_assessment' | 'dental_check' | 'development_assessment' | 'immunisations_review' | 'optician'

export type HealthCheckOutcome = 'completed' | 'declined' | 'cancelled' | 'did_not_attend'

export const HEALTH_CHECK_KINDS: readonly HealthCheckKind[] = Object.freeze([
  'initial_health_assessment',
  'review_health_assessment',
  'dental_check',
  'development_assessment',
  'immunisations_review',
  'optician',
])

export const HEALTH_CHECK_OUTCOMES: readonly HealthCheckOutcome[] = Object.freeze(['completed', 'declined', 'cancelled', 'did_not_attend'])

/** Statutory: the initial health assessment within 20 working days of coming into care. */
const IHA_WORKING_DAYS = 20
/** Review health assessments: every 6 months under 5, every 12 months from 5. */
const RHA_MONTHS_UNDER_5 = 6
const RHA_MONTHS_FROM_5 = 12
/** The service's rule for dental checks: 12 months after the last completed one. */
const DENTAL_MONTHS = 12

/**
 * The IHA deadline: the 20th working day after the start of the time in care, the start being day 0
 * (Monday to Friday less England and Wales bank holidays). Null when the bank-holiday calendar does
 * not cover the dates, rather than a wrong answer.
 */
export function ihaDeadline(periodStart: string): string | null {
  const year = Number(periodStart.slice(0, 4))
  // Twenty working days never reach more than five weeks ahead, so a start before 25 November of the
  // last covered year stays inside the calendar.
  if (year < BANK_HOLIDAY_FIRST_YEAR || periodStart > `${BANK_HOLIDAY_LAST_YEAR}-11-24`) return null
  return addWorkingDays(periodStart, IHA_WORKING_DAYS)
}

/**
 * The next review health assessment after one on `assessed`: 6 months later when the child is still
 * under 5 on that day, otherwise 12 months later.
 */
export function nextReviewDue(assessed: string, dateOfBirth: string): string {
  const sixMonths = addMonths(assessed, RHA_MONTHS_UNDER_5)
  return ageOn(dateOfBirth, sixMonths) < 5 ? sixMonths : addMonths(assessed, RHA_MONTHS_FROM_5)
}

export function nextDentalDue(lastCompleted: string): string {
  return addMonths(lastCompleted, DENTAL_MONTHS)
}

export interface HealthCheckFact {
  kind: HealthCheckKind
  date: string
  outcome: HealthCheckOutcome
  immunisationsUpToDate: boolean | null
}

/**
 * A time in care (5b): a period of care less its V3/V4 short breaks, so for a child who moved from
 * short breaks into care inside one period, from that change. Short-break time is never time in care.
 */
export interface TimeInCareFact {
  startDate: string
  /** Null while it lasts. */
  endDate: string | null
  /** The start of the period of care holding it (the same day unless short breaks came first). */
  carePeriodStart: string
}

export interface HealthDue {
  asAt: string
  /** In a time in care on asAt: start on or before, no end or end after (5a). */
  inCare: boolean
  carePeriodStart: string | null
  /** Start of the current time in care: the dues below count from it, never from short breaks. */
  careStart: string | null
  /** Null when not in care at asAt. */
  initialHealthAssessment: {
    deadline: string | null
    /** The first completed IHA in the current time in care, on or before asAt. */
    completedOn: string | null
    onTime: boolean | null
    /** No completed assessment (IHA or RHA) in the time in care and the deadline has passed. */
    overdue: boolean
  } | null
  /** Null when not in care or no assessment has been completed in the current time in care yet. */
  reviewHealthAssessment: { lastAssessment: string; dueDate: string; overdue: boolean } | null
  /** The next assessment of either kind (5b "overdue at D"): the RHA due date, else the IHA deadline. */
  nextHealthAssessment: { dueDate: string | null; overdue: boolean } | null
  /** Null when not in care. Without any completed check, due 12 months after the time in care began. */
  dentalCheck: { lastCompleted: string | null; dueDate: string; overdue: boolean } | null
  /** The latest completed immunisations status review on or before asAt. */
  immunisations: { lastReview: string | null; upToDate: boolean | null }
}

const ASSESSMENTS = new Set<HealthCheckKind>(['initial_health_assessment', 'review_health_assessment'])

/** The latest completed check matching `keep`, on or before asAt. */
function latest(checks: readonly HealthCheckFact[], keep: (c: HealthCheckFact) => boolean): HealthCheckFact | null {
  let best: HealthCheckFact | null = null
  for (const c of checks) if (c.outcome === 'completed' && keep(c) && (best === null || c.date > best.date)) best = c
  return best
}

/**
 * Everything due for one child at asAt. Only records dated on or before asAt are read; only completed
 * checks count (did not attend, cancelled and declined never meet a due date). Assessments chain
 * within the current time in care.
 */
export function healthDue(input: { dateOfBirth: string; asAt: string; timesInCare: readonly TimeInCareFact[]; checks: readonly HealthCheckFact[] }): HealthDue {
  const { asAt, dateOfBirth } = input
  const checks = input.checks.filter((c) => c.date <= asAt)
  const imm = latest(checks, (c) => c.kind === 'immunisations_review')
  const immunisations = { lastReview: imm?.date ?? null, upToDate: imm?.immunisationsUpToDate ?? null }
  const time = input.timesInCare.find((p) => p.startDate <= asAt && (p.endDate === null || p.endDate > asAt))
  if (!time) {
    return {
      asAt,
      inCare: false,
      carePeriodStart: null,
      careStart: null,
      initialHealthAssessment: null,
      reviewHealthAssessment: null,
      nextHealthAssessment: null,
      dentalCheck: null,
      immunisations,
    }
  }
  const start = time.startDate
  const inPeriod = checks.filter((c) => c.date >= start)

  const deadline = ihaDeadline(start)
  let firstIha: string | null = null
  for (const c of inPeriod) {
    if (c.kind === 'initial_health_assessment' && c.outcome === 'completed' && (firstIha === null || c.date < firstIha)) firstIha = c.date
  }
  const lastAssessment = latest(inPeriod, (c) => ASSESSMENTS.has(c.kind))?.date ?? null
  const rhaDue = lastAssessment === null ? null : nextReviewDue(lastAssessment, dateOfBirth)

  const lastDental = latest(checks, (c) => c.kind === 'dental_check')?.date ?? null
  const dentalDue = lastDental === null ? addMonths(start, DENTAL_MONTHS) : nextDentalDue(lastDental)
  const nextDue = rhaDue ?? deadline

  return {
    asAt,
    inCare: true,
    carePeriodStart: time.carePeriodStart,
    careStart: start,
    initialHealthAssessment: {
      deadline,
      completedOn: firstIha,
      onTime: firstIha === null || deadline === null ? null : firstIha <= deadline,
      overdue: lastAssessment === null && deadline !== null && deadline < asAt,
    },
    reviewHealthAssessment: lastAssessment === null || rhaDue === null ? null : { lastAssessment, dueDate: rhaDue, overdue: rhaDue < asAt },
    nextHealthAssessment: { dueDate: nextDue, overdue: nextDue !== null && nextDue < asAt },
    dentalCheck: { lastCompleted: lastDental, dueDate: dentalDue, overdue: dentalDue < asAt },
    immunisations,
  }
}
