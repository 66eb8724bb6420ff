/**
 * Reading and writing action plans. Reads take a fixed number of queries whatever the plan's size
 * (items, then their due-date changes and progress updates in one query each). Every write runs in
 * the caller's transaction (the route's, with its audit event) and first bumps the authority's data
 * version, which also takes that authority's row lock, so writes to one authority's plans are
 * serialised (sequence numbers cannot race).
 */
import { sql, type Kysely, type Transaction, type UpdateObject } from 'kysely'
import { authorityExists } from '../../db/authorities.ts'
import { bumpDataVersion } from '../../db/data-version.ts'
import type { Database } from '../../db/database.ts'
import { resetDueDate } from '../../domain/action-plan/due-date-history.ts'
import { compareUpdates } from '../../domain/action-plan/progress-updates.ts'
import { ragOf } from '../../domain/action-plan/rag.ts'
import { refNote } from '../../domain/action-plan/refs.ts'
import { statusOn } from '../../domain/action-plan/status-history.ts'
import { HttpProblem, notFound, unprocessable } from '../../http/problem.ts'
import { dueFields, leadFields, statusFields } from './fields.ts'
import { summariseProgress } from '../../domain/action-plan/progress.ts'
import type {
  ActionItem,
  ActionPlan,
  ActionPriority,
  DueDateBody,
  ItemListQuery,
  ItemPatch,
  NewItem,
  NewPlan,
  NewProgressUpdate,
  PlanPatch,
  PlanProgress,
  PriorityBody,
  ProgressUpdate,
  RagOverrideBody,
} from './schemas.ts'
import type { PreparedImport } from './service.ts'
import {
  groupBy,
  toActionItem,
  toActionPlan,
  toPriority,
  toProgressUpdate,
  toStatusChange,
  type ChangeRow,
  type ItemRow,
  type StatusRow,
  type UpdateRow,
} from './view.ts'

type Db = Kysely<Database>
/** Writes run in the caller's transaction (the route's, which also holds the audit event). */
type Trx = Transaction<Database>

// ---- shared steps

/** Runs a write in the caller's transaction, after marking the authority's data as changed. */
export async function inWrite<T>(trx: Trx, la: string, work: (trx: Trx) => Promise<T>): Promise<T> {
  // No KPI reads action plans: the authority's version goes up, no kind's does.
  await bumpDataVersion(trx, la, [])
  return work(trx)
}

export async function requireAuthority(db: Db, la: string): Promise<void> {
  if (!(await authorityExists(db, la))) throw notFound(`No authority ${la}: an administrator adds it with PUT /v1/authorities/${la}.`)
}

const planNotFound = () => notFound('No such action plan for this authority.')
const itemNotFound = () => notFound('No such action in this plan.')

function checkPeriod(start: string | null, end: string | null): void {
  if (start !== null && end !== null && end < start) {
    throw unprocessable('The plan ends before it starts.', [{ in: 'body', pointer: '/periodEnd', message: `is before periodStart ${start}` }])
  }
}

async function planExists(db: Db, la: string, planId: string, lock = false): Promise<boolean> {
  let q = db.selectFrom('action_plans').select('id').where('la', '=', la).where('id', '=', planId)
  if (lock) q = q.forUpdate()
  return (await q.executeTakeFirst()) !== undefined
}

async function lockedItem(trx: Transaction<Database>, la: string, planId: string, itemId: string): Promise<ItemRow> {
  const row = await trx
    .selectFrom('action_items')
    .selectAll()
    .where('la', '=', la)
    .where('planId', '=', planId)
    .where('id', '=', itemId)
    .forUpdate()
    .executeTakeFirst()
  if (!row) throw (await planExists(trx, la, planId)) ? itemNotFound() : planNotFound()
  return row
}

// ---- plans

async function planRows(db: Db, la: string, planId?: string) {
  let q = db
    .selectFrom('action_plans as p')
    .selectAll('p')
    .select((eb) =>
      eb
        .selectFrom('action_items as i')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('i.la', '=', 'p.la')
        .whereRef('i.planId', '=', 'p.id')
        .as('actionCount'),
    )
    .where('p.la', '=', la)
    .orderBy('p.createdAt')
    .orderBy('p.id')
  if (planId !== undefined) q = q.where('p.id', '=', planId)
  const rows = await q.execute()
  return rows.map((r) => ({ ...r, actionCount: r.actionCount ?? 0 }))
}

export async function getPlan(db: Db, la: string, planId: string): Promise<ActionPlan | null> {
  const [row] = await planRows(db, la, planId)
  if (row === undefined) return null
  const priorities = await db.selectFrom('action_priorities').selectAll().where('la', '=', la).where('planId', '=', planId).execute()
  return toActionPlan(row, priorities)
}

export async function listPlans(db: Db, la: string): Promise<ActionPlan[]> {
  await requireAuthority(db, la)
  const rows = await planRows(db, la)
  const priorities = groupBy(await db.selectFrom('action_priorities').selectAll().where('la', '=', la).execute(), (p) => p.planId)
  return rows.map((r) => toActionPlan(r, priorities.get(r.id) ?? []))
}

type PriorityInput = PriorityBody & { number: number }

function priorityValues(la: string, planId: string, input: PriorityInput) {
  return {
    la,
    planId,
    number: input.number,
    title: input.title.trim(),
    champions: input.champions?.map((p) => p.trim()) ?? [],
    leads: input.leads?.map((p) => p.trim()) ?? [],
    sections: '[]',
    notes: [],
  }
}

export async function createPlan(trx: Trx, la: string, body: NewPlan): Promise<ActionPlan> {
  checkPeriod(body.periodStart ?? null, body.periodEnd ?? null)
  const priorities = body.priorities ?? []
  const seen = new Set<number>()
  priorities.forEach((p, i) => {
    if (seen.has(p.number)) {
      throw unprocessable('Two priorities have the same number.', [
        { in: 'body', pointer: `/priorities/${i}/number`, message: `priority ${p.number} is given twice` },
      ])
    }
    seen.add(p.number)
  })
  return inWrite(trx, la, async (trx) => {
    await requireAuthority(trx, la)
    const { id } = await trx
      .insertInto('action_plans')
      .values({
        la,
        title: body.title.trim(),
        board: body.board?.trim() ?? null,
        periodStart: body.periodStart ?? null,
        periodEnd: body.periodEnd ?? null,
        updatedAt: sql`now()`,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    if (priorities.length > 0) {
      await trx
        .insertInto('action_priorities')
        .values(priorities.map((p) => priorityValues(la, id, p)))
        .execute()
    }
    return (await getPlan(trx, la, id)) as ActionPlan
  })
}

export async function updatePlan(trx: Trx, la: string, planId: string, patch: PlanPatch): Promise<ActionPlan> {
  return inWrite(trx, la, async (trx) => {
    const current = await trx
      .selectFrom('action_plans')
      .select(['periodStart', 'periodEnd'])
      .where('la', '=', la)
      .where('id', '=', planId)
      .forUpdate()
      .executeTakeFirst()
    if (!current) throw planNotFound()
    checkPeriod(patch.periodStart === undefined ? current.periodStart : patch.periodStart, patch.periodEnd === undefined ? current.periodEnd : patch.periodEnd)
    await trx
      .updateTable('action_plans')
      .set({
        ...(patch.title !== undefined ? { title: patch.title.trim() } : {}),
        ...(patch.board !== undefined ? { board: patch.board?.trim() ?? null } : {}),
        ...(patch.periodStart !== undefined ? { periodStart: patch.periodStart } : {}),
        ...(patch.periodEnd !== undefined ? { periodEnd: patch.periodEnd } : {}),
        updatedAt: sql`now()`,
      })
      .where('la', '=', la)
      .where('id', '=', planId)
      .execute()
    return (await getPlan(trx, la, planId)) as ActionPlan
  })
}

export async function deletePlan(trx: Trx, la: string, planId: string): Promise<void> {
  await inWrite(trx, la, async (trx) => {
    // Priorities, actions, their updates and due-date changes go with it (on delete cascade).
    const gone = await trx.deleteFrom('action_plans').where('la', '=', la).where('id', '=', planId).executeTakeFirst()
    if (gone.numDeletedRows === 0n) throw planNotFound()
  })
}

/** Creates or replaces a priority's title, champions and leads; what an import kept (heading, sections) stays. */
export async function putPriority(
  trx: Trx,
  la: string,
  planId: string,
  number: number,
  body: PriorityBody,
): Promise<{ priority: ActionPriority; created: boolean }> {
  return inWrite(trx, la, async (trx) => {
    if (!(await planExists(trx, la, planId, true))) throw planNotFound()
    const values = priorityValues(la, planId, { ...body, number })
    const row = await trx
      .insertInto('action_priorities')
      .values(values)
      .onConflict((oc) =>
        oc.columns(['la', 'planId', 'number']).doUpdateSet({
          title: values.title,
          ...(body.champions !== undefined ? { champions: values.champions } : {}),
          ...(body.leads !== undefined ? { leads: values.leads } : {}),
        }),
      )
      .returningAll()
      .returning(sql<boolean>`xmax = 0`.as('created'))
      .executeTakeFirstOrThrow()
    await touchPlan(trx, la, planId)
    return { priority: toPriority(row), created: row.created }
  })
}

export async function deletePriority(trx: Trx, la: string, planId: string, number: number): Promise<void> {
  await inWrite(trx, la, async (trx) => {
    if (!(await planExists(trx, la, planId, true))) throw planNotFound()
    const used = await trx
      .selectFrom('action_items')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('la', '=', la)
      .where('planId', '=', planId)
      .where('priority', '=', number)
      .executeTakeFirstOrThrow()
    if (used.n > 0) {
      throw new HttpProblem(409, 'conflict', `Priority ${number} still has ${used.n} action(s): move or delete them first.`)
    }
    const gone = await trx.deleteFrom('action_priorities').where('la', '=', la).where('planId', '=', planId).where('number', '=', number).executeTakeFirst()
    if (gone.numDeletedRows === 0n) throw notFound(`No priority ${number} in this plan.`)
    await touchPlan(trx, la, planId)
  })
}

async function touchPlan(trx: Transaction<Database>, la: string, planId: string): Promise<void> {
  await trx
    .updateTable('action_plans')
    .set({ updatedAt: sql`now()` })
    .where('la', '=', la)
    .where('id', '=', planId)
    .execute()
}

/** Writes these columns of an action (stamping updated_at), touches its plan, and reads the action back. */
async function saveItem(
  trx: Transaction<Database>,
  la: string,
  planId: string,
  itemId: string,
  values: UpdateObject<Database, 'action_items'>,
  asAt: string,
): Promise<ActionItem> {
  await trx
    .updateTable('action_items')
    .set({ ...values, updatedAt: sql`now()` })
    .where('la', '=', la)
    .where('planId', '=', planId)
    .where('id', '=', itemId)
    .execute()
  await touchPlan(trx, la, planId)
  return getItem(trx, la, planId, itemId, asAt)
}

// ---- actions: reads

/** The statuses these items have had (all the plan's when ids is null), oldest first. */
function statusChanges(db: Db, la: string, planId: string, ids: readonly string[] | null) {
  let q = db.selectFrom('action_item_status_changes').selectAll().where('la', '=', la).where('planId', '=', planId)
  if (ids !== null) q = q.where(sql<boolean>`item_id = any(${ids}::uuid[])`)
  return q.orderBy('id').execute()
}

/** Due-date changes, statuses and progress updates of these items, in three queries. */
async function withHistory(db: Db, la: string, planId: string, rows: readonly ItemRow[], asAt: string): Promise<ActionItem[]> {
  if (rows.length === 0) return []
  const ids = rows.map((r) => r.id)
  const [changes, statuses, updates] = await Promise.all([
    db
      .selectFrom('action_item_due_changes')
      .selectAll()
      .where('la', '=', la)
      .where('planId', '=', planId)
      .where(sql<boolean>`item_id = any(${ids}::uuid[])`)
      .execute(),
    statusChanges(db, la, planId, ids),
    db
      .selectFrom('action_item_updates')
      .selectAll()
      .where('la', '=', la)
      .where('planId', '=', planId)
      .where(sql<boolean>`item_id = any(${ids}::uuid[])`)
      .execute(),
  ])
  const changesOf = groupBy<ChangeRow>(changes, (c) => c.itemId)
  const updatesOf = groupBy<UpdateRow>(updates, (u) => u.itemId)
  const statusesOf = groupBy<StatusRow>(statuses, (u) => u.itemId)
  return rows.map((r) => toActionItem(r, changesOf.get(r.id) ?? [], updatesOf.get(r.id) ?? [], statusesOf.get(r.id) ?? [], asAt))
}

export async function listItems(db: Db, la: string, planId: string, filters: ItemListQuery, asAt: string): Promise<ActionItem[]> {
  if (!(await planExists(db, la, planId))) throw planNotFound()
  let q = db
    .selectFrom('action_items')
    .selectAll()
    .where('la', '=', la)
    .where('planId', '=', planId)
    .orderBy('priority', (ob) => ob.asc().nullsFirst())
    .orderBy('position')
  if (filters.status !== undefined && filters.status.length > 0) {
    const statuses = filters.status
    const known = statuses.filter((s) => s !== 'unknown')
    q = q.where((eb) => eb.or([...(known.length > 0 ? [eb('status', 'in', known)] : []), ...(statuses.includes('unknown') ? [eb('status', 'is', null)] : [])]))
  }
  if (filters.priority !== undefined) q = q.where('priority', '=', filters.priority)
  if (filters.lead !== undefined) {
    const needle = filters.lead.trim().toLowerCase()
    q = q.where(sql<boolean>`strpos(lower(lead_officer_wording || E'\n' || array_to_string(lead_officers, E'\n')), ${needle}) > 0`)
  }
  if (filters.overdueAt !== undefined) {
    q = q
      .where('dueDate', '<', filters.overdueAt)
      .where((eb) => eb.or([eb('status', 'is', null), eb('status', 'not in', ['complete', 'complete_monitoring', 'obsolete'])]))
  }
  if (filters.kpiId !== undefined) q = q.where(sql<boolean>`kpi_ids @> array[${filters.kpiId}]::text[]`)
  let rows = await q.execute()
  if (filters.rag !== undefined && filters.rag.length > 0) {
    const wanted = new Set<string>(filters.rag)
    rows = rows.filter((r) => wanted.has(ragOf(r, asAt).colour ?? 'none'))
  }
  return withHistory(db, la, planId, rows, asAt)
}

export async function getItem(db: Db, la: string, planId: string, itemId: string, asAt: string): Promise<ActionItem> {
  const row = await db.selectFrom('action_items').selectAll().where('la', '=', la).where('planId', '=', planId).where('id', '=', itemId).executeTakeFirst()
  if (!row) throw (await planExists(db, la, planId)) ? itemNotFound() : planNotFound()
  const [item] = await withHistory(db, la, planId, [row], asAt)
  return item as ActionItem
}

// ---- actions: writes

async function requirePriority(trx: Transaction<Database>, la: string, planId: string, priority: number | null): Promise<void> {
  if (priority === null) return
  const found = await trx
    .selectFrom('action_priorities')
    .select('number')
    .where('la', '=', la)
    .where('planId', '=', planId)
    .where('number', '=', priority)
    .executeTakeFirst()
  if (!found) {
    throw unprocessable('The plan has no such priority.', [
      { in: 'body', pointer: '/priority', message: `priority ${priority} is not in this plan; add it with PUT .../priorities/${priority}` },
    ])
  }
}

async function requireFreeRef(trx: Transaction<Database>, la: string, planId: string, ref: string, except: string | null): Promise<void> {
  let q = trx.selectFrom('action_items').select('id').where('la', '=', la).where('planId', '=', planId).where('ref', '=', ref)
  if (except !== null) q = q.where('id', '<>', except)
  if (await q.executeTakeFirst()) {
    throw new HttpProblem(409, 'conflict', `Another action in this plan has ref ${ref}.`, [
      { in: 'body', pointer: '/ref', message: 'is already used in this plan' },
    ])
  }
}

export async function createItem(trx: Trx, la: string, planId: string, body: NewItem, asAt: string): Promise<ActionItem> {
  const status = statusFields(body.status, body.statusWording)
  const due = dueFields(body.byWhen, body.dueDate, false)
  const leads = leadFields(body.leadOfficers, body.leadOfficerWording)
  const ref = body.ref.trim()
  const priority = body.priority ?? null
  const section = body.section?.trim() ?? null
  return inWrite(trx, la, async (trx) => {
    if (!(await planExists(trx, la, planId, true))) throw planNotFound()
    await requirePriority(trx, la, planId, priority)
    await requireFreeRef(trx, la, planId, ref, null)
    const note = refNote(ref, priority, section)
    const { id } = await trx
      .insertInto('action_items')
      .values({
        la,
        planId,
        ref,
        refMisfit: note !== null,
        refNote: note,
        priority,
        section,
        position: sql<number>`(select coalesce(max(position), 0) + 1 from action_items where la = ${la} and plan_id = ${planId})`,
        sourceRow: null,
        action: body.action.trim(),
        ...leads,
        ...due,
        ...status,
        ragOverride: null,
        ragOverrideReason: null,
        ragOverrideSetAt: null,
        kpiIds: body.kpiIds ?? [],
        updatedAt: sql`now()`,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await touchPlan(trx, la, planId)
    return getItem(trx, la, planId, id, asAt)
  })
}

export async function updateItem(trx: Trx, la: string, planId: string, itemId: string, patch: ItemPatch, asAt: string): Promise<ActionItem> {
  const status = patch.status !== undefined || patch.statusWording !== undefined ? statusFields(patch.status, patch.statusWording) : null
  const leads = patch.leadOfficers !== undefined || patch.leadOfficerWording !== undefined ? leadFields(patch.leadOfficers, patch.leadOfficerWording) : null
  return inWrite(trx, la, async (trx) => {
    const current = await lockedItem(trx, la, planId, itemId)
    const ref = patch.ref !== undefined ? patch.ref.trim() : current.ref
    const priority = patch.priority !== undefined ? patch.priority : current.priority
    const section = patch.section !== undefined ? (patch.section?.trim() ?? null) : current.section
    if (patch.priority !== undefined) await requirePriority(trx, la, planId, priority)
    if (patch.ref !== undefined && ref !== null) await requireFreeRef(trx, la, planId, ref, itemId)
    const refChanged = patch.ref !== undefined || patch.priority !== undefined || patch.section !== undefined
    const note = refChanged ? refNote(ref, priority, section) : current.refNote
    return saveItem(
      trx,
      la,
      planId,
      itemId,
      {
        ...(refChanged ? { ref, priority, section, refMisfit: note !== null, refNote: note } : {}),
        ...(patch.action !== undefined ? { action: patch.action.trim() } : {}),
        ...(leads ?? {}),
        ...(status ?? {}),
        ...(patch.kpiIds !== undefined ? { kpiIds: patch.kpiIds } : {}),
      },
      asAt,
    )
  })
}

export async function deleteItem(trx: Trx, la: string, planId: string, itemId: string): Promise<void> {
  await inWrite(trx, la, async (trx) => {
    await lockedItem(trx, la, planId, itemId)
    await trx.deleteFrom('action_items').where('la', '=', la).where('planId', '=', planId).where('id', '=', itemId).execute()
    await touchPlan(trx, la, planId)
  })
}

/**
 * Moves an action's due date, keeping the change (from, to, both wordings, reason, day) after those
 * before it. Refused when nothing would change.
 */
export async function changeDueDate(
  trx: Trx,
  la: string,
  planId: string,
  itemId: string,
  body: DueDateBody,
  changedOn: string,
  asAt: string,
): Promise<ActionItem> {
  if (body.byWhen === undefined && body.dueDate === undefined) {
    throw unprocessable('Say what the due date becomes.', [{ in: 'body', pointer: '/byWhen', message: 'is required when dueDate is not given' }])
  }
  const due = dueFields(body.byWhen, body.dueDate, false)
  return inWrite(trx, la, async (trx) => {
    const current = await lockedItem(trx, la, planId, itemId)
    if (current.dueDate === due.dueDate && current.byWhen === due.byWhen) {
      throw unprocessable('The due date is already that.', [
        { in: 'body', pointer: body.dueDate !== undefined ? '/dueDate' : '/byWhen', message: 'is the current due date' },
      ])
    }
    // The domain rule checks the reason and makes the change record.
    const next = resetDueDate(
      { byWhen: current.byWhen, dueDate: current.dueDate, history: [] },
      { byWhen: due.byWhen, dueDate: due.dueDate, reason: body.reason, changedOn },
    )
    const change = next.history[0]
    if (change === undefined) throw new Error('resetDueDate made no change record')
    await trx
      .insertInto('action_item_due_changes')
      .values({
        la,
        planId,
        itemId,
        seq: sql<number>`(select coalesce(max(seq), 0) + 1 from action_item_due_changes where la = ${la} and plan_id = ${planId} and item_id = ${itemId})`,
        fromDate: change.from,
        fromWording: change.fromWording,
        toDate: change.to,
        toWording: change.toWording,
        reason: change.reason,
        changedOn: change.changedOn,
        source: 'api',
      })
      .execute()
    return saveItem(trx, la, planId, itemId, due, asAt)
  })
}

/** Sets (body) or clears (null) the RAG override. */
export async function setRagOverride(trx: Trx, la: string, planId: string, itemId: string, body: RagOverrideBody | null, asAt: string): Promise<ActionItem> {
  return inWrite(trx, la, async (trx) => {
    await lockedItem(trx, la, planId, itemId)
    const override =
      body === null
        ? { ragOverride: null, ragOverrideReason: null, ragOverrideSetAt: null }
        : { ragOverride: body.colour, ragOverrideReason: body.reason.trim(), ragOverrideSetAt: sql<Date>`now()` }
    return saveItem(trx, la, planId, itemId, override, asAt)
  })
}

export async function addProgressUpdate(trx: Trx, la: string, planId: string, itemId: string, body: NewProgressUpdate, date: string): Promise<ProgressUpdate> {
  return inWrite(trx, la, async (trx) => {
    await lockedItem(trx, la, planId, itemId)
    const row = await trx
      .insertInto('action_item_updates')
      .values({
        la,
        planId,
        itemId,
        seq: sql<number>`(select coalesce(max(seq), 0) + 1 from action_item_updates where la = ${la} and plan_id = ${planId} and item_id = ${itemId})`,
        date,
        dateTo: date,
        datePrecision: 'day',
        dateWording: null,
        text: body.text.trim(),
        source: 'api',
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    await trx
      .updateTable('action_items')
      .set({ updatedAt: sql`now()` })
      .where('la', '=', la)
      .where('planId', '=', planId)
      .where('id', '=', itemId)
      .execute()
    await touchPlan(trx, la, planId)
    return toProgressUpdate(row)
  })
}

export async function listProgressUpdates(db: Db, la: string, planId: string, itemId: string): Promise<ProgressUpdate[]> {
  const item = await db.selectFrom('action_items').select('id').where('la', '=', la).where('planId', '=', planId).where('id', '=', itemId).executeTakeFirst()
  if (!item) throw (await planExists(db, la, planId)) ? itemNotFound() : planNotFound()
  const rows = await db.selectFrom('action_item_updates').selectAll().where('la', '=', la).where('planId', '=', planId).where('itemId', '=', itemId).execute()
  return rows.sort(compareUpdates).map(toProgressUpdate)
}

// ---- progress

export async function planProgress(db: Db, la: string, planId: string, asAt: string): Promise<PlanProgress> {
  if (!(await planExists(db, la, planId))) throw planNotFound()
  const [priorities, current, changes, statuses] = await Promise.all([
    db.selectFrom('action_priorities').select(['number', 'title']).where('la', '=', la).where('planId', '=', planId).orderBy('number').execute(),
    db
      .selectFrom('action_items')
      .select(['id', 'ref', 'priority', 'position', 'status', 'dueDate', 'byWhen', 'ragOverride', 'ragOverrideReason'])
      .where('la', '=', la)
      .where('planId', '=', planId)
      .orderBy('priority', (ob) => ob.asc().nullsFirst())
      .orderBy('position')
      .execute(),
    db
      .selectFrom('action_item_due_changes')
      .select(['itemId', 'seq', 'fromDate', 'fromWording', 'changedOn'])
      .where('la', '=', la)
      .where('planId', '=', planId)
      .execute(),
    statusChanges(db, la, planId, null),
  ])
  // Each action with the status it had on asAt.
  const history = groupBy(
    statuses.map((r) => ({ itemId: r.itemId, ...toStatusChange(r) })),
    (c) => c.itemId,
  )
  const items = current.map((i) => {
    const then = statusOn(history.get(i.id) ?? [], asAt)
    return then ? { ...i, status: then.status } : i
  })
  return summariseProgress(planId, asAt, priorities, items, changes)
}

/** Writes an imported plan with its priorities, actions, updates and due-date changes: one statement per table. */
export async function insertImportedPlan(trx: Trx, la: string, prepared: PreparedImport): Promise<void> {
  const { body, table, planId, priorities, items, updates, changes } = prepared
  await trx
    .insertInto('action_plans')
    .values({
      la,
      id: planId,
      title: body.title.trim(),
      board: body.board?.trim() ?? null,
      periodStart: body.periodStart ?? null,
      periodEnd: body.periodEnd ?? null,
      notes: table.notes,
      updatedAt: sql`now()`,
    })
    .execute()
  if (priorities.length > 0) await trx.insertInto('action_priorities').values(priorities).execute()
  await sql`
    insert into action_items (
      la, plan_id, id, ref, ref_misfit, ref_note, priority, section, position, source_row, action,
      lead_officers, lead_officer_wording, by_when, due_date, due_date_kind, due_date_precision, commence_by,
      status, status_wording, status_qualifier, written_rag, updated_at)
    select ${la}, ${planId}::uuid, x.id, x.ref, x.ref_misfit, x.ref_note, x.priority, x.section, x.position, x.source_row, x.action,
      x.lead_officers, x.lead_officer_wording, x.by_when, x.due_date, x.due_date_kind, x.due_date_precision, x.commence_by,
      x.status, x.status_wording, x.status_qualifier, x.written_rag, now()
    from jsonb_to_recordset(${JSON.stringify(items)}::jsonb) as x(
      id uuid, ref text, ref_misfit boolean, ref_note text, priority integer, section text, position integer,
      source_row integer, action text, lead_officers text[], lead_officer_wording text, by_when text, due_date date,
      due_date_kind text, due_date_precision text, commence_by date, status text, status_wording text,
      status_qualifier text, written_rag text)`.execute(trx)
  await sql`
    insert into action_item_updates (la, plan_id, item_id, seq, date, date_to, date_precision, date_wording, text, source)
    select ${la}, ${planId}::uuid, x.item_id, x.seq, x.date, x.date_to, x.date_precision, x.date_wording, x.text, 'import'
    from jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) as x(
      item_id uuid, seq integer, date date, date_to date, date_precision text, date_wording text, text text)`.execute(trx)
  await sql`
    insert into action_item_due_changes (la, plan_id, item_id, seq, from_date, from_wording, to_date, to_wording, source)
    select ${la}, ${planId}::uuid, x.item_id, x.seq, x.from_date, x.from_wording, x.to_date, x.to_wording, 'import'
    from jsonb_to_recordset(${JSON.stringify(changes)}::jsonb) as x(
      item_id uuid, seq integer, from_date date, from_wording text, to_date date, to_wording text)`.execute(trx)
}

/**
 * The plan's latest progress updates dated on or before asAt (an update the board's table gave no date
 * counts as of when it was stored), newest first, with the action's ref: the board pack's "recent updates".
 */
export async function recentUpdates(db: Db, la: string, planId: string, asAt: string, limit: number) {
  return db
    .selectFrom('action_item_updates as u')
    .innerJoin('action_items as i', (j) => j.onRef('i.la', '=', 'u.la').onRef('i.planId', '=', 'u.planId').onRef('i.id', '=', 'u.itemId'))
    .select(['i.ref', 'u.date', 'u.text'])
    .where('u.la', '=', la)
    .where('u.planId', '=', planId)
    .where(sql<boolean>`coalesce(u.date, (u.created_at at time zone 'Europe/London')::date) <= ${asAt}::date`)
    .orderBy(sql`coalesce(u.date, (u.created_at at time zone 'Europe/London')::date)`, 'desc')
    .orderBy('i.position', 'desc')
    .orderBy('u.seq', 'desc')
    .limit(limit)
    .execute()
}
