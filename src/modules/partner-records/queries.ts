import { sql, type Kysely } from 'kysely'
import { insertRows, rowsAsSet } from '../../db/bulk.ts'
import type { CopyIn } from '../../db/copy.ts'
import type { Database } from '../../db/database.ts'
import type { ReviewedPlan } from '../../domain/care-leavers/pathway-plan.ts'
import type { PartnerTable } from './kind.ts'

/**
 * Partner records in the database: a table keyed by (la, record id) (or (la, child id) for the
 * care-leaver row), read and written a whole batch or snapshot list at a time with set-based
 * statements, whatever the number of records.
 */

/** A stored row as its values, in the order of the table's columns (key included). */
export type StoredValues = readonly unknown[]

const columnNames = new WeakMap<object, string[]>()
/** The table's column names, in order: made once per table, as rows are compared by the hundred thousand. */
function columnsOf<Row>(t: PartnerTable<Row>): Array<keyof Row & string> {
  let list = columnNames.get(t.columns)
  if (!list) columnNames.set(t.columns, (list = Object.keys(t.columns)))
  return list as Array<keyof Row & string>
}

/**
 * The stored rows of a kind for the authority (or only those with these keys), by key: one statement
 * that hands back one value (json_agg of value lists), so even every row of a large authority is
 * cheap to read and compare. With `lock`, the rows stay locked for the rest of the transaction.
 */
export async function readStored<Row>(
  db: Kysely<Database>,
  t: PartnerTable<Row>,
  la: string,
  keys: readonly string[] | null,
  options: { lock: boolean },
): Promise<Map<string, StoredValues>> {
  const out = new Map<string, StoredValues>()
  if (keys !== null && keys.length === 0) return out
  const names = columnsOf(t)
  const cols = sql.join(names.map((n) => sql.ref(n)))
  const { rows } = await sql<{ stored: StoredValues[] | null }>`
    select json_agg(json_build_array(${cols})) as stored
    from (
      select ${cols} from ${sql.table(t.table)}
      where la = ${la} ${keys === null ? sql`` : sql`and ${sql.ref(t.key)} = any(${[...keys]}::text[])`}
      ${options.lock ? sql`for update` : sql``}
    ) s`.execute(db)
  const at = names.indexOf(t.key)
  for (const values of rows[0]?.stored ?? []) out.set(String(values[at]), values)
  return out
}

/** A row to write says what the stored values say, column by column (dates as YYYY-MM-DD, as JSON has them). */
export function sameValues<Row>(t: PartnerTable<Row>, stored: StoredValues, row: Row): boolean {
  const cols = columnsOf(t)
  for (let i = 0; i < cols.length; i++) if ((row[cols[i] as keyof Row] ?? null) !== (stored[i] ?? null)) return false
  return true
}

/** The stored values as a row, for a kind's rule that looks at what is stored. */
export function rowOf<Row>(t: PartnerTable<Row>, stored: StoredValues): Partial<Row> {
  return Object.fromEntries(columnsOf(t).map((n, i) => [n, stored[i] ?? null])) as Partial<Row>
}

/**
 * Creates rows that are not stored yet with COPY (PostgreSQL), one statement. A row stored meanwhile
 * by a partner's post fails the statement (and the import's transaction) with a unique violation
 * rather than being overwritten.
 */
export async function copyNewRows<Row>(copy: CopyIn, t: PartnerTable<Row>, la: string, rows: readonly Row[]): Promise<void> {
  await copy(
    t.table,
    { la: 'text', ...t.columns },
    (function* () {
      for (const r of rows) yield { la, ...r }
    })(),
  )
}

/** Creates or replaces these rows in one statement. */
export async function upsertRows<Row extends object>(db: Kysely<Database>, t: PartnerTable<Row>, la: string, rows: readonly Row[]): Promise<void> {
  if (rows.length === 0) return
  const names = columnsOf(t)
  const cols = sql.join(names.map((n) => sql.ref(n)))
  const updates = sql.join([...names.filter((n) => n !== t.key).map((n) => sql`${sql.ref(n)} = excluded.${sql.ref(n)}`), sql`updated_at = now()`])
  await sql`
    insert into ${sql.table(t.table)} (la, ${cols})
    select ${la}, ${cols} from ${rowsAsSet(t.columns, rows)}
    on conflict (la, ${sql.ref(t.key)}) do update set ${updates}`.execute(db)
}

/** Deletes the rows with these keys in one statement; returns the keys that were there. */
export async function deleteRows<Row>(db: Kysely<Database>, t: PartnerTable<Row>, la: string, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set()
  const { rows } = await sql<{ key: string }>`
    delete from ${sql.table(t.table)} where la = ${la} and ${sql.ref(t.key)} = any(${[...keys]}::text[])
    returning ${sql.ref(t.key)} as key`.execute(db)
  return new Set(rows.map((r) => r.key))
}

/** The rows of these tables that belong to these children (the cascade of deleting them), per name. One statement. */
export async function countRowsOfChildren<Name extends string>(
  db: Kysely<Database>,
  la: string,
  tables: ReadonlyArray<readonly [Name, PartnerTable<unknown>['table']]>,
  childIds: readonly string[],
): Promise<Map<Name, number>> {
  const out = new Map<Name, number>()
  if (childIds.length === 0) return out
  const ids = [...childIds]
  const { rows } = await sql<{ name: Name; n: number }>`
    ${sql.join(
      tables.map(
        ([name, table]) => sql`select ${name}::text as name, count(*)::int as n from ${sql.table(table)} where la = ${la} and child_id = any(${ids}::text[])`,
      ),
      sql` union all `,
    )}`.execute(db)
  for (const r of rows) if (r.n > 0) out.set(r.name, r.n)
  return out
}

/**
 * Each pathway plan's own list of review dates as one comparable value ('2024-12-02,2025-05-19'), by
 * plan record id: the reviews without a record id (reviews posted as records of their own are not the list's).
 */
export async function planReviews(db: Kysely<Database>, la: string, keys: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  if (keys.length === 0) return out
  const { rows } = await sql<{ planRecordId: string; reviews: string }>`
    select plan_record_id, string_agg(review_date::text, ',' order by review_date) as reviews
    from pathway_plan_reviews where la = ${la} and plan_record_id = any(${[...keys]}::text[]) and record_id is null
    group by plan_record_id`.execute(db)
  for (const r of rows) out.set(r.planRecordId, r.reviews)
  return out
}

/** Replaces the list of reviews of these plans (with COPY when given); their reviews posted as records stay. */
export async function replacePlanReviews(
  db: Kysely<Database>,
  la: string,
  plans: ReadonlyArray<{ key: string; reviews: readonly string[] }>,
  copy: CopyIn | null,
): Promise<void> {
  await sql`
    delete from pathway_plan_reviews
    where la = ${la} and plan_record_id = any(${plans.map((p) => p.key)}::text[]) and record_id is null`.execute(db)
  const rows = plans.flatMap((p) => p.reviews.map((d) => ({ la, plan_record_id: p.key, review_date: d })))
  const columns = { la: 'text', plan_record_id: 'text', review_date: 'date' }
  await (copy ? copy('pathway_plan_reviews', columns, rows) : insertRows(db, 'pathway_plan_reviews', columns, rows))
}

/**
 * The stored pathway plans with these record ids, by record id: one statement. With `lock`, they stay
 * as read (FOR SHARE) until the transaction ends, so a review is never stored against a plan that
 * meanwhile moved to another child or a later date.
 */
export async function storedPlans(
  db: Kysely<Database>,
  la: string,
  recordIds: readonly string[],
  options: { lock: boolean },
): Promise<Map<string, ReviewedPlan>> {
  const out = new Map<string, ReviewedPlan>()
  const ids = [...new Set(recordIds)]
  if (ids.length === 0) return out
  const { rows } = await sql<ReviewedPlan & { recordId: string }>`
    select record_id, child_id, plan_date from pathway_plans
    where la = ${la} and record_id = any(${ids}::text[]) ${options.lock ? sql`for share` : sql``}`.execute(db)
  for (const r of rows) out.set(r.recordId, { childId: r.childId, planDate: r.planDate })
  return out
}
