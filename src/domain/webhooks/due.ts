import { pathwayPlanStatus } from '../care-leavers/pathway-plan.ts'
import { addDays, addMonths, birthdayIn, parseIsoDate } from '../dates/calendar.ts'
import { sdqDueDate } from '../health/sdq.ts'
import type { TypedEvent } from './payloads.ts'

/**
 * The daily due and overdue events (issue #20): which a day D announces, from the facts the service's
 * own reads give (the KPI drill-down of health assessments overdue, the SDQs due list, the care
 * leavers list) and the domain's rules for due dates (health/due-dates via that KPI, health/sdq,
 * care-leavers/pathway-plan). Nothing here restates a due-date rule; it decides only when a due
 * date is news.
 *
 * Each event is announced once per (event, child, due date): the outbox refuses a second (migration
 * 0027), so the job may run twice a day, or again for a day it missed, and send nothing new.
 */

/** A due date this close (days ahead, inclusive) is announced as due soon: time to book the appointment. */
export const DUE_SOON_DAYS = 28

/**
 * A due date passed up to this many days ago is still announced (overdue, SDQ due, review due), so a
 * day or two the job did not run is caught up; older ones are history, so a first run (or a first
 * subscription) does not announce years of backlog. The same reach as the care events' window.
 */
export const DUE_LOOKBACK_DAYS = 35

/**
 * Delivered events and their delivery log are kept this many days, then deleted by the daily job.
 * Longer than DUE_SOON_DAYS + DUE_LOOKBACK_DAYS, the span in which a due date can be announced, so
 * the unique key of a purged due event can never be needed again (no event is announced twice).
 */
export const RETENTION_DAYS = 90

export type DueEventType =
  'health-assessment.due-soon' | 'health-assessment.overdue' | 'sdq.due' | 'care-leaver.pathway-plan-review-due' | 'care-leaver.birthday-contact-due'

export const DUE_EVENT_TYPES: readonly DueEventType[] = [
  'health-assessment.due-soon',
  'health-assessment.overdue',
  'sdq.due',
  'care-leaver.pathway-plan-review-due',
  'care-leaver.birthday-contact-due',
]

/** An event of the daily job, with the date it is unique by (per type and child). */
export type DueEvent = TypedEvent<DueEventType> & { childId: string; dueOn: string }

/** A child in care on D as the KPI "health assessment overdue" sees them (its drill-down facts). */
export interface HealthAssessmentFact {
  childId: string
  /** The next assessment's due date: the review after the latest in the time in care, else the IHA deadline (null beyond the calendar). */
  nextDue: string | null
  /** The latest completed assessment in the current time in care; null: the initial one is next. */
  latestAssessment: string | null
}

/**
 * health-assessment.due-soon when the next assessment falls due from D to D + DUE_SOON_DAYS;
 * .overdue when it fell due before D (the KPI's "overdue at D"), at most DUE_LOOKBACK_DAYS ago.
 */
export function healthAssessmentEvents(la: string, today: string, facts: readonly HealthAssessmentFact[]): DueEvent[] {
  const events: DueEvent[] = []
  for (const f of facts) {
    const dueDate = f.nextDue
    if (dueDate === null) continue
    const kind = f.latestAssessment === null ? 'initial_health_assessment' : 'review_health_assessment'
    const payload = { childId: f.childId, kind, dueDate } as const
    if (dueDate >= today && dueDate <= addDays(today, DUE_SOON_DAYS)) {
      events.push({ la, type: 'health-assessment.due-soon', childId: f.childId, dueOn: dueDate, payload })
    } else if (dueDate < today && dueDate >= addDays(today, -DUE_LOOKBACK_DAYS)) {
      events.push({ la, type: 'health-assessment.overdue', childId: f.childId, dueOn: dueDate, payload })
    }
  }
  return events
}

/** A child the SDQ is due or overdue for at D (the SDQs due list). */
export interface SdqDueFact {
  childId: string
  dateOfBirth: string
  careStart: string
  lastScoreDate: string | null
}

/** sdq.due when the annual SDQ (sdqDueDate) fell due on D or up to DUE_LOOKBACK_DAYS before. */
export function sdqEvents(la: string, today: string, facts: readonly SdqDueFact[]): DueEvent[] {
  return facts.flatMap((f): DueEvent[] => {
    const dueDate = sdqDueDate(f.lastScoreDate, f.careStart, f.dateOfBirth)
    if (dueDate > today || dueDate < addDays(today, -DUE_LOOKBACK_DAYS)) return []
    return [{ la, type: 'sdq.due', childId: f.childId, dueOn: dueDate, payload: { childId: f.childId, dueDate } }]
  })
}

/** A care leaver at D (the care leavers list): the latest plan or review and the latest contact, on or before D. */
export interface CareLeaverFact {
  childId: string
  dateOfBirth: string
  planLatest: string | null
  contactDate: string | null
}

/** The birthdays whose contact the KPIs measure (domain doc 5b: the 17th to the 21st). */
const CONTACT_BIRTHDAYS = [17, 18, 19, 20, 21] as const
/** A contact counts from 3 months before the birthday to 1 month after (5b). */
const CONTACT_WINDOW = { monthsBefore: 3, monthsAfter: 1 } as const

/**
 * care-leaver.pathway-plan-review-due when the next review (pathwayPlanStatus: 6 months after the
 * latest plan or review) falls due within DUE_SOON_DAYS, or fell due at most DUE_LOOKBACK_DAYS ago;
 * care-leaver.birthday-contact-due when D is inside the contact window of a 17th to 21st birthday
 * and no contact is recorded in that window yet.
 */
export function careLeaverEvents(la: string, today: string, facts: readonly CareLeaverFact[]): DueEvent[] {
  const events: DueEvent[] = []
  for (const f of facts) {
    const { childId } = f
    const due = pathwayPlanStatus(f.planLatest, today).nextReviewDue
    if (f.planLatest !== null && due !== null && due <= addDays(today, DUE_SOON_DAYS) && due >= addDays(today, -DUE_LOOKBACK_DAYS)) {
      events.push({ la, type: 'care-leaver.pathway-plan-review-due', childId, dueOn: due, payload: { childId, dueDate: due, lastReviewed: f.planLatest } })
    }
    const born = parseIsoDate(f.dateOfBirth).year
    for (const age of CONTACT_BIRTHDAYS) {
      const birthday = birthdayIn(f.dateOfBirth, born + age)
      const windowFrom = addMonths(birthday, -CONTACT_WINDOW.monthsBefore)
      const windowTo = addMonths(birthday, CONTACT_WINDOW.monthsAfter)
      if (today < windowFrom || today > windowTo) continue
      if (f.contactDate !== null && f.contactDate >= windowFrom) continue
      events.push({ la, type: 'care-leaver.birthday-contact-due', childId, dueOn: birthday, payload: { childId, birthday, windowFrom, windowTo } })
    }
  }
  return events
}
