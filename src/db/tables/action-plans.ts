import type { ColumnType, Generated } from 'kysely'
import type { ActionStatus, RagColour } from '../../domain/action-plan/types.ts'
import type { ByWhenKind } from '../../domain/action-plan/due-date.ts'
import type { DatePrecision } from '../../domain/action-plan/date-phrases.ts'
import type { CreatedAt, DateString, Json, Timestamp } from '../types.ts'

/** The corporate parenting board's action plan (migration 0004). */
export interface ActionPlansTable {
  la: string
  id: Generated<string>
  title: string
  board: string | null
  periodStart: DateString | null
  periodEnd: DateString | null
  notes: ColumnType<string[], string[] | undefined, string[]>
  createdAt: CreatedAt
  updatedAt: Timestamp
}

/** A section heading under a priority, as written. */
export interface PlanSection {
  ref: string
  title: string
  notes: string[]
}

export interface ActionPrioritiesTable {
  la: string
  planId: string
  number: number
  title: string
  heading: string | null
  /** The champions row as written. */
  peopleWording: string | null
  champions: string[]
  leads: string[]
  sections: Json<PlanSection[]>
  notes: string[]
}

export interface ActionItemsTable {
  la: string
  planId: string
  id: Generated<string>
  ref: string | null
  refMisfit: boolean
  refNote: string | null
  priority: number | null
  section: string | null
  position: number
  sourceRow: number | null
  action: string
  leadOfficers: string[]
  leadOfficerWording: string
  byWhen: string
  dueDate: DateString | null
  dueDateKind: ByWhenKind
  dueDatePrecision: DatePrecision | null
  commenceBy: DateString | null
  status: ActionStatus | null
  statusWording: string
  statusQualifier: string | null
  writtenRag: RagColour | null
  ragOverride: RagColour | null
  ragOverrideReason: string | null
  ragOverrideSetAt: Timestamp | null
  kpiIds: string[]
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface ActionItemDueChangesTable {
  la: string
  planId: string
  itemId: string
  seq: number
  fromDate: DateString | null
  fromWording: string
  toDate: DateString | null
  toWording: string
  reason: string | null
  changedOn: DateString | null
  changedAt: CreatedAt
  source: 'import' | 'api'
}

/** Every status an action has had (written by the database: migrations/0008). */
export interface ActionItemStatusChangesTable {
  id: Generated<string>
  la: string
  planId: string
  itemId: string
  status: ActionStatus | null
  statusWording: string
  statusQualifier: string | null
  changedAt: CreatedAt
}

export interface ActionItemUpdatesTable {
  la: string
  planId: string
  itemId: string
  seq: number
  date: DateString | null
  dateTo: DateString | null
  datePrecision: DatePrecision | null
  dateWording: string | null
  text: string
  source: 'import' | 'api'
  createdAt: CreatedAt
}
