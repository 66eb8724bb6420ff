/**
 * The DfE rules on the stored data, kept fresh: an authority-year's findings are computed from the
 * return the export would send and stored (queries.ts storeFindings), with the data version and rule
 * set they were computed from. A read recomputes when either has moved; an import recomputes the years
 * kept (and the latest year with a rule set) once it has committed, after its answer (a second or more
 * for a large authority: the import does not wait for it), and records on its run the findings it made
 * and resolved. A read of an authority whose refresh is under way waits for it, so it sees the
 * findings of the data as imported, and the run's counts are the refresh's.
 */
import type { FastifyBaseLogger } from 'fastify'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'
import type { DataQualityRunCounts } from '../../db/tables/imports.ts'
import { recordWebhookEvents } from '../../db/webhook-outbox.ts'
import { collectionYearOf } from '../../domain/dates/calendar.ts'
import { todayInEngland } from '../../domain/dates/today.ts'
import { RULE_YEARS, rulesForYear } from '../../domain/dfe-rules/index.ts'
import { dataQualityEvents } from '../../domain/webhooks/events.ts'
import { exportedReturn, needsPreviousYear, rulesetOf } from '../../domain/dfe-rules/stored.ts'
import { rulesThread } from './rules-thread.ts'
import type { ReturnTables } from '../../domain/dfe-rules/types.ts'
import type { Export903Child, Upload903File } from '../../domain/ssda903/index.ts'
import { currentDataVersion, findingsState, keptYears, recordRunCounts, storeFindings, type FindingsState } from './queries.ts'

/** The children of a year's 903 export as stored (the export's own query: src/modules/imports). */
export type StoredReturn = (db: Kysely<Database>, la: string, year: number) => Promise<Export903Child[]>

export interface Refreshed {
  year: number
  newFindings: number
  resolvedFindings: number
  openFindings: number
  /** How long the recomputation took (load, rules, store), in ms. */
  durationMs: number
}

/** The latest collection year with a rule set that has begun by today. */
export function latestRuleYear(today: string = todayInEngland()): number {
  const current = collectionYearOf(today)
  return RULE_YEARS.filter((y) => y <= current).reduce((a, b) => Math.max(a, b), Math.min(...RULE_YEARS))
}

/**
 * What one or more refreshes of an authority read: the data version, read before any data (a write
 * that lands meanwhile leaves the state stale, never falsely fresh), and each year's return, read
 * once however many refreshes ask for it (a year is the next one's previous year).
 */
interface Reading {
  dataVersion: string
  returnOf: (year: number) => Promise<ReturnTables>
}

export function dataQualityService(db: Kysely<Database>, storedReturn: StoredReturn, log?: FastifyBaseLogger) {
  // The rules themselves run on a thread of their own: a large authority's year is most of a second.
  const rules = rulesThread()
  async function reading(la: string): Promise<Reading> {
    const dataVersion = (await currentDataVersion(db, la)) ?? '0'
    const returns = new Map<number, Promise<ReturnTables>>()
    return {
      dataVersion,
      returnOf: (year) => {
        // Years go upwards: one refresh needs its year and the one before, so older ones are let go.
        for (const kept of returns.keys()) if (kept < year - 1) returns.delete(kept)
        const read = returns.get(year) ?? storedReturn(db, la, year).then((children) => exportedReturn(children, year))
        returns.set(year, read)
        return read
      },
    }
  }

  /** Recomputes an authority-year's findings from the stored data and stores the difference. */
  async function refresh(la: string, year: number, given?: Reading): Promise<Refreshed> {
    const started = performance.now()
    const { dataVersion, returnOf } = given ?? (await reading(la))
    const [tables, previous] = await Promise.all([returnOf(year), needsPreviousYear(rulesForYear(year)) ? returnOf(year - 1) : null])
    const { keyed } = await rules.validate(tables, year, previous)
    const durationMs = performance.now() - started
    const stored = await storeFindings(db, la, year, { dataVersion, ruleset: rulesetOf(year), durationMs, findings: keyed })
    return { year, newFindings: stored.newFindings, resolvedFindings: stored.resolvedFindings, openFindings: stored.openFindings, durationMs }
  }

  /** The stored findings' state, recomputed first when the data or the rules have moved on. */
  async function ensureFresh(la: string, year: number): Promise<FindingsState> {
    await afterImportDone(la)
    const [state, version] = await Promise.all([findingsState(db, la, year), currentDataVersion(db, la)])
    if (state && state.dataVersion === version && state.ruleset === rulesetOf(year)) return state
    await refresh(la, year)
    return (await findingsState(db, la, year)) as FindingsState
  }

  /** The refreshes after imports under way, by authority (each chained after the one before). */
  const pending = new Map<string, Promise<DataQualityRunCounts[] | null>>()

  /** Resolves when no refresh after an import of this authority (or, with none given, of any) is under way. */
  async function afterImportDone(la?: string): Promise<void> {
    const one = la === undefined ? undefined : pending.get(la)
    await Promise.all(la === undefined ? [...pending.values()] : one ? [one] : [])
  }

  /**
   * After an import has committed: the authority's kept years and the latest are recomputed, and the
   * findings the run made and resolved are recorded on it (import_runs.data_quality) and returned.
   * Refreshes of one authority run one after another. A failure here is logged and answers null: the
   * import itself stands, and the next read recomputes.
   */
  function afterImport(la: string, runId: string): Promise<DataQualityRunCounts[] | null> {
    const previous = pending.get(la) ?? Promise.resolve(null)
    const run = previous.then(async () => {
      try {
        const read = await reading(la)
        const years = [...new Set([...(await keptYears(db, la)), latestRuleYear()])].sort()
        const counts: DataQualityRunCounts[] = []
        for (const year of years) {
          const { newFindings, resolvedFindings, openFindings } = await refresh(la, year, read)
          counts.push({ year, newFindings, resolvedFindings, openFindings })
        }
        // Partners hear of new findings (issue #20) in the transaction that records them on the run.
        await db.transaction().execute(async (trx) => {
          await recordRunCounts(trx, runId, counts)
          await recordWebhookEvents(trx, dataQualityEvents(la, runId, counts))
        })
        return counts
      } catch (err) {
        log?.error({ err: err instanceof Error ? err.message : String(err), runId }, 'data quality refresh after an import failed')
        return null
      } finally {
        if (pending.get(la) === run) pending.delete(la)
      }
    })
    pending.set(la, run)
    return run
  }

  /**
   * The import routes' hook, called before the import is answered: a run that changed the data starts
   * its refresh (afterImport), and is answered at once with dataQuality null; GET .../imports/{runId}
   * shows the counts once the refresh has finished.
   */
  async function afterRun<R extends { id: string; la: string; changed: boolean | null }>(run: R): Promise<R & { dataQuality: DataQualityRunCounts[] | null }> {
    if (run.changed === true) void afterImport(run.la, run.id)
    return { ...run, dataQuality: null }
  }

  return {
    refresh,
    ensureFresh,
    afterImport,
    afterImportDone,
    afterRun,
    /** POST .../validate: the files as sent, read and validated on the rules' thread. */
    validateUpload: (files: readonly Upload903File[], previous: readonly Upload903File[], year: number, limit: number) =>
      rules.validateUpload(files, previous, year, limit),
    close: () => rules.close(),
  }
}

export type DataQualityService = ReturnType<typeof dataQualityService>
