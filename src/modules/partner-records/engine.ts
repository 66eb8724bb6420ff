import type { Kysely } from 'kysely'
import { lookupChildren, type ChildDirectory, type ChildIdentifiers, type ChildMatch, type KnownChild } from '../../db/child-lookup.ts'
import type { CopyIn } from '../../db/copy.ts'
import type { Database } from '../../db/database.ts'
import type { RecordIssue } from '../../domain/health/issues.ts'
import { readIdentifiers } from './identifiers.ts'
import { recordKeyOf, type PartnerInput, type RecordKind } from './kind.ts'
import { copyNewRows, deleteRows, readStored, rowOf, sameValues, upsertRows } from './queries.ts'

/**
 * The one way partner records are written, by a partner's POST and by the nightly snapshot alike:
 * each record names its child, is checked against it by its kind's rules and built into a row; what
 * is stored is read once, compared, and only what changed is written, with a fixed number of
 * set-based statements whatever the number of records. What happens to each record goes to the
 * caller's outcomes (a batch answer, or the import's counts and findings).
 */

export type WriteOutcome = 'created' | 'updated' | 'unchanged' | 'deleted'
export type RejectStatus = 403 | 409 | 422

/** Why a record is refused: the field, relative to the record, and the message. */
export type Issue = Pick<RecordIssue, 'field' | 'message' | 'rule'>

/** A child the identifiers do not name (none, two, or two different ones). */
export type ChildMiss = Extract<ChildMatch, { ok: false }>

/** A record to apply, by the caller's reference (a position in the batch, a row of the snapshot list). */
export interface Entry<T> {
  ref: number
  value: T
}

/** What the engine reports for each record; a record refused once is not reported again. */
export interface RecordOutcomes {
  /** Takes a record's issues: errors refuse it (422), warnings stay with it. True when it is still live. */
  review(ref: number, issues: readonly RecordIssue[]): boolean
  reject(ref: number, status: RejectStatus, issues: readonly Issue[]): void
  unknownChild(ref: number, miss: ChildMiss): void
  settle(ref: number, outcome: WriteOutcome): void
}

export interface ApplyOptions {
  today: string
  /**
   * Locks the children named (FOR SHARE) and the rows read (FOR UPDATE) until the transaction ends: a
   * partner's post. The import holds the authority's import lock instead.
   */
  lock: boolean
  /** The children, looked up already (the import does it once for every list). */
  directory?: ChildDirectory
  /** COPY on the transaction's connection for new rows (the import on PostgreSQL). */
  copy?: CopyIn | null
  /** Every entry's key is its own: the caller refused keys sent twice itself (the snapshot, by the key as sent). */
  uniqueKeys?: boolean
  /** A snapshot: stored rows whose key was not sent are deleted, except those of the children kept. */
  replace?: { sentKeys: Pick<ReadonlySet<string>, 'has'>; keepChildren: ReadonlySet<string> }
}

export interface Applied {
  /** Anything written or deleted. */
  changed: boolean
  /** Rows deleted because the snapshot left them out. */
  removed: number
}

/** The entries sharing a key with another, by key. */
export function sharedKeys<E>(entries: readonly E[], keyOf: (e: E) => string | null): E[][] {
  // Counted first: a list of every key's entries would be one array per record, on lists of 100,000.
  const seen = new Map<string, number>()
  for (const e of entries) {
    const key = keyOf(e)
    if (key !== null) seen.set(key, (seen.get(key) ?? 0) + 1)
  }
  const groups = new Map<string, E[]>()
  for (const e of entries) {
    const key = keyOf(e)
    if (key === null || (seen.get(key) ?? 0) < 2) continue
    const group = groups.get(key)
    if (group) group.push(e)
    else groups.set(key, [e])
  }
  return [...groups.values()]
}

/** Applies the records in the caller's transaction, reporting each record's outcome. */
export async function applyRecords<T extends PartnerInput, Row extends object, C>(
  db: Kysely<Database>,
  la: string,
  kind: RecordKind<T, Row, C>,
  entries: ReadonlyArray<Entry<T>>,
  outcomes: RecordOutcomes,
  options: ApplyOptions,
): Promise<Applied> {
  const t = kind.table
  const refused = new Set<number>()
  const live = (e: Entry<T>) => !refused.has(e.ref)
  const refuse = (ref: number, status: RejectStatus, issues: readonly Issue[]) => {
    refused.add(ref)
    outcomes.reject(ref, status, issues)
  }
  const review = (ref: number, issues: readonly RecordIssue[]) => {
    const ok = outcomes.review(ref, issues)
    if (!ok) refused.add(ref)
    return ok
  }

  // The identifiers, checked; a purge by record id needs nothing else, everything else its child.
  const identifiers = new Map<number, ChildIdentifiers>()
  for (const e of entries) {
    if (e.value.purge === true && recordKeyOf(t, e.value) !== null) continue
    const { ids, issues } = readIdentifiers(e.value)
    if (review(e.ref, issues)) identifiers.set(e.ref, ids)
  }
  for (const group of options.uniqueKeys ? [] : sharedKeys(entries.filter(live), (e) => recordKeyOf(t, e.value))) {
    const message = `the batch holds ${group.length} records for this recordId: send each once`
    for (const e of group) refuse(e.ref, 422, [{ field: 'recordId', message }])
  }

  const directory =
    options.directory ??
    (await lookupChildren(
      db,
      la,
      entries.filter(live).flatMap((e) => identifiers.get(e.ref) ?? []),
      { lock: options.lock },
    ))
  // What the records to build depend on beyond their child, read once for all of them.
  const toBuild = entries.filter((e) => live(e) && e.value.purge !== true).map((e) => e.value)
  const context = kind.context && toBuild.length ? await kind.context(db, la, toBuild, { lock: options.lock, directory }) : undefined
  type Item = { entry: Entry<T>; key: string; row: Row | null }
  let items: Item[] = []
  for (const e of entries.filter(live)) {
    const ids = identifiers.get(e.ref)
    let key = recordKeyOf(t, e.value)
    let child: KnownChild | null = null
    if (ids) {
      const match = directory.resolve(ids)
      if (!match.ok) {
        refused.add(e.ref)
        outcomes.unknownChild(e.ref, match)
        continue
      }
      child = match.child
      key ??= child.childId
    }
    if (key === null) continue // unreachable: a record without its own key always names a child
    if (e.value.purge === true || child === null) {
      items.push({ entry: e, key, row: null })
      continue
    }
    const { row, issues } = kind.build(e.value, child, options.today, context)
    if (review(e.ref, issues)) items.push({ entry: e, key, row })
  }
  // Records keyed by their child can name one child twice (by two identifiers).
  for (const group of options.uniqueKeys ? [] : sharedKeys(items, (i) => i.key)) {
    for (const i of group) refuse(i.entry.ref, 422, [{ field: 'childId', message: 'the batch holds more than one record for this child: send each once' }])
  }
  items = items.filter((i) => live(i.entry))

  const stored = await readStored(db, t, la, options.replace ? null : items.map((i) => i.key), { lock: options.lock })
  const { forbid } = kind
  if (forbid) {
    items = items.filter((i) => {
      const before = stored.get(i.key)
      const why = forbid(i.entry.value, before === undefined ? undefined : rowOf(t, before))
      if (why) refuse(i.entry.ref, 403, [why])
      return why === null
    })
  }

  const writes = items.filter((i): i is Item & { row: Row } => i.row !== null)
  const extraStored = kind.extra
    ? await kind.extra.load(
        db,
        la,
        writes.map((w) => w.key),
      )
    : new Map<string, string>()
  const changed: Array<Item & { row: Row }> = []
  for (const w of writes) {
    const before = stored.get(w.key)
    const same = before !== undefined && sameValues(t, before, w.row) && (!kind.extra || (extraStored.get(w.key) ?? '') === kind.extra.of(w.entry.value))
    outcomes.settle(w.entry.ref, before === undefined ? 'created' : same ? 'unchanged' : 'updated')
    if (!same) changed.push(w)
  }
  const copy = options.copy ?? null
  // COPY takes the new rows; the upsert what was stored before (everything that changed, without COPY).
  if (copy)
    await copyNewRows(
      copy,
      t,
      la,
      changed.filter((w) => !stored.has(w.key)).map((w) => w.row),
    )
  await upsertRows(
    db,
    t,
    la,
    changed.filter((w) => !copy || stored.has(w.key)).map((w) => w.row),
  )
  if (kind.extra && changed.length)
    await kind.extra.write(
      db,
      la,
      changed.map((w) => ({ key: w.key, record: w.entry.value })),
      copy,
    )

  const purges = items.filter((i) => i.row === null)
  const deleted = await deleteRows(
    db,
    t,
    la,
    purges.map((p) => p.key),
  )
  for (const p of purges) outcomes.settle(p.entry.ref, deleted.has(p.key) ? 'deleted' : 'unchanged')

  let removed = 0
  if (options.replace) {
    // Gone: stored, not sent under its key (even in a record that was refused), and not a kept child's.
    const { sentKeys, keepChildren } = options.replace
    const childAt = Object.keys(t.columns).indexOf('child_id')
    const gone = [...stored].filter(([key, values]) => !sentKeys.has(key) && !keepChildren.has(String(values[childAt]))).map(([key]) => key)
    removed = (await deleteRows(db, t, la, gone)).size
  }
  return { changed: changed.length > 0 || deleted.size > 0 || removed > 0, removed }
}
