import { Type, type Static, type TSchema } from '@sinclair/typebox'
import { actionStatuses, ragColours, type ActionStatus, type RagColour } from '../../domain/action-plan/types.ts'
import type { ByWhenKind } from '../../domain/action-plan/due-date.ts'
import type { DatePrecision } from '../../domain/action-plan/date-phrases.ts'
import type { RagBasis } from '../../domain/action-plan/rag.ts'
import { DateParam, IsoDate, IsoDateTime, LaCode, NO_NUL, NonBlank, Nullable, Text } from '../../http/schemas.ts'

/** A string enum that keeps its literal type and shows in the contract as one `enum`. */
const StringEnum = <T extends string>(values: readonly T[], options: { description?: string } = {}) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...options })

const Uuid = Type.String({ format: 'uuid' })
const Day = (description: string) => DateParam(description, ['2026-03-31'])

const ActionStatusSchema = StringEnum(actionStatuses, {
  description: 'Canonical status. complete_monitoring is complete with monitoring that carries on; the wording the board wrote is kept beside it.',
})
const RagColourSchema = StringEnum(ragColours, {
  description: "RAG colour, with the board's BRAG extras: blue = complete, grey = obsolete.",
})
const ragBases: readonly RagBasis[] = [
  'override',
  'unknown_status',
  'obsolete',
  'complete',
  'complete_monitoring',
  'past_due',
  'delayed',
  'due_soon_not_started',
  'on_track',
]
const dueDateKinds: readonly ByWhenKind[] = ['date', 'ongoing', 'none', 'unparsed']
const precisions: readonly DatePrecision[] = ['day', 'month', 'season', 'term']

const PriorityNumber = Type.Integer({ minimum: 1, maximum: 999, description: 'The priority number (1-6 in the 2025 plan).' })
const RefText = NonBlank(40, { description: "The action's ref as the board writes it, e.g. 4.3.2. Unique within a plan.", examples: ['2.1.5'] })
const KpiId = Type.String({ pattern: '^[a-z0-9-]+$', minLength: 1, maxLength: 100, description: 'A KPI id, e.g. sdq-completion.' })

export const PlanParams = Type.Object({ la: LaCode, planId: Uuid }, { additionalProperties: false })
export type PlanParams = Static<typeof PlanParams>
export const ItemParams = Type.Object({ la: LaCode, planId: Uuid, actionId: Uuid }, { additionalProperties: false })
export type ItemParams = Static<typeof ItemParams>
export const PriorityParams = Type.Object({ la: LaCode, planId: Uuid, number: PriorityNumber }, { additionalProperties: false })
export type PriorityParams = Static<typeof PriorityParams>

export const AsAtQuery = Type.Object(
  { asAt: Type.Optional(Day('The day RAG colours and overdue flags are worked out for; default today (England).')) },
  { additionalProperties: false },
)
export type AsAtQuery = Static<typeof AsAtQuery>

// ---- plans and priorities

const PlanSection = Type.Object(
  { ref: Type.String(), title: Type.String(), notes: Type.Array(Type.String()) },
  { additionalProperties: false, description: 'A section heading under a priority ("2.1 To improve ..."), as written.' },
)

export const ActionPriority = Type.Object(
  {
    number: PriorityNumber,
    title: Type.String(),
    heading: Nullable(Type.String({ description: 'The heading as written in an imported table.' })),
    champions: Type.Array(Type.String(), { description: 'Elected members championing the priority.' }),
    leads: Type.Array(Type.String(), { description: 'Officers leading the priority.' }),
    peopleWording: Nullable(Type.String({ description: 'The champions row as written in an imported table.' })),
    sections: Type.Array(PlanSection),
    notes: Type.Array(Type.String()),
  },
  { $id: 'ActionPriority', additionalProperties: false },
)
export type ActionPriority = Static<typeof ActionPriority>

export const ActionPlan = Type.Object(
  {
    id: Uuid,
    la: LaCode,
    title: Type.String(),
    board: Nullable(Type.String()),
    periodStart: Nullable(IsoDate),
    periodEnd: Nullable(IsoDate),
    notes: Type.Array(Type.String(), { description: 'Rows of an imported table above its first priority, verbatim.' }),
    priorities: Type.Array(Type.Ref(ActionPriority)),
    actionCount: Type.Integer(),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  },
  { $id: 'ActionPlan', additionalProperties: false },
)
export type ActionPlan = Static<typeof ActionPlan>

const PeopleList = Type.Array(NonBlank(300), { maxItems: 50 })

export const PriorityBody = Type.Object(
  {
    title: Text(2000, { examples: ['Leaving Care, Transitions and Preparing for Adulthood (PFA)'] }),
    champions: Type.Optional(PeopleList),
    leads: Type.Optional(PeopleList),
  },
  { additionalProperties: false },
)
export type PriorityBody = Static<typeof PriorityBody>

const PlanFields = {
  title: NonBlank(300, { examples: ['Corporate Parenting Action Plan 2025-26'] }),
  board: Type.Optional(Nullable(NonBlank(300, { examples: ['Corporate Parenting Partnership Board'] }))),
  periodStart: Type.Optional(Nullable(IsoDate)),
  periodEnd: Type.Optional(Nullable(IsoDate)),
}

export const NewPlan = Type.Object(
  {
    ...PlanFields,
    priorities: Type.Optional(
      Type.Array(Type.Object({ number: PriorityNumber, ...PriorityBody.properties }, { additionalProperties: false }), { maxItems: 100 }),
    ),
  },
  { additionalProperties: false },
)
export type NewPlan = Static<typeof NewPlan>

export const PlanPatch = Type.Object(
  { title: Type.Optional(PlanFields.title), board: PlanFields.board, periodStart: PlanFields.periodStart, periodEnd: PlanFields.periodEnd },
  { additionalProperties: false, minProperties: 1 },
)
export type PlanPatch = Static<typeof PlanPatch>

// ---- import

const ImportFindingSchema = Type.Object(
  {
    severity: StringEnum(['error', 'warning', 'info'] as const),
    code: Type.String({ description: 'What was noticed, e.g. ref_misfit, unknown_status, unparsed_by_when.' }),
    message: Type.String(),
    row: Nullable(Type.Integer({ description: 'Row of the source table (CSV: the spreadsheet row, header = 1).' })),
    ref: Nullable(Type.String()),
    field: Nullable(Type.String({ description: 'The column, e.g. "By When".' })),
    value: Nullable(Type.String({ description: 'The cell as written.' })),
  },
  { $id: 'ActionPlanImportFinding', additionalProperties: false },
)

export const ImportBody = Type.Object(
  {
    ...PlanFields,
    format: StringEnum(['csv', 'json'] as const, { description: 'How content is written.' }),
    content: Type.String({
      minLength: 1,
      pattern: NO_NUL,
      description:
        "The board's table (columns Ref, Action, Progress Update, Lead Officer, By When, RAG Status; optionally Priority): " +
        'CSV text, or JSON text holding an array of row objects, an array of arrays with a header row, or { "rows": [...] }.',
    }),
  },
  { additionalProperties: false },
)
export type ImportBody = Static<typeof ImportBody>

const statusCountProps = Object.fromEntries([...actionStatuses, 'unknown'].map((s) => [s, Type.Integer()])) as Record<
  ActionStatus | 'unknown',
  ReturnType<typeof Type.Integer>
>
const StatusCounts = Type.Object(statusCountProps, {
  additionalProperties: false,
  description: 'Actions by canonical status; unknown counts wording that could not be read.',
})
const ragCountProps = Object.fromEntries([...ragColours, 'none'].map((s) => [s, Type.Integer()])) as Record<RagColour | 'none', ReturnType<typeof Type.Integer>>
const RagCounts = Type.Object(ragCountProps, { additionalProperties: false, description: 'Actions by RAG colour; none when no colour can be given.' })

export const ImportResult = Type.Object(
  {
    plan: Type.Ref(ActionPlan),
    counts: Type.Object(
      {
        priorities: Type.Integer(),
        actions: Type.Integer(),
        progressUpdates: Type.Integer(),
        dueDateChanges: Type.Integer(),
        refMisfits: Type.Integer(),
        byStatus: StatusCounts,
      },
      { additionalProperties: false },
    ),
    findings: Type.Array(Type.Ref(ImportFindingSchema)),
  },
  { additionalProperties: false },
)
export type ImportResult = Static<typeof ImportResult>

// ---- actions

export const DueDateChange = Type.Object(
  {
    seq: Type.Integer({ description: 'Order of the change, oldest first.' }),
    fromDate: Nullable(IsoDate),
    fromWording: Type.String(),
    toDate: Nullable(IsoDate),
    toWording: Type.String(),
    reason: Nullable(Type.String({ description: 'Why it moved; null only for a change read from an imported By When cell.' })),
    changedOn: Nullable(Day('The day it moved; null only for a change read from an imported cell.')),
    changedAt: IsoDateTime,
    source: StringEnum(['import', 'api'] as const),
  },
  { $id: 'ActionDueDateChange', additionalProperties: false },
)
export type DueDateChange = Static<typeof DueDateChange>

export const ProgressUpdate = Type.Object(
  {
    seq: Type.Integer(),
    date: Nullable(Day("First day the update's date can mean; null for undated text.")),
    dateTo: Nullable(Day('Last day it can mean ("Feb-26" runs to 2026-02-28).')),
    precision: Nullable(StringEnum(precisions)),
    dateWording: Nullable(Type.String({ description: 'The date label as written, e.g. "3/7/25".' })),
    text: Type.String({ description: 'The update as written.' }),
    source: StringEnum(['import', 'api'] as const),
    createdAt: IsoDateTime,
  },
  { $id: 'ActionProgressUpdate', additionalProperties: false },
)
export type ProgressUpdate = Static<typeof ProgressUpdate>

const StatusChange = Type.Object(
  {
    status: Nullable(ActionStatusSchema),
    statusWording: Type.String(),
    statusQualifier: Nullable(Type.String()),
    changedOn: Day('The day (in England) the status was recorded.'),
    changedAt: IsoDateTime,
  },
  { additionalProperties: false },
)
export type StatusChange = Static<typeof StatusChange>

export const ActionItem = Type.Object(
  {
    id: Uuid,
    planId: Uuid,
    ref: Nullable(Type.String()),
    refMisfit: Type.Boolean({ description: 'The ref does not fit its priority or section (kept as written, never renumbered).' }),
    refNote: Nullable(Type.String()),
    priority: Nullable(PriorityNumber),
    section: Nullable(Type.String()),
    action: Type.String(),
    leadOfficers: Type.Array(Type.String()),
    leadOfficerWording: Type.String({ description: 'The Lead Officer cell as written.' }),
    byWhen: Type.String({ description: 'The By When wording, e.g. "End of spring term 2026".' }),
    dueDate: Nullable(IsoDate),
    dueDateKind: StringEnum(dueDateKinds, { description: 'date; ongoing (no end by design); none (blank); unparsed (wording without a date).' }),
    dueDatePrecision: Nullable(StringEnum(precisions)),
    commenceBy: Nullable(Day('A start milestone written in the By When cell.')),
    status: Nullable(ActionStatusSchema),
    statusWording: Type.String({ description: 'The status as written, e.g. "Complete but ongoing monitoring required".' }),
    statusQualifier: Nullable(Type.String()),
    writtenRag: Nullable(RagColourSchema),
    rag: Type.Object(
      {
        asAt: IsoDate,
        colour: Nullable(RagColourSchema),
        derived: Nullable(RagColourSchema),
        basis: StringEnum(ragBases, { description: 'The rule that gave the colour.' }),
      },
      { additionalProperties: false },
    ),
    ragOverride: Nullable(Type.Object({ colour: RagColourSchema, reason: Type.String(), setAt: IsoDateTime }, { additionalProperties: false })),
    overdue: Type.Boolean({ description: 'Past its due date at asAt and not complete or obsolete.' }),
    kpiIds: Type.Array(KpiId),
    dueDateChanges: Type.Array(Type.Ref(DueDateChange)),
    statusHistory: Type.Array(StatusChange, {
      description: 'Every status the action has had, oldest first, from when it was created (or from when history was kept).',
    }),
    progressUpdates: Type.Array(Type.Ref(ProgressUpdate)),
    sourceRow: Nullable(Type.Integer({ description: 'Row of the imported table the action came from.' })),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  },
  { $id: 'ActionItem', additionalProperties: false },
)
export type ActionItem = Static<typeof ActionItem>

const ItemFields = {
  ref: RefText,
  priority: Type.Optional(Nullable(PriorityNumber)),
  section: Type.Optional(Nullable(NonBlank(40, { examples: ['2.1'] }))),
  action: NonBlank(20000),
  leadOfficers: Type.Optional(PeopleList),
  leadOfficerWording: Type.Optional(Text(2000, { description: 'The Lead Officer cell as written; split into leadOfficers when those are not given.' })),
  status: Type.Optional(ActionStatusSchema),
  statusWording: Type.Optional(NonBlank(500, { description: 'The status as the board writes it; read into status when status is not given.' })),
  kpiIds: Type.Optional(Type.Array(KpiId, { maxItems: 50, uniqueItems: true, description: 'KPIs shown beside the action.' })),
}

export const NewItem = Type.Object(
  {
    ...ItemFields,
    byWhen: Type.Optional(Text(500, { examples: ['End of June 2026'] })),
    dueDate: Type.Optional(Nullable(Day('The due date; read from byWhen when not given.'))),
  },
  { additionalProperties: false },
)
export type NewItem = Static<typeof NewItem>

export const ItemPatch = Type.Object(
  {
    ref: Type.Optional(ItemFields.ref),
    priority: ItemFields.priority,
    section: ItemFields.section,
    action: Type.Optional(ItemFields.action),
    leadOfficers: ItemFields.leadOfficers,
    leadOfficerWording: ItemFields.leadOfficerWording,
    status: ItemFields.status,
    statusWording: ItemFields.statusWording,
    kpiIds: ItemFields.kpiIds,
  },
  {
    additionalProperties: false,
    minProperties: 1,
    description: 'Changes an action. The due date changes only through POST .../due-date, which keeps the history.',
  },
)
export type ItemPatch = Static<typeof ItemPatch>

export const ItemListQuery = Type.Object(
  {
    ...AsAtQuery.properties,
    status: Type.Optional(
      Type.Array(StringEnum<ActionStatus | 'unknown'>([...actionStatuses, 'unknown']), {
        description: 'Only these statuses (repeat the parameter for several).',
      }),
    ),
    priority: Type.Optional(PriorityNumber),
    lead: Type.Optional(NonBlank(200, { description: 'Lead officer contains this text (any case).' })),
    overdueAt: Type.Optional(Day('Only actions past their due date on this day and not complete or obsolete.')),
    rag: Type.Optional(Type.Array(StringEnum<RagColour | 'none'>([...ragColours, 'none']), { description: 'Only these RAG colours at asAt.' })),
    kpiId: Type.Optional(KpiId),
  },
  { additionalProperties: false },
)
export type ItemListQuery = Static<typeof ItemListQuery>

export const DueDateBody = Type.Object(
  {
    byWhen: Type.Optional(NonBlank(500, { description: 'The new By When wording.', examples: ['End of summer term 2026'] })),
    dueDate: Type.Optional(Nullable(Day('The new due date; read from byWhen when not given.'))),
    reason: NonBlank(2000, { examples: ['Template redesign waits for the Voice and Influence Group.'] }),
    changedOn: Type.Optional(Day('The day the board moved it; default today (England).')),
  },
  { additionalProperties: false },
)
export type DueDateBody = Static<typeof DueDateBody>

export const RagOverrideBody = Type.Object(
  { colour: RagColourSchema, reason: NonBlank(2000, { description: 'Why the colour differs from the derived one.' }) },
  { additionalProperties: false },
)
export type RagOverrideBody = Static<typeof RagOverrideBody>

export const NewProgressUpdate = Type.Object(
  {
    date: Type.Optional(Day('The day of the update; default today (England).')),
    text: NonBlank(20000),
  },
  { additionalProperties: false },
)
export type NewProgressUpdate = Static<typeof NewProgressUpdate>

// ---- progress

const ActionRefSummary = {
  id: Uuid,
  ref: Nullable(Type.String()),
  priority: Nullable(PriorityNumber),
}

export const PlanProgress = Type.Object(
  {
    planId: Uuid,
    asAt: IsoDate,
    total: Type.Integer(),
    byStatus: StatusCounts,
    byRag: RagCounts,
    byPriority: Type.Array(
      Type.Object(
        { number: Nullable(PriorityNumber), title: Nullable(Type.String()), total: Type.Integer(), byStatus: StatusCounts, byRag: RagCounts },
        { additionalProperties: false },
      ),
    ),
    overdue: Type.Array(
      Type.Object(
        {
          ...ActionRefSummary,
          dueDate: IsoDate,
          byWhen: Type.String(),
          status: Nullable(ActionStatusSchema),
          rag: Nullable(RagColourSchema),
          daysOverdue: Type.Integer({ description: 'Days since the due date, at asAt.' }),
        },
        { additionalProperties: false },
      ),
      { description: 'Actions past their due date at asAt and not complete or obsolete.' },
    ),
    dueDateMoves: Type.Array(
      Type.Object(
        {
          ...ActionRefSummary,
          moves: Type.Integer({ description: 'How many times the due date was re-set.' }),
          firstDueDate: Nullable(IsoDate),
          firstByWhen: Type.String(),
          dueDate: Nullable(IsoDate),
          byWhen: Type.String(),
          lastChangedOn: Nullable(IsoDate),
        },
        { additionalProperties: false },
      ),
      { description: 'Actions whose due date moved, most moves first.' },
    ),
  },
  { $id: 'ActionPlanProgress', additionalProperties: false },
)
export type PlanProgress = Static<typeof PlanProgress>

/** Schemas with an $id, to add to the route scope once. */
export const sharedSchemas: TSchema[] = [ActionPriority, ActionPlan, ImportFindingSchema, DueDateChange, ProgressUpdate, ActionItem, PlanProgress]
