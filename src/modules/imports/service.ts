import type { Kysely } from 'kysely'
import { recordAuditEvent, type AuditEvent } from '../../db/audit-writer.ts'
import { bumpDataVersion } from '../../db/data-version.ts'
import type { Database } from '../../db/database.ts'
import { finishImportRun, startImportRun } from '../../db/import-runs.ts'
import { captureUndo, keepUndo, revertRows, UndoConflictError, type UndoConflict } from '../../db/import-undo.ts'
import type { ImportRunsTable, TableCounts } from '../../db/tables/imports.ts'
import { confirmationFor, describeExcess, type ShrinkExcess, type ShrinkGuard } from '../../domain/imports/shrink.ts'
import type { Finding } from '../../domain/findings.ts'
import type { Snapshot } from '../../domain/imports/types.ts'
import { validateSnapshot } from '../../domain/imports/validate.ts'
import { applySnapshot, DryRunComplete, emptyCounts, ImportBusyError, ShrinkRefusedError, StrictImportError } from './apply.ts'
import type { PartnerSnapshot } from '../partner-records/snapshot.ts'
import { findImportRun, markReverted, revertXidsSince, tryImportLock, type ImportRunRow } from './queries.ts'

export interface ImportRequest {
  la: string
  format: Exclude<ImportRunsTable['format'], 'revert'>
  mode: 'snapshot' | 'delta'
  strict: boolean
  clientId: string | null
  requestId: string | null
  today: string
  /** The collection year a 903 return's OC3 rows belong to (default: the year containing today). */
  returnYear?: number
  /** Check and compute everything, apply nothing, record no run. */
  dryRun?: boolean
  guard: ShrinkGuard
  /** How long what the run replaces is kept for an undo. */
  undoDays: number
  /** The request's audit event: committed with the import's writes (a refused or dry run records it apart). */
  audit?: AuditEvent | null
}

/** What a dry run would do: the run's figures, with the findings (the first MAX_PREVIEW_FINDINGS). */
export interface ImportPreview {
  dryRun: true
  changed: boolean
  counts: Record<string, TableCounts>
  errorCount: number
  warningCount: number
  findings: Finding[]
  findingsTotal: number
}

const MAX_PREVIEW_FINDINGS = 1000

/** Why an import (or a dry run of one) was refused: the route answers it as problem+json. */
export interface ImportRefusal {
  status: 409 | 422
  /** problem type slug */
  slug: 'import-busy' | 'import-unreadable' | 'import-rejected' | 'import-shrink'
  detail: string
  run: ImportRunRow | null
  /** The findings that explain it (a file's damage, a strict run's errors): the first 20. */
  findings?: Finding[]
  /** For the shrink guard: what would be deleted, and the confirmation that would let it through. */
  shrink?: { excess: ShrinkExcess[]; limit: number; confirmDeletes: string }
}

export type ImportOutcome = { kind: 'run'; run: ImportRunRow } | { kind: 'preview'; preview: ImportPreview } | { kind: 'refused'; refusal: ImportRefusal }

const errorsIn = (findings: readonly Finding[]) => findings.filter((f) => f.severity === 'error').length
const strictMessage = (n: number) => `strict: ${n} error finding${n === 1 ? '' : 's'}; nothing was applied.`

/**
 * One import, start to finish: the run is recorded first (so even a failure is on record), the
 * snapshot is checked child by child, then applied in one transaction with its partner records (a
 * JSON snapshot's; they are checked inside it, against the children as written); the outcome,
 * counts and every finding go on the run. A dry run does all of it in a transaction it rolls back,
 * and records nothing. Shared by the HTTP endpoints and scripts/import-903.ts.
 */
export async function runImport(db: Kysely<Database>, snapshot: Snapshot, req: ImportRequest, partner?: PartnerSnapshot): Promise<ImportOutcome> {
  const started = performance.now()
  const dryRun = req.dryRun === true
  const runId = dryRun
    ? null
    : await startImportRun(db, { la: req.la, clientId: req.clientId, requestId: req.requestId, format: req.format, mode: req.mode, strict: req.strict })
  const validated = validateSnapshot(snapshot, req.today)
  const rejectedCounts = { children: { ...emptyCounts(), rejected: validated.rejectedChildIds.size } }
  const finish = async (
    status: 'succeeded' | 'failed',
    changed: boolean,
    counts: Record<string, TableCounts>,
    message: string | null,
    more: readonly Finding[] = [],
  ) =>
    runId === null
      ? null
      : finishImportRun(db, runId, {
          status,
          changed,
          counts,
          findings: [...validated.findings, ...more],
          message,
          durationMs: performance.now() - started,
          shrinkConfirmed: status === 'succeeded' ? confirmation(req.guard) : null,
        })
  const refuse = async (
    refusal: Omit<ImportRefusal, 'run'>,
    counts: Record<string, TableCounts> = rejectedCounts,
    more: readonly Finding[] = [],
  ): Promise<ImportOutcome> => ({
    kind: 'refused',
    refusal: { ...refusal, run: await finish('failed', false, counts, refusal.detail, more) },
  })

  if (snapshot.fatal) {
    const fatal = validated.findings.filter((f) => f.severity === 'error' && f.childId === null)
    const first = fatal[0]
    const detail = first
      ? `${first.message}${fatal.length > 1 ? ` (and ${fatal.length - 1} more problem${fatal.length > 2 ? 's' : ''} with the files)` : ''}`
      : 'The files could not be read as a whole; nothing was applied.'
    return refuse({ status: 422, slug: 'import-unreadable', detail, findings: fatal.slice(0, 20) })
  }
  const errors = errorsIn(validated.findings)
  if (req.strict && errors > 0) {
    return refuse({
      status: 422,
      slug: 'import-rejected',
      detail: strictMessage(errors),
      findings: validated.findings.filter((f) => f.severity === 'error').slice(0, 20),
    })
  }
  try {
    const allChildIds = [...snapshot.children.map((c) => c.header.childId), ...validated.rejectedChildIds]
    const applied = await applySnapshot(db, req.la, validated, {
      mode: req.mode,
      today: req.today,
      allChildIds,
      runId,
      keepStored: snapshot.keepStored ?? [],
      keepStoredEpisodes: snapshot.keepStoredEpisodes ?? false,
      strict: req.strict,
      guard: req.guard,
      undoDays: req.undoDays,
      audit: req.audit ?? null,
      ...(partner ? { partner } : {}),
    })
    const run = await finish(
      'succeeded',
      applied.changed,
      applied.counts,
      applied.changed ? null : 'The snapshot matches what is stored: nothing changed.',
      applied.findings,
    )
    return { kind: 'run', run: run as ImportRunRow }
  } catch (err) {
    if (err instanceof DryRunComplete) {
      const { result } = err
      if (result.excess.length > 0) return refuse(shrinkRefusal(result.excess, req.guard), result.counts)
      const findings = [...validated.findings, ...result.findings]
      const errorCount = errorsIn(findings)
      return {
        kind: 'preview',
        preview: {
          dryRun: true,
          changed: result.changed,
          counts: result.counts,
          errorCount,
          warningCount: findings.length - errorCount,
          findings: findings.slice(0, MAX_PREVIEW_FINDINGS),
          findingsTotal: findings.length,
        },
      }
    }
    if (err instanceof ShrinkRefusedError) return refuse(shrinkRefusal(err.excess, req.guard), err.counts)
    if (err instanceof StrictImportError) {
      return refuse(
        {
          status: 422,
          slug: 'import-rejected',
          detail: strictMessage(errorsIn(err.findings)),
          findings: err.findings.filter((f) => f.severity === 'error').slice(0, 20),
        },
        rejectedCounts,
        err.findings,
      )
    }
    if (err instanceof ImportBusyError) return refuse({ status: 409, slug: 'import-busy', detail: err.message })
    // Only the message: a driver error's detail can quote a row.
    await finish('failed', false, rejectedCounts, `Nothing was applied: ${err instanceof Error ? err.message : String(err)}`)
    throw err
  }
}

function shrinkRefusal(excess: ShrinkExcess[], guard: ShrinkGuard): Omit<ImportRefusal, 'run'> {
  return {
    status: 409,
    slug: 'import-shrink',
    detail: describeExcess(excess, guard.limit),
    shrink: { excess, limit: guard.limit, confirmDeletes: confirmationFor(excess) },
  }
}

/** How the sender confirmed a large change, as the run records it. */
function confirmation(guard: ShrinkGuard): string | null {
  if (guard.allow) return 'allowShrink'
  if (guard.confirmed)
    return Object.entries(guard.confirmed)
      .map(([k, n]) => `${k}:${n}`)
      .join(',')
  return null
}

/** Why a run cannot be reverted. */
export interface RevertRefusal {
  status: 404 | 409 | 410
  slug: 'not-found' | 'revert-not-possible' | 'revert-conflict' | 'undo-expired' | 'import-busy'
  detail: string
  conflicts?: UndoConflict[]
}

export type RevertOutcome = { kind: 'run'; run: ImportRunRow } | { kind: 'refused'; refusal: RevertRefusal }

/**
 * Undoes an applied run: every row it inserted, changed or deleted is put back as it was before it,
 * in one transaction under the authority's import lock, and the revert is a run of its own (which can
 * itself be reverted). Refused when a row was written after the run (a later import or a partner's
 * post would be lost: revert the later run first, or leave it), when the run changed nothing or was
 * reverted already, and when what it replaced is no longer kept.
 */
export async function revertImport(
  db: Kysely<Database>,
  la: string,
  runId: string,
  req: { clientId: string | null; requestId: string | null; undoDays: number; audit?: AuditEvent | null },
): Promise<RevertOutcome> {
  const refuse = (status: RevertRefusal['status'], slug: RevertRefusal['slug'], detail: string, conflicts?: UndoConflict[]): RevertOutcome => ({
    kind: 'refused',
    refusal: { status, slug, detail, ...(conflicts ? { conflicts } : {}) },
  })
  const run = await findImportRun(db, la, runId)
  if (!run) return refuse(404, 'not-found', 'No such import run.')
  if (run.status !== 'succeeded')
    return refuse(
      409,
      'revert-not-possible',
      `Run ${run.id} ${run.status === 'failed' ? 'failed, so nothing of it was applied' : 'is still running'}: there is nothing to revert.`,
    )
  if (run.revertedBy) return refuse(409, 'revert-not-possible', `Run ${run.id} was reverted already, by run ${run.revertedBy}.`)
  if (!run.changed) return refuse(409, 'revert-not-possible', `Run ${run.id} changed nothing: there is nothing to revert.`)
  if (run.xid === null) return refuse(409, 'revert-not-possible', `Run ${run.id} was applied before imports kept what they replaced: it cannot be reverted.`)
  if (run.undoUntil === null || run.undoUntil.getTime() < Date.now()) {
    return refuse(410, 'undo-expired', `What run ${run.id} replaced was kept for ${req.undoDays} days, and is gone: it can no longer be reverted.`)
  }

  const started = performance.now()
  const revertId = await startImportRun(db, { la, clientId: req.clientId, requestId: req.requestId, format: 'revert', mode: run.mode, strict: false })
  const finish = (status: 'succeeded' | 'failed', counts: Record<string, TableCounts>, message: string | null) =>
    finishImportRun(db, revertId, { status, changed: status === 'succeeded', counts, findings: [], message, durationMs: performance.now() - started })
  try {
    const counts = await db.transaction().execute(async (trx) => {
      if (!(await tryImportLock(trx, la))) throw new ImportBusyError(la)
      // Rows a later run changed and a later revert put back are as this run left them too.
      const allowed = [run.xid as string, ...(await revertXidsSince(trx, la, run.startedAt))]
      await captureUndo(trx, revertId)
      const counts = await revertRows(trx, run.id, allowed)
      // Undone, the run cannot be undone again: what it replaced is back in the tables.
      await markReverted(trx, run.id, revertId)
      await bumpDataVersion(trx, la)
      await keepUndo(trx, revertId, req.undoDays)
      if (req.audit) await recordAuditEvent(trx, req.audit)
      return counts
    })
    return { kind: 'run', run: await finish('succeeded', counts, `Reverted run ${run.id}: the data it replaced is back.`) }
  } catch (err) {
    if (err instanceof UndoConflictError) {
      const detail = `${err.message} Revert the later import first, or leave this run in place.`
      await finish('failed', {}, detail)
      return refuse(409, 'revert-conflict', detail, err.conflicts)
    }
    if (err instanceof ImportBusyError) {
      await finish('failed', {}, err.message)
      return refuse(409, 'import-busy', err.message)
    }
    await finish('failed', {}, `Nothing was reverted: ${err instanceof Error ? err.message : String(err)}`)
    throw err
  }
}
