import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'
import { finishImportRun, startImportRun } from '../../db/import-runs.ts'
import type { ImportRunsTable, TableCounts } from '../../db/tables/imports.ts'
import type { ImportFinding, Snapshot } from '../../domain/imports/types.ts'
import { validateSnapshot } from '../../domain/imports/validate.ts'
import { applySnapshot, emptyCounts, ImportBusyError, StrictImportError } from './apply.ts'
import type { PartnerSnapshot } from './apply-partner.ts'

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
 * snapshot is checked child by child, then applied in one transaction with its partner records (a
 * JSON snapshot's; they are checked inside it, against the children as written); the outcome,
 * counts and every finding go on the run. Shared by the HTTP endpoints and scripts/import-903.ts.
 */
export async function runImport(db: Kysely<Database>, snapshot: Snapshot, req: ImportRequest, partner?: PartnerSnapshot): Promise<ImportOutcome> {
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
  const finish = (status: 'succeeded' | 'failed', changed: boolean, counts: Record<string, TableCounts>, message: string | null, more: readonly ImportFinding[] = []) =>
    finishImportRun(db, runId, { status, changed, counts, findings: [...validated.findings, ...more], message, durationMs: performance.now() - started })
  const strictMessage = (n: number) => `strict: ${n} error finding${n === 1 ? '' : 's'}; nothing was applied.`

  const rejectedCounts = { children: { ...emptyCounts(), rejected: validated.rejectedChildIds.size } }
  if (snapshot.fatal) {
    await finish('failed', false, rejectedCounts, 'The files could not be read as a whole (see the findings); nothing was applied.')
    return { runId, status: 'failed', busy: false }
  }
  if (req.strict && errors > 0) {
    await finish('failed', false, rejectedCounts, strictMessage(errors))
    return { runId, status: 'failed', busy: false }
  }
  try {
    const allChildIds = [...snapshot.children.map((c) => c.header.childId), ...validated.rejectedChildIds]
    const { changed, counts, findings } = await applySnapshot(db, req.la, validated, {
      mode: req.mode,
      today: req.today,
      allChildIds,
      runId,
      keepStored: snapshot.keepStored ?? [],
      strict: req.strict,
      ...(partner ? { partner } : {}),
    })
    await finish('succeeded', changed, counts, changed ? null : 'The snapshot matches what is stored: nothing changed.', findings)
    return { runId, status: 'succeeded', busy: false }
  } catch (err) {
    if (err instanceof StrictImportError) {
      await finish('failed', false, rejectedCounts, strictMessage(err.findings.filter((f) => f.severity === 'error').length), err.findings)
      return { runId, status: 'failed', busy: false }
    }
    const busy = err instanceof ImportBusyError
    // Only the message: a driver error's detail can quote a row.
    await finish('failed', false, rejectedCounts, busy ? (err as Error).message : `Nothing was applied: ${err instanceof Error ? err.message : String(err)}`)
    if (!busy) throw err
    return { runId, status: 'failed', busy: true }
  }
}
