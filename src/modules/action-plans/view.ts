/**
 * Stored rows to the API's shapes. RAG colours and overdue flags are not stored: they depend on the
 * day asked about, so they are derived on every read with the domain's rules (deriveRag).
 */
import type { Selectable } from 'kysely'
import type {
  ActionItemDueChangesTable,
  ActionItemsTable,
  ActionItemStatusChangesTable,
  ActionItemUpdatesTable,
  ActionPlansTable,
  ActionPrioritiesTable,
} from '../../db/tables/action-plans.ts'
import { compareUpdates } from '../../domain/action-plan/progress-updates.ts'
import { isOverdue, ragOf } from '../../domain/action-plan/rag.ts'
import { todayInEngland } from '../../domain/dates/today.ts'
import type { ActionItem, ActionPlan, ActionPriority, DueDateChange, ProgressUpdate, StatusChange } from './schemas.ts'

export type ItemRow = Selectable<ActionItemsTable>
export type ChangeRow = Selectable<ActionItemDueChangesTable>
export type UpdateRow = Selectable<ActionItemUpdatesTable>
export type StatusRow = Selectable<ActionItemStatusChangesTable>
export type PriorityRow = Selectable<ActionPrioritiesTable>
export type PlanRow = Selectable<ActionPlansTable> & { actionCount: number }

const toDueDateChange = (row: ChangeRow): DueDateChange => ({
  seq: row.seq,
  fromDate: row.fromDate,
  fromWording: row.fromWording,
  toDate: row.toDate,
  toWording: row.toWording,
  reason: row.reason,
  changedOn: row.changedOn,
  changedAt: row.changedAt.toISOString(),
  source: row.source,
})

export const toProgressUpdate = (row: UpdateRow): ProgressUpdate => ({
  seq: row.seq,
  date: row.date,
  dateTo: row.dateTo,
  precision: row.datePrecision,
  dateWording: row.dateWording,
  text: row.text,
  source: row.source,
  createdAt: row.createdAt.toISOString(),
})

/** A recorded status, with the day in England it was recorded. Rows come oldest first (by id). */
export const toStatusChange = (row: Pick<StatusRow, 'status' | 'statusWording' | 'statusQualifier' | 'changedAt'>): StatusChange => ({
  status: row.status,
  statusWording: row.statusWording,
  statusQualifier: row.statusQualifier,
  changedOn: todayInEngland(row.changedAt),
  changedAt: row.changedAt.toISOString(),
})

export function toActionItem(
  row: ItemRow,
  changes: readonly ChangeRow[],
  updates: readonly UpdateRow[],
  statuses: readonly StatusRow[],
  asAt: string,
): ActionItem {
  const rag = ragOf(row, asAt)
  return {
    id: row.id,
    planId: row.planId,
    ref: row.ref,
    refMisfit: row.refMisfit,
    refNote: row.refNote,
    priority: row.priority,
    section: row.section,
    action: row.action,
    leadOfficers: row.leadOfficers,
    leadOfficerWording: row.leadOfficerWording,
    byWhen: row.byWhen,
    dueDate: row.dueDate,
    dueDateKind: row.dueDateKind,
    dueDatePrecision: row.dueDatePrecision,
    commenceBy: row.commenceBy,
    status: row.status,
    statusWording: row.statusWording,
    statusQualifier: row.statusQualifier,
    writtenRag: row.writtenRag,
    rag: { asAt, colour: rag.colour, derived: rag.derived, basis: rag.basis },
    ragOverride:
      row.ragOverride !== null && row.ragOverrideReason !== null && row.ragOverrideSetAt !== null
        ? { colour: row.ragOverride, reason: row.ragOverrideReason, setAt: row.ragOverrideSetAt.toISOString() }
        : null,
    overdue: isOverdue(row, asAt),
    kpiIds: row.kpiIds,
    dueDateChanges: [...changes].sort((a, b) => a.seq - b.seq).map(toDueDateChange),
    statusHistory: statuses.map(toStatusChange),
    progressUpdates: [...updates].sort(compareUpdates).map(toProgressUpdate),
    sourceRow: row.sourceRow,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

export const toPriority = (row: PriorityRow): ActionPriority => ({
  number: row.number,
  title: row.title,
  heading: row.heading,
  champions: row.champions,
  leads: row.leads,
  peopleWording: row.peopleWording,
  sections: row.sections,
  notes: row.notes,
})

export const toActionPlan = (row: PlanRow, priorities: readonly PriorityRow[]): ActionPlan => ({
  id: row.id,
  la: row.la,
  title: row.title,
  board: row.board,
  periodStart: row.periodStart,
  periodEnd: row.periodEnd,
  notes: row.notes,
  priorities: [...priorities].sort((a, b) => a.number - b.number).map(toPriority),
  actionCount: row.actionCount,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
})

/** Groups rows by a key, keeping their order. */
export function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const row of rows) {
    const k = key(row)
    const list = out.get(k)
    if (list === undefined) out.set(k, [row])
    else list.push(row)
  }
  return out
}
