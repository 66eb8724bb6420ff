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
  'child.ceased': {
    description: 'A time in care ended (its period of care ended, or it moved on to V3/V4 short breaks); carries the date and the reason code.',
    scopes: [...CARE, 'leaving-care:write'],
    namesChild: true,
  },
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
 * The child.admitted events for times in care a write stored that were not stored before: only
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
  spells: ReadonlyArray<{ childId: string; startDate: string }>
  /**
   * Each time in care stored, by its start (episodes' care_start: short breaks are not care), and
   * whether its cessation (5a) was stored too.
   */
  careStarts: ReadonlyArray<{ childId: string; careStart: string; ceased: boolean }>
}

/** The rows a write stores (careHistoryRows of each child), as far as the events read them. */
export interface WrittenCare {
  episodeRows: ReadonlyArray<Record<string, unknown>>
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
const key = (childId: unknown, date: unknown) => `${str(childId)}|${str(date)}`

export type CareEvent = TypedEvent<'child.admitted' | 'child.placement-changed' | 'child.ceased' | 'child.returned-home'>

/**
 * The starts of the times in care a write stores that were not stored before (5a: an admission is
 * a period's start, or, in a period that begins with V3/V4 short breaks, the first other episode's
 * start: the IHA counts from it, domain doc 5b).
 */
function newCareStarts(before: StoredCare, after: readonly WrittenCare[]): Array<{ childId: string; startDate: string }> {
  const stored = new Set(before.careStarts.map((c) => key(c.childId, c.careStart)))
  const found = new Map<string, { childId: string; startDate: string }>()
  for (const e of after.flatMap((c) => c.episodeRows)) {
    if (e.care_start === null || e.care_start === undefined) continue
    const k = key(e.child_id, e.care_start)
    if (!stored.has(k)) found.set(k, { childId: str(e.child_id), startDate: str(e.care_start) })
  }
  return [...found.values()]
}

/**
 * The cessations (5a, episodes' is_cessation) a write stores of times in care whose cessation was not
 * stored before, so a time in care is announced ceased once, whatever its end's later corrections.
 * Each is the last episode of its time in care: its DEC, its REC (X1 for a move into short breaks,
 * as the KPIs count it) and its care_start.
 */
function newCessations(before: StoredCare, after: readonly WrittenCare[]): ReadonlyArray<Record<string, unknown>> {
  const ceased = new Set(before.careStarts.filter((c) => c.ceased).map((c) => key(c.childId, c.careStart)))
  return after
    .flatMap((c) => c.episodeRows)
    .filter((e) => e.is_cessation === true && e.end_date != null && e.care_start != null && !ceased.has(key(e.child_id, e.care_start)))
}

/**
 * The placement spells of one child that began by a move in care: started by a move, in time in
 * care (not short breaks), and not the start of that time in care (the admission, not a move).
 */
function movesInCare(c: WrittenCare): ReadonlyArray<Record<string, unknown>> {
  // Each spell's first episode (same spell, same start date) says which time in care it is in.
  const careStartOf = new Map(c.episodeRows.map((e) => [`${str(e.placement_spell_seq)}|${str(e.start_date)}`, e.care_start]))
  return c.spellRows.filter((s) => {
    const careStart = careStartOf.get(`${str(s.spell_seq)}|${str(s.start_date)}`)
    return s.started_by_move === true && careStart !== null && careStart !== undefined && str(careStart) !== str(s.start_date)
  })
}

/**
 * The care events of a write, found by comparing what was stored before with what it stores (no
 * query per child): child.admitted for a time in care new to the store (a new period of care, or a
 * move from V3/V4 short breaks into other care within one, dated by that move); child.placement-changed
 * for a placement spell new to the store that began by a move within a time in care (not its
 * first); child.ceased for a time in care that now has a cessation it did not have (5a: a REC other
 * than X1, or, X1, a move into V3/V4 short breaks within the period), and child.returned-home too
 * when its code is a return home. Short breaks are not care: a period's end during them is no
 * cessation (the move into them was). Only changes dated in the last ADMISSION_WINDOW_DAYS up to today are announced, so a first
 * load or old history filled in says nothing, and a corrected date is not news. Each child's events
 * come in the order they happened.
 */
export function careEvents(la: string, before: StoredCare, after: readonly WrittenCare[], today: string): CareEvent[] {
  const from = addDays(today, -ADMISSION_WINDOW_DAYS)
  const recent = (d: string) => d >= from && d <= today
  const spellsBefore = new Set(before.spells.map((s) => key(s.childId, s.startDate)))
  const events: CareEvent[] = [...admissionEvents(la, newCareStarts(before, after), today)]

  for (const c of newCessations(before, after)) {
    const childId = str(c.child_id)
    const ceasedOn = str(c.end_date)
    const reasonEnded = str(c.reason_ended)
    if (!recent(ceasedOn)) continue
    events.push({ la, type: 'child.ceased', childId, payload: { childId, ceasedOn, reasonEnded, admittedOn: str(c.care_start) } })
    const home = RETURN_HOME_REASONS.find((r) => r === reasonEnded)
    if (home) events.push({ la, type: 'child.returned-home', childId, payload: { childId, returnedOn: ceasedOn, reasonEnded: home } })
  }

  for (const s of after.flatMap(movesInCare)) {
    const childId = str(s.child_id)
    const changedOn = str(s.start_date)
    if (spellsBefore.has(key(childId, changedOn)) || !recent(changedOn)) continue
    events.push({ la, type: 'child.placement-changed', childId, payload: { childId, changedOn } })
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
