import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'
import { finishImportRun, startImportRun } from '../../db/import-runs.ts'
import type { ImportRunsTable, TableCounts } from '../../db/tables/imports.ts'
import type { Snapshot } from '../../domain/imports/types.ts'
import { validateSnapshot } from '../../domain/imports/validate.ts'
import { applySnapshot, emptyCounts, ImportBusyError } from './apply.ts'

export interface ImportRequest {
  la: string
  format: ImportRunsTable['format']
  mode: 'snapshot' | 'delta'
  strict: boolean
  clientId: string | null
  requestId: string | null
  today: string
}

export interface ImportOutcome {
  runId: string
  status: 'succeeded' | 'failed'
  busy: boolean
}

/**
 * One import, start to finish: the run is recorded first (so even a failure is on record), the
 * snapshot is checked child by child, then applied in one transaction; the outcome, counts and every
 * finding go on the run. Shared by the HTTP endpoints and scripts/import-903.ts.
 */
export async function runImport(db: Kysely<Database>, snapshot: Snapshot, req: ImportRequest): Promise<ImportOutcome> {
  const started = performance.now()
  const runId = await startImportRun(db, {
    la: req.la,
    clientId: req.clientId,
    requestId: req.requestId,
    format: req.format,
    mode: req.mode,
    strict: req.strict,
  })
  const validated = validateSnapshot(snapshot, req.today)
  const errors = validated.findings.filter((f) => f.severity === 'error').length
  const finish = (status: 'succeeded' | 'failed', changed: boolean, counts: Record<string, TableCounts>, message: string | null) =>
    finishImportRun(db, runId, { status, changed, counts, findings: validated.findings, message, durationMs: performance.now() - started })

  const rejectedCounts = { children: { ...emptyCounts(), rejected: validated.rejectedChildIds.size } }
  if (snapshot.fatal) {
    await finish('failed', false, rejectedCounts, 'The files could not be read as a whole (see the findings); nothing was applied.')
    return { runId, status: 'failed', busy: false }
  }
  if (req.strict && errors > 0) {
    await finish('failed', false, rejectedCounts, `strict: ${errors} error finding${errors === 1 ? '' : 's'}; nothing was applied.`)
    return { runId, status: 'failed', busy: false }
  }
  try {
    const allChildIds = [...snapshot.children.map((c) => c.header.childId), ...validated.rejectedChildIds]
    const { changed, counts } = await applySnapshot(db, req.la, validated, { mode: req.mode, today: req.today, allChildIds, runId, keepStored: snapshot.keepStored ?? [] })
    await finish('succeeded', changed, counts, changed ? null : 'The snapshot matches what is stored: nothing changed.')
    return { runId, status: 'succeeded', busy: false }
  } catch (err) {
    const busy = err instanceof ImportBusyError
    // Only the message: a driver error's detail can quote a row.
    await finish('failed', false, rejectedCounts, busy ? (err as Error).message : `Nothing was applied: ${err instanceof Error ? err.message : String(err)}`)
    if (!busy) throw err
    return { runId, status: 'failed', busy: true }
  }
}
