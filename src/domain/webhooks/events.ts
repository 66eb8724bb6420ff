import type { Scope } from '../auth/scopes.ts'
import { addDays } from '../dates/calendar.ts'
import { ihaDeadline } from '../health/due-dates.ts'

/**
 * The events a partner may subscribe to, and which keys may receive each. An event names at most
 * one child, by the council's id, and carries ids, dates and counts only: the receiver reads the
 * details through the API with its own key, so what it learns stays bounded by its scopes.
 *
 * A key receives an event when it holds one of the event's scopes, and `child:read` as well when the
 * event names a child (issue #20: the health trust gets admissions, placement changes and health;
 * the virtual school what bears on education).
 */
export interface EventType {
  description: string
  /** Any one of these lets a key receive the event. */
  scopes: readonly Scope[]
  /** The event names a child: `child:read` is needed too. */
  namesChild: boolean
}

const CARE = ['records:read', 'health:write', 'education:write'] as const satisfies readonly Scope[]

export const EVENT_TYPES = {
  'child.admitted': {
    description: 'A child starts a new period of care; carries the date and the initial health assessment deadline (20 working days).',
    scopes: CARE,
    namesChild: true,
  },
  'child.placement-changed': { description: "A child's placement changed.", scopes: CARE, namesChild: true },
  'child.ceased': { description: 'A period of care ended; carries the date and the reason code.', scopes: [...CARE, 'leaving-care:write'], namesChild: true },
  'child.returned-home': { description: 'A child returned home (the period of care ended with a return home).', scopes: CARE, namesChild: true },
  'health-assessment.due-soon': { description: "A child's health assessment falls due soon.", scopes: ['records:read', 'health:write'], namesChild: true },
  'health-assessment.overdue': { description: "A child's health assessment is overdue.", scopes: ['records:read', 'health:write'], namesChild: true },
  'sdq.due': { description: "A child's annual SDQ is due.", scopes: ['records:read', 'health:write', 'education:write'], namesChild: true },
  'care-leaver.pathway-plan-review-due': {
    description: "A care leaver's pathway plan review is due.",
    scopes: ['records:read', 'leaving-care:write'],
    namesChild: true,
  },
  'care-leaver.birthday-contact-due': {
    description: 'A care leaver is due the contact around a birthday.',
    scopes: ['records:read', 'leaving-care:write'],
    namesChild: true,
  },
  'import.completed': {
    description: "An authority's nightly import was applied; carries the run id and counts only.",
    scopes: ['records:read', 'records:write', 'kpi:read'],
    namesChild: false,
  },
  'data-quality.new-errors': {
    description: 'An import found new data quality errors; counts only.',
    scopes: ['records:read', 'records:write'],
    namesChild: false,
  },
} as const satisfies Record<string, EventType>

export type EventTypeName = keyof typeof EVENT_TYPES
export const EVENT_TYPE_NAMES = Object.keys(EVENT_TYPES) as EventTypeName[]

/** Whether a key with these scopes may receive this event. */
export function mayReceive(scopes: ReadonlySet<string>, type: EventTypeName): boolean {
  const event: EventType = EVENT_TYPES[type]
  if (event.namesChild && !scopes.has('child:read')) return false
  return event.scopes.some((s) => scopes.has(s))
}

/** The events of `wanted` a key with these scopes may not receive. */
export function eventsBeyond(scopes: ReadonlySet<string>, wanted: readonly EventTypeName[]): EventTypeName[] {
  return wanted.filter((e) => !mayReceive(scopes, e))
}

/** How far back a newly stored period of care may start and still be announced (the IHA's 20 working days, with room). */
export const ADMISSION_WINDOW_DAYS = 35

/**
 * The child.admitted events for periods of care a write stored that were not stored before: only
 * those begun in the last ADMISSION_WINDOW_DAYS up to today, so an authority's first load (or a
 * sender filling in old history) does not announce years of past admissions. Each carries the
 * admission date and the initial health assessment deadline (null where the bank-holiday calendar
 * does not reach).
 */
export function admissionEvents(
  la: string,
  periods: ReadonlyArray<{ childId: string; startDate: string }>,
  today: string,
): Array<{ la: string; type: 'child.admitted'; childId: string; payload: { childId: string; admittedOn: string; ihaDueBy: string | null } }> {
  const from = addDays(today, -ADMISSION_WINDOW_DAYS)
  return periods
    .filter((p) => p.startDate >= from && p.startDate <= today)
    .map((p) => ({
      la,
      type: 'child.admitted' as const,
      childId: p.childId,
      payload: { childId: p.childId, admittedOn: p.startDate, ihaDueBy: ihaDeadline(p.startDate) },
    }))
}
