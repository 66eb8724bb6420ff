import type { Scope } from '../auth/scopes.ts'
import { addDays } from '../dates/calendar.ts'
import { ihaDeadline } from '../health/due-dates.ts'
import type { TypedEvent } from './payloads.ts'

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

/** How far back a change to care newly stored may be dated and still be announced (the IHA's 20 working days, with room). */
export const ADMISSION_WINDOW_DAYS = 35

type AdmittedEvent = TypedEvent<'child.admitted'>

/**
 * The child.admitted events for periods of care a write stored that were not stored before: only
 * those begun in the last ADMISSION_WINDOW_DAYS up to today, so an authority's first load (or a
 * sender filling in old history) does not announce years of past admissions. Each carries the
 * admission date and the initial health assessment deadline (null where the bank-holiday calendar
 * does not reach).
 */
export function admissionEvents(la: string, periods: ReadonlyArray<{ childId: string; startDate: string }>, today: string): AdmittedEvent[] {
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

/** REC codes that are a return home (domain doc 3.1): E13 (no parental responsibility) is not. */
export const RETURN_HOME_REASONS = ['E4A', 'E4B'] as const

/** What was stored of the children's care before a write (care-history-store's `before`). */
export interface StoredCare {
  periods: ReadonlyArray<{ childId: string; startDate: string; endDate: string | null }>
  spells: ReadonlyArray<{ childId: string; startDate: string }>
}

/** The rows a write stores (careHistoryRows of each child), as far as the events read them. */
export interface WrittenCare {
  periodRows: ReadonlyArray<Record<string, unknown>>
  spellRows: ReadonlyArray<Record<string, unknown>>
}

const RANK: Partial<Record<EventTypeName, number>> = { 'child.admitted': 0, 'child.placement-changed': 1, 'child.ceased': 2, 'child.returned-home': 3 }
const dateOf = (e: CareEvent): string => {
  switch (e.type) {
    case 'child.admitted':
      return e.payload.admittedOn
    case 'child.placement-changed':
      return e.payload.changedOn
    case 'child.ceased':
      return e.payload.ceasedOn
    case 'child.returned-home':
      return e.payload.returnedOn
  }
}

/** A stored row's value as text (rows are keyed by column, values untyped). */
const str = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v))

export type CareEvent = TypedEvent<'child.admitted' | 'child.placement-changed' | 'child.ceased' | 'child.returned-home'>

/**
 * The care events of a write, found by comparing what was stored before with what it stores (no
 * query per child): child.admitted for a period of care new to the store; child.placement-changed
 * for a placement spell new to the store that began by a move inside a period (not its first);
 * child.ceased for a period that now has an end it did not have (with the REC code), and
 * child.returned-home too when that code is a return home. Short breaks alone (V3/V4 periods) are
 * not care; only changes dated in the last ADMISSION_WINDOW_DAYS up to today are announced, so a first
 * load or old history filled in says nothing, and a corrected date is not news. Each child's events
 * come in the order they happened.
 */
export function careEvents(la: string, before: StoredCare, after: readonly WrittenCare[], today: string): CareEvent[] {
  const from = addDays(today, -ADMISSION_WINDOW_DAYS)
  const recent = (d: string) => d >= from && d <= today
  const key = (childId: unknown, startDate: unknown) => `${str(childId)}|${str(startDate)}`
  const periodsBefore = new Map(before.periods.map((p) => [key(p.childId, p.startDate), p]))
  const spellsBefore = new Set(before.spells.map((s) => key(s.childId, s.startDate)))

  const periods = after.flatMap((c) => c.periodRows).filter((p) => p.short_break_only !== true)
  const admitted = periods
    .filter((p) => !periodsBefore.has(key(p.child_id, p.start_date)))
    .map((p) => ({ childId: str(p.child_id), startDate: str(p.start_date) }))
  const events: CareEvent[] = [...admissionEvents(la, admitted, today)]

  for (const p of periods) {
    if (p.end_date === null || p.end_date === undefined) continue
    const was = periodsBefore.get(key(p.child_id, p.start_date))
    if (was && was.endDate !== null) continue
    const childId = str(p.child_id)
    const ceasedOn = str(p.end_date)
    const reasonEnded = str(p.reason_ended)
    if (!recent(ceasedOn)) continue
    events.push({ la, type: 'child.ceased', childId, payload: { childId, ceasedOn, reasonEnded, admittedOn: str(p.start_date) } })
    const home = RETURN_HOME_REASONS.find((r) => r === reasonEnded)
    if (home) events.push({ la, type: 'child.returned-home', childId, payload: { childId, returnedOn: ceasedOn, reasonEnded: home } })
  }

  for (const c of after) {
    const care = new Set(c.periodRows.filter((p) => p.short_break_only !== true).map((p) => str(p.period_seq)))
    // A period's first spell is its admission, not a move.
    const first = new Map<string, number>()
    for (const s of c.spellRows) {
      const period = str(s.period_seq)
      first.set(period, Math.min(first.get(period) ?? Infinity, Number(s.spell_seq)))
    }
    for (const s of c.spellRows) {
      const childId = str(s.child_id)
      const changedOn = str(s.start_date)
      if (s.started_by_move !== true || !care.has(str(s.period_seq)) || first.get(str(s.period_seq)) === Number(s.spell_seq)) continue
      if (spellsBefore.has(key(childId, changedOn)) || !recent(changedOn)) continue
      events.push({ la, type: 'child.placement-changed', childId, payload: { childId, changedOn } })
    }
  }

  // Grouped by child, each child's in the order they happened (the outbox order is the delivery order).
  return events.sort((a, b) =>
    a.childId !== b.childId ? (str(a.childId) < str(b.childId) ? -1 : 1) : dateOf(a).localeCompare(dateOf(b)) || (RANK[a.type] ?? 0) - (RANK[b.type] ?? 0),
  )
}

/** What an import's data-quality refresh found, per collection year (import_runs.data_quality). */
export interface DataQualityYearCounts {
  newFindings: number
  resolvedFindings: number
}

/**
 * data-quality.new-errors for an import whose refresh found findings that were not there before
 * (counts only, summed over the years refreshed); nothing when it found none new.
 */
export function dataQualityEvents(la: string, runId: string, years: readonly DataQualityYearCounts[]): Array<TypedEvent<'data-quality.new-errors'>> {
  const newErrors = years.reduce((n, y) => n + y.newFindings, 0)
  if (newErrors === 0) return []
  const resolved = years.reduce((n, y) => n + y.resolvedFindings, 0)
  return [{ la, type: 'data-quality.new-errors', childId: null, payload: { runId, newErrors, resolved } }]
}
