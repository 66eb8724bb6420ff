import { sql, type Kysely, type Transaction } from 'kysely'
import type { RecordIssue } from '../domain/health/issues.ts'
import type { Batch, BatchRecord, WriteOutcome } from '../http/partner-batch.ts'
import { rowsAsSet, type ColumnTypes } from './bulk.ts'
import { lookupChildren, readIdentifiers, type ChildIdentifiers, type KnownChild } from './child-lookup.ts'
import type { CopyIn } from './copy.ts'
import { bumpDataVersion, kindsOfTable } from './data-version.ts'
import type { Database } from './database.ts'

/**
 * Partner records in the database: a table keyed by (la, record id) (or (la, child id) for the
 * care-leaver row), written a batch at a time with set-based statements: one read of what is stored,
 * one upsert of what changed, one delete of what was purged.
 */

/** A row in snake_case column names, as bulk.ts writes it. */
export type Row = Record<string, unknown>

export interface PartnerTable {
  table: 'health_checks' | 'sdq_returns' | 'care_leavers' | 'personal_advisers' | 'pathway_plans' | 'care_leaver_contacts'
  key: 'record_id' | 'child_id'
  /** Every column a record writes (key included), with its Postgres type. */
  columns: ColumnTypes
}

const camel = (s: string) => s.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase())

/** The stored rows for these keys, locked for the rest of the transaction. */
export async function storedRows(db: Kysely<Database>, spec: PartnerTable, la: string, keys: readonly string[]): Promise<Map<string, Row>> {
  if (keys.length === 0) return new Map()
  const names = Object.keys(spec.columns)
  const { rows } = await sql<Record<string, unknown>>`
    select ${sql.join(names.map((n) => sql.ref(n)))} from ${sql.table(spec.table)}
    where la = ${la} and ${sql.ref(spec.key)} = any(${[...keys]}::text[])
    for update`.execute(db)
  // The CamelCasePlugin hands rows back in camelCase: back to the column names.
  const out = new Map<string, Row>()
  for (const r of rows) {
    const row: Row = {}
    for (const n of names) row[n] = r[camel(n)]
    out.set(String(row[spec.key]), row)
  }
  return out
}

/** Same values in every written column (null and undefined alike). */
export function sameRow(spec: PartnerTable, a: Row, b: Row): boolean {
  return Object.keys(spec.columns).every((n) => (a[n] ?? null) === (b[n] ?? null))
}

/**
 * Creates rows that are not stored yet with COPY (PostgreSQL), one statement. A row stored meanwhile
 * by a partner's post fails the statement (and the import's transaction) with a unique violation
 * rather than being overwritten.
 */
export async function copyNewRows(copy: CopyIn, spec: PartnerTable, la: string, rows: Iterable<Row>): Promise<void> {
  await copy(spec.table, { la: 'text', ...spec.columns }, (function* () {
    for (const r of rows) yield { la, ...r }
  })())
}

/** Creates or replaces these rows in one statement. */
export async function writeRows(db: Kysely<Database>, spec: PartnerTable, la: string, rows: readonly Row[]): Promise<void> {
  if (rows.length === 0) return
  const names = Object.keys(spec.columns)
  const cols = sql.join(names.map((n) => sql.ref(n)))
  const updates = sql.join([
    ...names.filter((n) => n !== spec.key).map((n) => sql`${sql.ref(n)} = excluded.${sql.ref(n)}`),
    sql`updated_at = now()`,
  ])
  await sql`
    insert into ${sql.table(spec.table)} (la, ${cols})
    select ${la}, ${cols} from ${rowsAsSet(spec.columns, rows)}
    on conflict (la, ${sql.ref(spec.key)}) do update set ${updates}`.execute(db)
}

/** Deletes the rows with these keys in one statement; returns the keys that were there. */
export async function deleteRows(db: Kysely<Database>, spec: PartnerTable, la: string, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set()
  const { rows } = await sql<{ key: string }>`
    delete from ${sql.table(spec.table)} where la = ${la} and ${sql.ref(spec.key)} = any(${[...keys]}::text[])
    returning ${sql.ref(spec.key)} as key`.execute(db)
  return new Set(rows.map((r) => r.key))
}

/** A stored row as its values, in the order of the spec's columns (key included). */
export type StoredValues = readonly unknown[]

/**
 * The stored rows of a kind for the authority (or only those with these keys), by key: one statement
 * that hands back one value (json_agg of value lists), so even every row of a large authority is
 * cheap to read and compare. Not locked.
 */
export async function storedValues(db: Kysely<Database>, spec: PartnerTable, la: string, keys: readonly string[] | null): Promise<Map<string, StoredValues>> {
  const out = new Map<string, StoredValues>()
  if (keys !== null && keys.length === 0) return out
  const names = Object.keys(spec.columns)
  const { rows } = await sql<{ stored: StoredValues[] | null }>`
    select json_agg(json_build_array(${sql.join(names.map((n) => sql.ref(n)))})) as stored
    from ${sql.table(spec.table)}
    where la = ${la} ${keys === null ? sql`` : sql`and ${sql.ref(spec.key)} = any(${[...keys]}::text[])`}`.execute(db)
  const at = names.indexOf(spec.key)
  for (const values of rows[0]?.stored ?? []) out.set(String(values[at]), values)
  return out
}

/** A row to write says what the stored values say, column by column (dates as YYYY-MM-DD, as JSON has them). */
export function sameValues(spec: PartnerTable, stored: StoredValues, row: Row): boolean {
  let i = 0
  for (const n in spec.columns) {
    if ((row[n] ?? null) !== (stored[i] ?? null)) return false
    i++
  }
  return true
}

/** Deletes one record by its key, in the caller's transaction; true when it was there. */
export async function deleteOne(trx: Transaction<Database>, spec: PartnerTable, la: string, key: string): Promise<boolean> {
  const gone = await deleteRows(trx, spec, la, [key])
  if (gone.size) await bumpDataVersion(trx, la, kindsOfTable(spec.table))
  return gone.size > 0
}

/** What one kind of partner record needs to go through applyPartnerBatch. */
export interface RecordKind<T> {
  spec: PartnerTable
  /** The record's key when it has its own id; null when the key is the child (care leavers). */
  recordKey(r: T): string | null
  isPurge(r: T): boolean
  /** The identifiers as sent. */
  identifiers(r: T): { childId?: string | null; nhsNumber?: string | null; upn?: string | null }
  /** Checks the record against its child and builds the row to store (key and child_id included). */
  build(r: T, child: KnownChild, today: string): { row: Row; issues: RecordIssue[] }
  /** A message when this key may not write (or purge) this record, given what is stored: a 403. */
  forbid?(r: T, stored: Row | undefined): { field: string; message: string } | null
  /** State kept beside the row (pathway plan reviews): compared, and rewritten when it changed. */
  extra?: {
    /** The stored state by key (a key without any may be missing: it reads as ''). */
    load(db: Kysely<Database>, la: string, keys: readonly string[]): Promise<Map<string, string>>
    /** The record's state in the form load returns. */
    of(r: T): string
    /** Replaces the state of these records (with COPY when given: the nightly import on PostgreSQL). */
    write(db: Kysely<Database>, la: string, changed: ReadonlyArray<{ key: string; record: T }>, copy?: CopyIn | null): Promise<void>
  }
}

/**
 * Applies the live records of a batch in the caller's transaction: the children they name are found
 * with one query (and locked), each record is checked against its child, then what is stored is read
 * once, compared, and only what changed is written. Settles every record in the batch.
 */
export async function applyPartnerBatch<T>(trx: Transaction<Database>, la: string, batch: Batch<T>, kind: RecordKind<T>, today: string): Promise<void> {
  const identifiers = new Map<number, ChildIdentifiers>()
  for (const { index, value } of batch.live()) {
    // A purge by record id needs nothing else; everything else needs its child.
    if (kind.isPurge(value) && kind.recordKey(value) !== null) continue
    const { ids, issues } = readIdentifiers(kind.identifiers(value))
    if (batch.review(index, issues)) identifiers.set(index, ids)
  }
  batch.rejectDuplicates((r) => kind.recordKey(r.value), 'recordId')

  const live = batch.live()
  const directory = await lookupChildren(
    trx,
    la,
    live.flatMap((r) => identifiers.get(r.index) ?? []),
    { lock: true },
  )
  type Item = BatchRecord<T> & { key: string; row: Row | null }
  let items: Item[] = []
  for (const r of live) {
    const ids = identifiers.get(r.index)
    let key = kind.recordKey(r.value)
    let child: KnownChild | null = null
    if (ids) {
      const match = directory.resolve(ids)
      if (!match.ok) {
        batch.reject(r.index, match.problem === 'ambiguous' ? 409 : 422, [{ field: match.field, message: match.message }])
        continue
      }
      child = match.child
      key ??= child.childId
    }
    if (key === null) continue // unreachable: a record without its own key always names a child
    if (kind.isPurge(r.value) || child === null) {
      items.push({ ...r, key, row: null })
      continue
    }
    const { row, issues } = kind.build(r.value, child, today)
    if (batch.review(r.index, issues)) items.push({ ...r, key, row })
  }
  // Records keyed by their child can name one child twice (by two identifiers).
  const seen = new Map<string, number>()
  for (const i of items) seen.set(i.key, (seen.get(i.key) ?? 0) + 1)
  for (const i of items) {
    if ((seen.get(i.key) ?? 0) > 1) batch.reject(i.index, 422, [{ field: 'childId', message: 'the batch holds more than one record for this child: send each once' }])
  }
  items = items.filter((i) => (seen.get(i.key) ?? 0) === 1)

  const stored = await storedRows(trx, kind.spec, la, items.map((i) => i.key))
  if (kind.forbid) {
    items = items.filter((i) => {
      const why = kind.forbid?.(i.value, stored.get(i.key)) ?? null
      if (why) batch.reject(i.index, 403, [why])
      return why === null
    })
  }
  const writes = items.filter((i): i is Item & { row: Row } => i.row !== null)
  const extraStored = kind.extra ? await kind.extra.load(trx, la, writes.map((i) => i.key)) : new Map<string, string>()
  const changed: Array<Item & { row: Row }> = []
  for (const w of writes) {
    const before = stored.get(w.key)
    const same = before !== undefined && sameRow(kind.spec, before, w.row) && (!kind.extra || (extraStored.get(w.key) ?? '') === kind.extra.of(w.value))
    batch.settle(w.index, before === undefined ? 'created' : same ? 'unchanged' : 'updated')
    if (!same) changed.push(w)
  }
  await writeRows(trx, kind.spec, la, changed.map((w) => w.row))
  if (kind.extra && changed.length) await kind.extra.write(trx, la, changed.map((w) => ({ key: w.key, record: w.value })))

  const purges = items.filter((i) => i.row === null)
  const deleted = await deleteRows(trx, kind.spec, la, purges.map((p) => p.key))
  for (const p of purges) batch.settle(p.index, (deleted.has(p.key) ? 'deleted' : 'unchanged') satisfies WriteOutcome)

  if (changed.length || deleted.size) await bumpDataVersion(trx, la, kindsOfTable(kind.spec.table))
}
