import type { Kysely } from 'kysely'
import { replaceCareHistories } from '../../db/care-history-store.ts'
import { careHistoryRows, childStateRow, episodesHash, type ChildCareHistory } from '../../domain/care-history/stored.ts'
import { writeChildren } from '../../db/children-store.ts'
import { copyTransaction } from '../../db/copy.ts'
import { recordAuditEvent, type AuditEvent } from '../../db/audit-writer.ts'
import { bumpDataVersion } from '../../db/data-version.ts'
import type { Database } from '../../db/database.ts'
import { failAbandonedRuns } from '../../db/import-runs.ts'
import { recordWebhookEvents } from '../../db/webhook-outbox.ts'
import { careEvents } from '../../domain/webhooks/events.ts'
import { captureUndo, dropExpiredUndo, keepUndo } from '../../db/import-undo.ts'
import { storedEpisodePostcodes, writeDerivedPlacements } from '../../db/postcodes.ts'
import type { TableCounts } from '../../db/tables/imports.ts'
import { EPISODE_FIELDS, type ChildHeader, type Episode } from '../../domain/care-history/index.ts'
import type { Finding } from '../../domain/findings.ts'
import { derivedPlacementChanges } from '../../domain/postcodes/derive.ts'
import type { ValidatedSnapshot } from '../../domain/imports/validate.ts'
import { shrinkExcess, type ShrinkExcess, type ShrinkGuard } from '../../domain/imports/shrink.ts'
import { countEpisodesOf, deleteChildren, storedChildren, storedEpisodesOf, storedTotals, tryImportLock } from './queries.ts'
import { countEducationRowsOf, EDUCATION_TABLES } from '../partner-records/kinds/education.ts'
import { countServiceRowsOf, SERVICE_TABLES } from '../partner-records/service-tables.ts'
import { applyPartnerRecords, countPartnerRowsOf, PARTNER_TABLES, type PartnerSnapshot } from '../partner-records/snapshot.ts'
import { countReturnRowsOf, RETURN_KIND_TABLES } from '../../db/return-store.ts'
import { applyReturnTables } from './return-tables.ts'

export const emptyCounts = (): TableCounts => ({ inserted: 0, updated: 0, deleted: 0, unchanged: 0, rejected: 0 })

const HEADER_FIELDS = ['sex', 'dateOfBirth', 'ethnicity', 'upn', 'nhsNumber', 'uasc', 'uascCeasedOn'] as const

const sameHeader = (a: ChildHeader, b: ChildHeader) => HEADER_FIELDS.every((f) => (a[f] ?? null) === (b[f] ?? null))

type StoredEpisode = Pick<Episode, 'startDate' | (typeof EPISODE_FIELDS)[number]>

/** Episode counts for one child whose list changed: matched by start date. */
function diffEpisodes(before: readonly StoredEpisode[], after: readonly Episode[], counts: TableCounts) {
  const old = new Map(before.map((e) => [e.startDate, e]))
  for (const e of after) {
    const prev = old.get(e.startDate)
    if (!prev) counts.inserted++
    else {
      old.delete(e.startDate)
      if (EPISODE_FIELDS.every((f) => (prev[f] ?? null) === (e[f] ?? null))) counts.unchanged++
      else counts.updated++
    }
  }
  counts.deleted += old.size
}

/** Thrown when another import holds the authority's lock. */
export class ImportBusyError extends Error {
  constructor(la: string) {
    super(`Another import for authority ${la} is running; try again when it has finished.`)
    this.name = 'ImportBusyError'
  }
}

/** Thrown (rolling the transaction back) when the import would delete more than the guard allows. */
export class ShrinkRefusedError extends Error {
  constructor(
    readonly excess: ShrinkExcess[],
    readonly counts: Record<string, TableCounts>,
  ) {
    super('The snapshot would delete more than one import may; nothing was applied.')
    this.name = 'ShrinkRefusedError'
  }
}

/** Thrown at the end of a dry run, rolling back everything it did, with what it would have done. */
export class DryRunComplete extends Error {
  constructor(readonly result: AppliedSnapshot) {
    super('Dry run: nothing was applied.')
    this.name = 'DryRunComplete'
  }
}

export interface AppliedSnapshot {
  changed: boolean
  counts: Record<string, TableCounts>
  findings: Finding[]
  /** What the guard would refuse (a dry run reports it instead of being refused). */
  excess: ShrinkExcess[]
}

/** Thrown (rolling the transaction back) when a strict run finds errors only the database can show. */
export class StrictImportError extends Error {
  constructor(readonly findings: Finding[]) {
    super('strict: the partner records have errors; nothing was applied.')
    this.name = 'StrictImportError'
  }
}

/**
 * Applies a validated snapshot in one transaction: headers and episode lists that changed are
 * written, unchanged children are not touched, and (snapshot mode) children not in the snapshot are
 * deleted with everything derived from them. Rejected children keep what is stored. Then the partner
 * records sent (partner-records/snapshot.ts), which may name the children just written. One import per
 * authority at a time: a second gets ImportBusyError at once. The findings returned are the partner
 * records' (the children's were made before).
 */
export async function applySnapshot(
  db: Kysely<Database>,
  la: string,
  snapshot: ValidatedSnapshot,
  options: {
    mode: 'snapshot' | 'delta'
    today: string
    allChildIds: readonly string[]
    /** The run being applied; null for a dry run, which is rolled back (DryRunComplete). */
    runId: string | null
    keepStored?: ReadonlyArray<'nhsNumber' | 'uasc' | 'uascCeasedOn'>
    /** Stored children keep their episodes (the source sent none). */
    keepStoredEpisodes?: boolean
    partner?: PartnerSnapshot
    strict?: boolean
    guard: ShrinkGuard
    /** How long what the run replaced is kept for an undo. */
    undoDays: number
    /** The request's audit event, committed with the run's writes. */
    audit?: AuditEvent | null
  },
): Promise<AppliedSnapshot> {
  return copyTransaction(db, async (trx, copy) => {
    if (!(await tryImportLock(trx, la))) throw new ImportBusyError(la)
    const { runId } = options
    if (runId !== null) {
      // Holding the lock, any other run still marked running belongs to a process that died.
      await failAbandonedRuns(trx, la, runId)
      await dropExpiredUndo(trx, la)
      // From here on, every row written is noted, so the run can be undone.
      await captureUndo(trx, runId)
    }
    const before = await storedTotals(trx, la, [
      ['children', 'children'],
      ['episodes', 'episodes'],
      ...PARTNER_TABLES,
      ...RETURN_KIND_TABLES,
      ...EDUCATION_TABLES,
      ...SERVICE_TABLES,
    ])

    const children = emptyCounts()
    const episodes = emptyCounts()
    children.rejected = snapshot.rejectedChildIds.size

    const stored = await storedChildren(trx, la)
    const storedById = new Map(stored.map((s) => [s.childId, s]))

    const headers: ChildHeader[] = []
    const histories: ChildCareHistory[] = []
    const keep = options.keepStored ?? []
    const untouched = new Set<string>()
    for (const sent of snapshot.accepted) {
      const before = storedById.get(sent.header.childId)
      // Fields the source cannot carry keep their stored values.
      const child = before && keep.length ? { ...sent, header: { ...sent.header, ...Object.fromEntries(keep.map((f) => [f, before[f]])) } } : sent
      const headerChanged = !before || !sameHeader({ ...before, childId: before.childId }, child.header)
      const hash = episodesHash(child.episodes)
      const episodesChanged = before !== undefined && options.keepStoredEpisodes ? false : before?.episodesHash !== hash
      if (headerChanged) headers.push(child.header)
      if (episodesChanged) histories.push({ childId: child.header.childId, episodes: child.episodes, warnings: child.warnings, episodesHash: hash })
      else episodes.unchanged += child.episodes.length
      if (!before) children.inserted++
      else if (headerChanged || episodesChanged) children.updated++
      else {
        children.unchanged++
        untouched.add(child.header.childId)
      }
    }

    // Episode counts for children whose list changed, against what they had.
    const changedIds = histories.map((c) => c.childId).filter((id) => storedById.has(id))
    const oldEpisodes = changedIds.length ? await storedEpisodesOf(trx, la, changedIds) : []
    const oldByChild = new Map<string, StoredEpisode[]>()
    for (const e of oldEpisodes) {
      const list = oldByChild.get(e.childId) ?? []
      list.push({ ...e, placementDistance: e.placementDistance === null ? null : Number(e.placementDistance) })
      oldByChild.set(e.childId, list)
    }
    for (const c of histories) diffEpisodes(oldByChild.get(c.childId) ?? [], c.episodes, episodes)

    // Snapshot mode: whoever is stored but not sent is gone (a rejected child was sent, so stays).
    const sent = new Set(options.allChildIds)
    const gone = options.mode === 'snapshot' ? stored.map((s) => s.childId).filter((id) => !sent.has(id)) : []
    // Their partner records go with them (on delete cascade): counted as deleted in their lists.
    const cascaded = [
      ...(await countPartnerRowsOf(trx, la, gone)),
      ...(await countReturnRowsOf(trx, la, gone)),
      ...(await countEducationRowsOf(trx, la, gone)),
      ...(await countServiceRowsOf(trx, la, gone)),
    ]
    if (gone.length) {
      episodes.deleted += await countEpisodesOf(trx, la, gone)
      children.deleted = gone.length
      await deleteChildren(trx, la, gone)
    }

    // New children go in with their state, so only children stored before need it updated. Their
    // rows are built while the database takes the children (the statement is on its way first).
    const initialState = new Map(histories.filter((c) => !storedById.has(c.childId)).map((c) => [c.childId, childStateRow(c, options.today)]))
    const writing = writeChildren(trx, la, headers, { copy, isStored: (id) => storedById.has(id), initialState })
    writing.catch(() => {}) // awaited below; only kept from counting as unhandled meanwhile
    await new Promise((resolve) => setImmediate(resolve))
    const prepared = histories.map((c) => careHistoryRows(la, c, options.today))
    const insertedIds = await writing
    const { before: careBefore } = await replaceCareHistories(trx, la, prepared, { copy, stateWritten: insertedIds })
    // PL_LA and PL_DISTANCE from the postcodes, for all the authority's episodes: a new postcode load
    // reaches the children whose episodes did not change too.
    const placements = derivedPlacementChanges(await storedEpisodePostcodes(trx, la))
    await writeDerivedPlacements(trx, la, placements)
    const partner = options.partner
      ? await applyPartnerRecords(trx, la, options.partner, { mode: options.mode, today: options.today, rejectedChildIds: snapshot.rejectedChildIds, copy })
      : { changed: false, counts: {}, findings: [] }
    if (options.strict && partner.findings.some((f) => f.severity === 'error')) throw new StrictImportError(partner.findings)
    // The child's other 903 tables and MOTHER, MC_DOB: a child with only these changed is updated.
    const returned = await applyReturnTables(trx, la, snapshot.accepted, copy)
    for (const id of returned.changedChildIds) {
      if (!untouched.has(id)) continue
      children.unchanged--
      children.updated++
    }
    const counts: Record<string, TableCounts> = { children, episodes, ...partner.counts, ...returned.counts }
    for (const [section, n] of cascaded) {
      const c = (counts[section] ??= emptyCounts())
      c.deleted += n
    }

    const changed = headers.length > 0 || histories.length > 0 || gone.length > 0 || placements.length > 0 || partner.changed || returned.changed
    const deleting = Object.fromEntries(Object.entries(counts).map(([kind, c]) => [kind, c.deleted]))
    const excess = shrinkExcess({ stored: before, deleting, childrenSent: options.allChildIds.length }, options.guard)
    const result = { changed, counts, findings: partner.findings, excess }
    if (runId === null) throw new DryRunComplete(result)
    if (excess.length > 0) throw new ShrinkRefusedError(excess, counts)
    if (changed) {
      await bumpDataVersion(trx, la)
      await keepUndo(trx, runId, options.undoDays)
    }
    // Partners hear of the run only if it commits: the event is one of its writes.
    await recordWebhookEvents(trx, [
      ...careEvents(la, careBefore, prepared, options.today),
      { la, type: 'import.completed', childId: null, payload: { runId, changed, counts } },
    ])
    if (options.audit) await recordAuditEvent(trx, options.audit)
    return result
  })
}
