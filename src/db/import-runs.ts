import type { Kysely, Selectable } from 'kysely'
import type { Finding } from '../domain/findings.ts'
import { insertRows } from './bulk.ts'
import type { Database } from './database.ts'
import type { ImportRunsTable, TableCounts } from './tables/imports.ts'

export async function startImportRun(
  db: Kysely<Database>,
  run: Pick<ImportRunsTable, 'la' | 'clientId' | 'requestId' | 'format' | 'mode' | 'strict'>,
): Promise<string> {
  const row = await db
    .insertInto('import_runs')
    .values({ ...run, status: 'running' })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

const FINDING_COLUMNS = {
  run_id: 'uuid',
  seq: 'int',
  table_name: 'text',
  row_number: 'int',
  child_id: 'text',
  rule: 'text',
  severity: 'text',
  fields: 'text[]',
  message: 'text',
}

/**
 * The findings one run keeps: a return with more is broken as a whole, and the counts say how many
 * there were. Each is bounded too (the readers quote at most 100 characters of a value; this is the
 * last line of defence).
 */
const MAX_STORED_FINDINGS = 50_000
// U+0000 cannot be stored in text: a file can hold one (in a child id a finding names, say).
const bounded = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 3)}...` : text).replaceAll('\u0000', '\uFFFD')

/** Records how a run ended, with its findings; returns the run as stored. */
export async function finishImportRun(
  db: Kysely<Database>,
  id: string,
  outcome: {
    status: 'succeeded' | 'failed'
    changed: boolean
    counts: Record<string, TableCounts>
    findings: readonly Finding[]
    message: string | null
    durationMs: number
    shrinkConfirmed?: string | null
  },
): Promise<Selectable<ImportRunsTable>> {
  return db.transaction().execute(async (trx) => {
    const run = await trx
      .updateTable('import_runs')
      .set({
        status: outcome.status,
        changed: outcome.changed,
        counts: JSON.stringify(outcome.counts),
        errorCount: outcome.findings.filter((f) => f.severity === 'error').length,
        warningCount: outcome.findings.filter((f) => f.severity === 'warning').length,
        message: outcome.message,
        finishedAt: new Date(),
        durationMs: Math.round(outcome.durationMs),
        shrinkConfirmed: outcome.shrinkConfirmed ?? null,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow()
    await insertRows(
      trx,
      'import_findings',
      FINDING_COLUMNS,
      outcome.findings.slice(0, MAX_STORED_FINDINGS).map((f, seq) => ({
        run_id: id,
        seq: seq + 1,
        table_name: bounded(f.table, 100),
        row_number: f.rowNumber,
        child_id: f.childId === null ? null : bounded(f.childId, 100),
        rule: bounded(f.rule, 40),
        severity: f.severity,
        fields: f.fields.slice(0, 20).map((x) => bounded(x, 100)),
        message: bounded(f.message, 1000),
      })),
    )
    return run
  })
}

/**
 * Runs left 'running' by a process that died: nothing of theirs was committed, so they failed. Call
 * it only while holding the authority's import lock.
 */
export async function failAbandonedRuns(db: Kysely<Database>, la: string, exceptRunId: string): Promise<void> {
  await db
    .updateTable('import_runs')
    .set({ status: 'failed', message: 'The process stopped before the import finished; nothing was applied.', finishedAt: new Date() })
    .where('la', '=', la)
    .where('status', '=', 'running')
    .where('id', '<>', exceptRunId)
    .execute()
}
