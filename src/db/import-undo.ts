import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { Database } from './database.ts'
import type { TableCounts } from './tables/imports.ts'

/**
 * Undoing an import. While a run applies, statement triggers note in import_undo what it inserted
 * (keys, column by column) and what it updated or deleted (the old rows): migrations/0009_import_undo.ts. Reverting
 * puts every row the run touched back as it was before the run, with a fixed number of set-based
 * statements per table, in the caller's transaction.
 *
 * A row is put back only if it is still as the run left it: its xmin (the transaction that last wrote
 * it) is the run's own, or a later revert's (one that put back what a later run changed), and a row
 * the run deleted is still absent. Anything else was written after the run (a later import, a
 * partner's post) and would be lost: the revert is refused and says which rows.
 */

/** Tables whose rows an import writes, parents first (inserts go in this order; deletes the reverse). */
const ORDER = [
  'children',
  'pathway_plans',
  'episodes',
  'care_periods',
  'placement_spells',
  'episode_findings',
  'health_checks',
  'sdq_returns',
  'care_leavers',
  'personal_advisers',
  'pathway_plan_reviews',
  'care_leaver_contacts',
  // The 903 return's other tables (migration 0011).
  'looked_after_reviews',
  'missing_episodes',
  'oc2_facts',
  // OC3 as the 903 return sent it (migration 0021).
  'oc3_facts',
  'adoptions',
  'placed_for_adoption',
  'previous_permanence',
  'social_worker_episodes',
  // The virtual school's returns (migration 0016): no import writes them, but a child it deletes takes them.
  'education_peps',
  'education_attendance',
  'education_exclusions',
  'education_attainment',
  // CAMHS, advocacy (a referral before its issues) and return home interviews (migration 0022): the
  // snapshot writes interviews; a child it deletes takes all of them.
  'camhs_referrals',
  'advocacy_referrals',
  'advocacy_issues',
  'return_home_interviews',
  // Convictions and substance misuse (migration 0025): a child the snapshot deletes takes them.
  'youth_justice_convictions',
  'substance_misuse',
] as const
type UndoTable = (typeof ORDER)[number]

/** Rows that belong to a parent and go with it when it is deleted (migration 0007's cascades). */
const OWNED: Partial<Record<UndoTable, ReadonlyArray<{ table: UndoTable; key: string }>>> = {
  children: ORDER.filter((t) => t !== 'children' && t !== 'pathway_plan_reviews').map((table) => ({ table, key: 'child_id' })),
  pathway_plans: [{ table: 'pathway_plan_reviews', key: 'plan_record_id' }],
}

const PARENT_KEY: Partial<Record<UndoTable, string>> = { children: 'child_id', pathway_plans: 'record_id' }

/** Turns noting on for this transaction: everything it writes until commit belongs to the run. */
export async function captureUndo(trx: Kysely<Database>, runId: string): Promise<void> {
  await sql`select set_config('cpds.import_run', ${runId}, true)`.execute(trx)
}

/** Marks the run as applied by this transaction, its undo kept for `days`. Call it last, inside the run's transaction. */
export async function keepUndo(trx: Kysely<Database>, runId: string, days: number): Promise<void> {
  await sql`
    update import_runs set xid = txid_current() % 4294967296, undo_until = now() + make_interval(days => ${days})
    where id = ${runId}`.execute(trx)
}

/** Drops what runs of the authority replaced once their time is up (the runs stay on record). */
export async function dropExpiredUndo(trx: Kysely<Database>, la: string): Promise<void> {
  const { rows } = await sql<{ id: string }>`
    update import_runs set undo_until = null where la = ${la} and undo_until < now() returning id`.execute(trx)
  if (rows.length) await sql`delete from import_undo where run_id = any(${rows.map((r) => r.id)}::uuid[])`.execute(trx)
}

/** A row that changed after the run: reverting would lose that change. */
export interface UndoConflict {
  table: string
  /** The row's key, e.g. { child_id: 'C1', start_date: '2024-05-02' } (the authority left out). */
  key: Record<string, unknown>
  /** 'changed': written after the run; 'recreated': the run deleted it and it exists again; 'gone': deleted after the run; 'owned': a later row belongs to a parent the revert would delete. */
  why: 'changed' | 'recreated' | 'gone' | 'owned'
}

export class UndoConflictError extends Error {
  constructor(
    readonly conflicts: UndoConflict[],
    readonly total: number,
  ) {
    super(`${total} row${total === 1 ? '' : 's'} changed after the run; reverting would lose those changes.`)
    this.name = 'UndoConflictError'
  }
}

interface TableShape {
  key: string[]
  columns: string[]
  identity: Set<string>
  /** Columns the database works out (pathway_plan_reviews.review_key): never written back. */
  generated: Set<string>
}

async function shapes(trx: Kysely<Database>, tables: readonly string[]): Promise<Map<string, TableShape>> {
  const { rows } = await sql<{ table: string; column: string; identity: boolean; generated: boolean; inKey: boolean }>`
    select c.relname as table, a.attname as column, a.attidentity <> '' as identity, a.attgenerated <> '' as generated,
      exists (select 1 from pg_index i where i.indrelid = c.oid and i.indisprimary and a.attnum = any(i.indkey)) as in_key
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace and n.nspname = current_schema()
    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    where c.relname = any(${[...tables]}::text[])
    order by c.relname, a.attnum`.execute(trx)
  const out = new Map<string, TableShape>()
  for (const r of rows) {
    const s = out.get(r.table) ?? { key: [], columns: [], identity: new Set<string>(), generated: new Set<string>() }
    s.columns.push(r.column)
    if (r.inKey) s.key.push(r.column)
    if (r.identity) s.identity.add(r.column)
    if (r.generated) s.generated.add(r.column)
    out.set(r.table, s)
  }
  return out
}

const ident = (names: readonly string[], alias: string) => sql.raw(names.map((n) => `${alias}.${n}`).join(', '))
const keyMatch = (key: readonly string[], a: string, b: string) => sql.raw(key.map((k) => `${a}.${k} = ${b}.${k}`).join(' and '))

/** The camelCase name the run's counts use for a table. */
const countName = (table: string) => table.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase())

/**
 * Puts back every row the run touched, as it was before the run. `allowedXids`: the run's own xid and
 * those of reverts of later runs. Throws UndoConflictError (nothing changed) when a row was written
 * since. Returns what it did per table, as a run's counts.
 */
export async function revertRows(trx: Kysely<Database>, runId: string, allowedXids: readonly string[]): Promise<Record<string, TableCounts>> {
  const { rows: present } = await sql<{ table: string }>`select distinct table_name as table from import_undo where run_id = ${runId}`.execute(trx)
  const tables = ORDER.filter((t) => present.some((p) => p.table === t))
  // Every table's shape: the rows a parent owns are named by their own keys.
  const shape = await shapes(trx, ORDER)
  await sql`
    create temp table revert_plan (table_name text not null, row_key jsonb not null, first_op char(1) not null, last_op char(1) not null, before_row jsonb)
    on commit drop`.execute(trx)
  for (const t of tables) {
    const s = shape.get(t) as TableShape
    // Inserts hold their keys column by column; updates and deletes hold whole old rows.
    const keyOfRow = sql.raw(`jsonb_build_object(${s.key.map((k) => `'${k}', e.v -> '${k}'`).join(', ')})`)
    const keyOfColumns = sql.raw(`jsonb_build_object(${s.key.map((k) => `'${k}', u.rows -> '${k}' -> i`).join(', ')})`)
    const first = s.key[0] as string
    await sql`
      insert into revert_plan (table_name, row_key, first_op, last_op, before_row)
      select ${t}, k.row_key, (array_agg(k.op order by k.seq))[1], (array_agg(k.op order by k.seq desc))[1],
        -- A row the run inserted has nothing to put back.
        case when (array_agg(k.op order by k.seq))[1] = 'i' then null else (array_agg(k.v order by k.seq))[1] end
      from (
        select ${keyOfRow} as row_key, u.seq, u.op, e.v
        from import_undo u cross join lateral jsonb_array_elements(u.rows) as e(v)
        where u.run_id = ${runId} and u.table_name = ${t} and u.op <> 'i'
        union all
        select ${keyOfColumns}, u.seq, u.op, null
        from import_undo u cross join lateral generate_series(0, jsonb_array_length(u.rows -> ${first}) - 1) as i
        where u.run_id = ${runId} and u.table_name = ${t} and u.op = 'i'
      ) k
      group by k.row_key`.execute(trx)
  }

  // Refuse when any row was written after the run.
  const conflicts: UndoConflict[] = []
  let total = 0
  for (const t of tables) {
    const s = shape.get(t) as TableShape
    const first = s.key[0] as string
    const { rows } = await sql<{ rowKey: Record<string, unknown>; why: UndoConflict['why']; n: number }>`
      select p.row_key, case when t.${sql.raw(first)} is null then 'gone' when p.last_op = 'd' then 'recreated' else 'changed' end as why,
        count(*) over ()::int as n
      from revert_plan p
      cross join lateral jsonb_populate_record(null::${sql.table(t)}, p.row_key) r
      left join ${sql.table(t)} t on ${keyMatch(s.key, 't', 'r')}
      where p.table_name = ${t}
        and case when p.last_op = 'd' then t.${sql.raw(first)} is not null
                 else t.${sql.raw(first)} is null or not (t.xmin::text = any(${[...allowedXids]}::text[])) end
      limit 20`.execute(trx)
    total += rows[0]?.n ?? 0
    for (const r of rows) conflicts.push({ table: t, key: withoutLa(r.rowKey), why: r.why })
  }
  if (total > 0) throw new UndoConflictError(conflicts.slice(0, 20), total)

  const counts: Record<string, TableCounts> = {}
  const countsOf = (t: string) => (counts[countName(t)] ??= { inserted: 0, updated: 0, deleted: 0, unchanged: 0, rejected: 0 })

  // 1. Rows the run added go, dependents first. Before a parent goes, nothing else may still be its.
  for (const t of [...tables].reverse()) {
    const s = shape.get(t) as TableShape
    const parentKey = PARENT_KEY[t]
    if (parentKey !== undefined) {
      for (const owned of OWNED[t] ?? []) {
        const ownedKey = (shape.get(owned.table) as TableShape).key.filter((k) => k !== 'la')
        const { rows } = await sql<{ rowKey: Record<string, unknown> }>`
          select jsonb_build_object(${sql.raw(ownedKey.map((k) => `'${k}', o.${k}`).join(', '))}) as row_key
          from revert_plan p
          cross join lateral jsonb_populate_record(null::${sql.table(t)}, p.row_key) r
          join ${sql.table(owned.table)} o on o.la = r.la and o.${sql.raw(owned.key)} = r.${sql.raw(parentKey)}
          where p.table_name = ${t} and p.first_op = 'i' and p.last_op <> 'd'
          limit 20`.execute(trx)
        if (rows.length > 0)
          throw new UndoConflictError(
            rows.map((r) => ({ table: owned.table, key: r.rowKey, why: 'owned' })),
            rows.length,
          )
      }
    }
    const deleted = await sql`
      delete from ${sql.table(t)} t using (
        select r.* from revert_plan p cross join lateral jsonb_populate_record(null::${sql.table(t)}, p.row_key) r
        where p.table_name = ${t} and p.first_op = 'i' and p.last_op <> 'd'
      ) r
      where ${keyMatch(s.key, 't', 'r')}`.execute(trx)
    const numDeletedRows = Number(deleted.numAffectedRows ?? 0)
    if (numDeletedRows) countsOf(t).deleted += numDeletedRows
  }

  /** Runs one statement per table over the rows of the plan in one case; counts what it touched. */
  const each = async (kind: keyof TableCounts, statement: (t: UndoTable, s: TableShape) => ReturnType<typeof sql> | null) => {
    for (const t of tables) {
      const query = statement(t, shape.get(t) as TableShape)
      if (query === null) continue
      const n = Number((await query.execute(trx)).numAffectedRows ?? 0)
      if (n) countsOf(t)[kind] += n
    }
  }
  const oldRows = (t: UndoTable, which: RawBuilder<unknown>) =>
    sql`select r.* from revert_plan p cross join lateral jsonb_populate_record(null::${sql.table(t)}, p.before_row) r where p.table_name = ${t} and ${which}`

  // 2. Rows the run changed get their old values (a subset of the old rows, so no overlap appears).
  await each('updated', (t, s) => {
    const settable = s.columns.filter((c) => !s.key.includes(c) && !s.identity.has(c) && !s.generated.has(c))
    if (settable.length === 0) return null
    return sql`
      update ${sql.table(t)} t set ${sql.raw(settable.map((c) => `${c} = r.${c}`).join(', '))}
      from (${oldRows(t, sql`p.first_op <> 'i' and p.last_op <> 'd'`)}) r
      where ${keyMatch(s.key, 't', 'r')}`
  })

  // 3. Rows the run deleted come back, parents first, with their own keys and timestamps (a
  // generated column is worked out again, to the same value).
  await each('inserted', (t, s) => {
    const written = s.columns.filter((c) => !s.generated.has(c))
    return sql`
    insert into ${sql.table(t)} (${sql.raw(written.join(', '))}) overriding system value
    select ${ident(written, 'r')} from (${oldRows(t, sql`p.first_op <> 'i' and p.last_op = 'd'`)}) r`
  })
  return counts
}

function withoutLa(key: Record<string, unknown>): Record<string, unknown> {
  const { la: _la, ...rest } = key
  return rest
}
