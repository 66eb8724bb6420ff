/**
 * The board's "progress of actions" picture at a day: counts by status and by RAG colour (overall and
 * per priority), the actions past their due date, and the actions whose due date has moved and how
 * often. Statuses are those that stood on `asAt` (the action's status history); due dates are the
 * current ones; colours are derived for `asAt` from both.
 */
import { daysBetween } from '../dates/calendar.ts'
import { isOverdue, ragOf, type ActionRagFields } from './rag.ts'
import { actionStatuses, ragColours, type ActionStatus, type RagColour } from './types.ts'

type StatusKey = ActionStatus | 'unknown'
type RagKey = RagColour | 'none'

/** An action as the summary needs it: its place in the plan, due date and status (as on asAt). */
export interface ProgressItem extends ActionRagFields {
  id: string
  ref: string | null
  priority: number | null
  position: number
  byWhen: string
}

/** A re-set of an action's due date, from its history. */
export interface ProgressChange {
  itemId: string
  seq: number
  fromDate: string | null
  fromWording: string
  changedOn: string | null
}

interface Counts {
  total: number
  byStatus: Record<StatusKey, number>
  byRag: Record<RagKey, number>
}

/** The board's progress picture (the API's ActionPlanProgress). */
export interface ProgressSummary extends Counts {
  planId: string
  asAt: string
  byPriority: Array<Counts & { number: number | null; title: string | null }>
  overdue: Array<{
    id: string
    ref: string | null
    priority: number | null
    dueDate: string
    byWhen: string
    status: ActionStatus | null
    rag: RagColour | null
    daysOverdue: number
  }>
  dueDateMoves: Array<{
    id: string
    ref: string | null
    priority: number | null
    moves: number
    firstDueDate: string | null
    firstByWhen: string
    dueDate: string | null
    byWhen: string
    lastChangedOn: string | null
  }>
}

function zero<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>
}
const statusKeys: readonly StatusKey[] = [...actionStatuses, 'unknown']
const ragKeys: readonly RagKey[] = [...ragColours, 'none']

export function summariseProgress(
  planId: string,
  asAt: string,
  priorities: ReadonlyArray<{ number: number; title: string }>,
  items: readonly ProgressItem[],
  changes: readonly ProgressChange[],
): ProgressSummary {
  const byStatus = zero(statusKeys)
  const byRag = zero(ragKeys)
  const perPriority = new Map<number | null, Counts>()
  for (const p of priorities) perPriority.set(p.number, { total: 0, byStatus: zero(statusKeys), byRag: zero(ragKeys) })
  const overdue: ProgressSummary['overdue'] = []

  for (const item of items) {
    const status: StatusKey = item.status ?? 'unknown'
    const colour = ragOf(item, asAt).colour
    const rag: RagKey = colour ?? 'none'
    byStatus[status]++
    byRag[rag]++
    let bucket = perPriority.get(item.priority)
    if (bucket === undefined) {
      bucket = { total: 0, byStatus: zero(statusKeys), byRag: zero(ragKeys) }
      perPriority.set(item.priority, bucket)
    }
    bucket.total++
    bucket.byStatus[status]++
    bucket.byRag[rag]++
    if (item.dueDate !== null && isOverdue(item, asAt)) {
      overdue.push({
        id: item.id,
        ref: item.ref,
        priority: item.priority,
        dueDate: item.dueDate,
        byWhen: item.byWhen,
        status: item.status,
        rag: colour,
        daysOverdue: daysBetween(item.dueDate, asAt),
      })
    }
  }

  const titles = new Map(priorities.map((p) => [p.number, p.title]))
  const byPriority = [...perPriority]
    .sort(([a], [b]) => (a === null ? -1 : b === null ? 1 : a - b))
    .map(([number, bucket]) => ({ number, title: number === null ? null : (titles.get(number) ?? null), ...bucket }))

  const itemsById = new Map(items.map((i) => [i.id, i]))
  const moved = new Map<string, ProgressChange[]>()
  for (const c of changes) {
    const list = moved.get(c.itemId)
    if (list === undefined) moved.set(c.itemId, [c])
    else list.push(c)
  }
  const dueDateMoves: ProgressSummary['dueDateMoves'] = []
  for (const [itemId, list] of moved) {
    const item = itemsById.get(itemId)
    if (item === undefined) continue
    list.sort((a, b) => a.seq - b.seq)
    const first = list[0]
    const changedDays = list.map((c) => c.changedOn).filter((d) => d !== null)
    dueDateMoves.push({
      id: item.id,
      ref: item.ref,
      priority: item.priority,
      moves: list.length,
      firstDueDate: first?.fromDate ?? null,
      firstByWhen: first?.fromWording ?? '',
      dueDate: item.dueDate,
      byWhen: item.byWhen,
      lastChangedOn: changedDays.length === 0 ? null : changedDays.reduce((a, b) => (a > b ? a : b)),
    })
  }
  const order = new Map(items.map((i, n) => [i.id, n]))
  dueDateMoves.sort((a, b) => b.moves - a.moves || (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0))

  return { planId, asAt, total: items.length, byStatus, byRag, byPriority, overdue, dueDateMoves }
}
