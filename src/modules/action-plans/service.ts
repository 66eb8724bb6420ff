/**
 * Imports a plan from the board's table (CSV or JSON export): the table is read and checked first
 * (prepareActionPlanImport), then stored in a transaction (storeActionPlanImport): the endpoint's,
 * which also holds the audit event, or the one scripts/import-action-plan.ts opens (importActionPlan).
 *
 * The table is read by the domain (src/domain/action-plan/import.ts), which keeps every cell as written
 * and reports what it noticed. Warnings (a ref that does not fit, wording we cannot read) travel with
 * the answer and the data is imported as written; errors (no Ref column, a ref used twice, a cell too
 * long to store) refuse the whole import with the findings, so nothing is half-loaded.
 *
 * The plan, its priorities, its actions, their dated progress updates and the due-date re-sets written
 * in the By When cells are inserted in one transaction, one statement per table: each set of rows goes
 * to the database as one JSON parameter read by jsonb_to_recordset.
 */
import { randomUUID } from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../db/database.ts'
import { countByStatus, parseActionPlanCsv, parseActionPlanJson, type ActionPlanImport } from '../../domain/action-plan/import.ts'
import type { TableFinding } from '../../domain/action-plan/types.ts'
import { unprocessable } from '../../http/problem.ts'
import { refNote } from '../../domain/action-plan/refs.ts'
import { splitPriorityPeople } from '../../domain/action-plan/priority-people.ts'
import { getPlan, inWrite, insertImportedPlan, requireAuthority } from './queries.ts'
import type { ActionPlan, ImportBody, ImportResult } from './schemas.ts'

/** What the database can hold; a longer cell is an error finding, not a failed insert. */
const LIMITS = { ref: 40, section: 40, action: 20_000, byWhen: 500, update: 20_000 } as const

/** Reads the table; a JSON text that does not parse is refused naming the field. */
function readTable(format: 'csv' | 'json', content: string): ActionPlanImport {
  if (content.includes('\u0000')) {
    throw unprocessable('The content holds a NUL character.', [{ in: 'body', pointer: '/content', message: 'holds a NUL character' }])
  }
  if (format === 'csv') return parseActionPlanCsv(content)
  let value: unknown
  try {
    value = JSON.parse(content)
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e)
    throw unprocessable('The content is not valid JSON.', [{ in: 'body', pointer: '/content', message: `is not valid JSON: ${why}` }])
  }
  return parseActionPlanJson(value)
}

function error(code: TableFinding['code'], message: string, at: Partial<TableFinding>): TableFinding {
  return { severity: 'error', code, message, row: at.row ?? null, ref: at.ref ?? null, field: at.field ?? null, value: at.value ?? null }
}

/** Findings for what the tables cannot store: too long, a priority number out of range, a date out of range. */
function storageFindings(plan: ActionPlanImport): TableFinding[] {
  const out: TableFinding[] = []
  for (const p of plan.priorities) {
    if (p.number < 1 || p.number > 999) {
      out.push(error('unknown_priority', `priority ${p.number} is outside 1-999`, { row: p.row, field: 'Ref', value: p.heading }))
    }
  }
  for (const a of plan.actions) {
    const at = { row: a.row, ref: a.ref === '' ? null : a.ref }
    const tooLong = (field: TableFinding['field'], value: string, limit: number) => {
      if (value.length > limit) {
        out.push(error('bad_cell', `${field} is longer than ${limit} characters`, { ...at, field, value: value.slice(0, 80) }))
      }
    }
    tooLong('Ref', a.ref, LIMITS.ref)
    tooLong('Action', a.action, LIMITS.action)
    tooLong('By When', a.byWhen, LIMITS.byWhen)
    if (a.section !== null && a.section.length > LIMITS.section) {
      out.push(error('bad_cell', `section ${a.section.slice(0, 80)} is longer than ${LIMITS.section} characters`, { ...at, field: 'Ref' }))
    }
    for (const u of a.progressUpdates) tooLong('Progress Update', u.text, LIMITS.update)
  }
  return out
}

/** An import read, checked and turned into rows, ready to store. */
export interface PreparedImport {
  body: ImportBody
  table: ActionPlanImport
  findings: TableFinding[]
  planId: string
  priorities: ReturnType<typeof priorityRows>
  items: ReturnType<typeof itemRows>
  updates: ReturnType<typeof updateRows>
  changes: ReturnType<typeof changeRows>
}

/**
 * Reads and checks the table, before any transaction (the parse of a large table takes a while):
 * errors refuse it with 422 and the findings.
 */
export function prepareActionPlanImport(la: string, body: ImportBody): PreparedImport {
  if (body.periodStart && body.periodEnd && body.periodEnd < body.periodStart) {
    throw unprocessable('The plan ends before it starts.', [{ in: 'body', pointer: '/periodEnd', message: `is before periodStart ${body.periodStart}` }])
  }
  const table = readTable(body.format, body.content)
  const findings = [...table.findings, ...storageFindings(table)]
  const errors = findings.filter((f) => f.severity === 'error')
  if (errors.length > 0) {
    throw unprocessable(
      `The table was not imported: ${errors.length} error(s). Nothing was stored; see findings.`,
      errors.slice(0, 50).map((f) => ({
        in: 'body' as const,
        pointer: '/content',
        message: `${f.row === null ? '' : `row ${f.row}: `}${f.message}`,
        rule: f.code,
      })),
      { findings },
    )
  }

  const planId = randomUUID()
  const items = itemRows(table)
  return {
    body,
    table,
    findings,
    planId,
    priorities: priorityRows(table, la, planId),
    items,
    updates: updateRows(table, items),
    changes: changeRows(table, items),
  }
}

const priorityRows = (table: ActionPlanImport, la: string, planId: string) =>
  table.priorities.map((p) => ({
    la,
    planId,
    number: p.number,
    title: p.title,
    heading: p.heading,
    peopleWording: p.champions,
    ...splitPriorityPeople(p.champions),
    sections: JSON.stringify(p.sections.map((s) => ({ ref: s.ref, title: s.title, notes: s.notes }))),
    notes: p.notes,
  }))

const itemRows = (table: ActionPlanImport) =>
  table.actions.map((a, i) => {
    const ref = a.ref === '' ? null : a.ref
    const note = refNote(ref, a.priority, a.section)
    return {
      id: randomUUID(),
      ref,
      ref_misfit: note !== null,
      ref_note: note,
      priority: a.priority,
      section: a.section,
      position: i + 1,
      source_row: a.row,
      action: a.action,
      lead_officers: a.leadOfficers,
      lead_officer_wording: a.leadOfficer,
      by_when: a.byWhen,
      due_date: a.dueDate,
      due_date_kind: a.dueDateKind,
      due_date_precision: a.dueDatePrecision,
      commence_by: a.commenceBy,
      status: a.status,
      status_wording: a.statusWording,
      status_qualifier: a.statusQualifier,
      written_rag: a.writtenRag,
    }
  })

/** Rows of a list each action carries (its updates, its due-date re-sets): tied to the action's id, numbered from 1. */
const perAction = <T, R>(
  table: ActionPlanImport,
  items: ReturnType<typeof itemRows>,
  listOf: (a: ActionPlanImport['actions'][number]) => readonly T[],
  row: (x: T) => R,
) => table.actions.flatMap((a, i) => listOf(a).map((x, j) => ({ item_id: items[i]?.id, seq: j + 1, ...row(x) })))

const updateRows = (table: ActionPlanImport, items: ReturnType<typeof itemRows>) =>
  perAction(
    table,
    items,
    (a) => a.progressUpdates,
    (u) => ({
      date: u.date,
      date_to: u.dateTo,
      date_precision: u.precision,
      date_wording: u.dateWording,
      text: u.text,
    }),
  )

const changeRows = (table: ActionPlanImport, items: ReturnType<typeof itemRows>) =>
  perAction(
    table,
    items,
    (a) => a.dueDateHistory,
    (c) => ({
      from_date: c.from,
      from_wording: c.fromWording,
      to_date: c.to,
      to_wording: c.toWording,
    }),
  )

/** Stores a prepared import in the caller's transaction, in one statement per table. */
export async function storeActionPlanImport(trx: Transaction<Database>, la: string, prepared: PreparedImport): Promise<ImportResult> {
  const { table, findings, planId, priorities, items, updates, changes } = prepared
  const plan = await inWrite(trx, la, async (trx) => {
    await requireAuthority(trx, la)
    await insertImportedPlan(trx, la, prepared)
    return (await getPlan(trx, la, planId)) as ActionPlan
  })

  return {
    plan,
    counts: {
      priorities: priorities.length,
      actions: items.length,
      progressUpdates: updates.length,
      dueDateChanges: changes.length,
      refMisfits: items.filter((i) => i.ref_misfit).length,
      byStatus: countByStatus(table.actions),
    },
    findings,
  }
}

/** Reads and stores an import in a transaction of its own (the command line; not audited). */
export async function importActionPlan(db: Kysely<Database>, la: string, body: ImportBody): Promise<ImportResult> {
  const prepared = prepareActionPlanImport(la, body)
  return db.transaction().execute((trx) => storeActionPlanImport(trx, la, prepared))
}

/** The summary the import script prints: counts by status, then each finding on a line. */
export function formatImportSummary(result: ImportResult): string {
  const { plan, counts } = result
  const lines = [
    `Imported "${plan.title}" (plan ${plan.id}) for authority ${plan.la}:`,
    `  ${counts.priorities} priorities, ${counts.actions} actions, ${counts.progressUpdates} progress updates, ` +
      `${counts.dueDateChanges} due-date re-sets, ${counts.refMisfits} refs that do not fit (kept as written)`,
    '  by status:',
    ...Object.entries(counts.byStatus)
      .filter(([, n]) => n > 0)
      .map(([status, n]) => `    ${status.padEnd(20)} ${n}`),
    result.findings.length === 0 ? '  no findings' : `  findings (${result.findings.length}):`,
    ...result.findings.map((f) => `    ${formatFinding(f)}`),
  ]
  return `${lines.join('\n')}\n`
}

export function formatFinding(f: { severity: string; row: number | null; ref: string | null; field: string | null; message: string }): string {
  const where = [f.row === null ? null : `row ${f.row}`, f.ref === null ? null : `ref ${f.ref}`, f.field].filter((w) => w !== null)
  return `${f.severity}${where.length ? ` (${where.join(', ')})` : ''}: ${f.message}`
}
