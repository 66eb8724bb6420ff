import { Type, type Static, type TObject } from '@sinclair/typebox'
import type { EventTypeName } from './events.ts'

/**
 * What each event's `data` carries (issue #20): ids, dates and counts only. These schemas build the
 * payloads (typed), are published in the OpenAPI document's `webhooks` section and docs/webhooks.md,
 * and a test checks every payload the service writes against them.
 */

const La = Type.String({ pattern: '^[0-9]{3}$', description: "The authority's three-digit DfE code." })
const ChildId = Type.String({ minLength: 1, maxLength: 64, description: "The council's child id: read the details through the API." })
const Day = (description: string) => Type.String({ format: 'date', description })
const Count = (description: string) => Type.Integer({ minimum: 0, description })

const child = <P extends Parameters<typeof Type.Object>[0]>(props: P) => Type.Object({ la: La, childId: ChildId, ...props }, { additionalProperties: false })

const TableCounts = Type.Object(
  {
    inserted: Count('Rows added.'),
    updated: Count('Rows changed.'),
    deleted: Count('Rows removed.'),
    unchanged: Count('Rows sent as stored.'),
    rejected: Count('Rows refused (kept as stored).'),
  },
  { additionalProperties: false },
)

const HealthAssessmentKind = Type.Union([Type.Literal('initial_health_assessment'), Type.Literal('review_health_assessment')], {
  description: 'The initial assessment (20 working days after coming into care) or the next review.',
})

export const EVENT_DATA = {
  'child.admitted': child({
    admittedOn: Day(
      "The start of the time in care: the period of care's, or, where the period began with V3/V4 short breaks, the move into other care. The IHA counts from it.",
    ),
    ihaDueBy: Type.Union([Day('The initial health assessment deadline: the 20th working day after.'), Type.Null()]),
  }),
  'child.placement-changed': child({
    changedOn: Day('The start of the new placement (the move), inside a period of care.'),
  }),
  'child.ceased': child({
    ceasedOn: Day('The end of the time in care: the end of the period of care, or, where the period moved on to V3/V4 short breaks, that move.'),
    reasonEnded: Type.String({
      pattern: '^[A-Z0-9]{1,4}$',
      description: 'The SSDA903 REC code (E4A, E11, E2, ...); X1 for a move into V3/V4 short breaks within the period of care.',
    }),
    admittedOn: Day('The start of the time in care that ended, as child.admitted announced it.'),
  }),
  'child.returned-home': child({
    returnedOn: Day('The end of the period of care.'),
    reasonEnded: Type.Union([Type.Literal('E4A'), Type.Literal('E4B')], { description: 'Returned home as part of the care plan (E4A) or not (E4B).' }),
  }),
  'health-assessment.due-soon': child({ kind: HealthAssessmentKind, dueDate: Day('When the assessment falls due.') }),
  'health-assessment.overdue': child({ kind: HealthAssessmentKind, dueDate: Day('When the assessment fell due (before today).') }),
  'sdq.due': child({ dueDate: Day("When the annual SDQ (the carer's) fell due: 12 months after the last score, or after 12 months in care.") }),
  'care-leaver.pathway-plan-review-due': child({
    dueDate: Day('Six months after the latest plan or review.'),
    lastReviewed: Day('The latest plan or review date.'),
  }),
  'care-leaver.birthday-contact-due': child({
    birthday: Day('The birthday (17th to 21st) the contact is measured around.'),
    windowFrom: Day('The first day a contact counts: 3 months before the birthday.'),
    windowTo: Day('The last day a contact counts: 1 month after the birthday.'),
  }),
  'import.completed': Type.Object(
    {
      la: La,
      runId: Type.String({ format: 'uuid', description: 'The import run: GET /v1/authorities/{la}/imports/{runId}.' }),
      changed: Type.Boolean({ description: 'Whether the run changed anything.' }),
      counts: Type.Record(Type.String(), TableCounts, { description: 'Per list (children, episodes, health-checks, ...).' }),
    },
    { additionalProperties: false },
  ),
  'data-quality.new-errors': Type.Object(
    {
      la: La,
      runId: Type.String({ format: 'uuid', description: 'The import run: GET /v1/authorities/{la}/imports/{runId} (its dataQuality, per collection year).' }),
      newErrors: Count("DfE rule failures (the stored data's findings) not there before the import, over the years refreshed."),
      resolved: Count('Findings the import cleared.'),
    },
    { additionalProperties: false },
  ),
} as const satisfies Record<EventTypeName, TObject>

export type EventData<T extends EventTypeName> = Static<(typeof EVENT_DATA)[T]>

/** What is stored in the outbox for an event: its data less the authority (a column of its own). */
export type EventPayload<T extends EventTypeName> = Omit<EventData<T>, 'la'>

/** An event to write, typed by its schema. */
export type TypedEvent<T extends EventTypeName = EventTypeName> = {
  [K in T]: { la: string; type: K; childId: string | null; payload: EventPayload<K> }
}[T]

/** The body a receiver gets: the envelope around one event's data. */
export function eventEnvelope<T extends EventTypeName>(type: T) {
  return Type.Object(
    {
      id: Type.String({ format: 'uuid', description: 'The event id, also the webhook-id header: the same on every attempt.' }),
      type: Type.Literal(type),
      timestamp: Type.String({ format: 'date-time', description: 'When the event was written.' }),
      data: EVENT_DATA[type],
    },
    { additionalProperties: false },
  )
}
