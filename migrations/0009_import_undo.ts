import { sql, type Kysely } from 'kysely'
import { captureForUndo, noteOldRowsFunction } from './import-undo-capture.ts'

// A snapshot import can be undone: while an import runs, every row it inserts, updates or deletes in
// the tables it writes is noted in import_undo, per statement (transition tables, so COPY and the
// cascades of deleted children are caught as well): the keys of rows inserted (an array per key
// column), the whole old row of rows updated or deleted. Reverting puts those old rows back. Noting is switched on for one
// transaction by the import (set_config('cpds.import_run', run id, true)); otherwise the triggers
// return at once.

/** Every table an import writes, with its primary key (rows inserted are noted by key alone). */
const CAPTURED: ReadonlyArray<[string, readonly string[]]> = [
  ['children', ['la', 'child_id']],
  ['episodes', ['la', 'child_id', 'start_date']],
  ['care_periods', ['la', 'child_id', 'period_seq']],
  ['placement_spells', ['la', 'child_id', 'spell_seq']],
  ['episode_findings', ['id']],
  ['health_checks', ['la', 'record_id']],
  ['sdq_returns', ['la', 'record_id']],
  ['care_leavers', ['la', 'child_id']],
  ['personal_advisers', ['la', 'record_id']],
  ['pathway_plans', ['la', 'record_id']],
  ['pathway_plan_reviews', ['la', 'plan_record_id', 'review_date']],
  ['care_leaver_contacts', ['la', 'record_id']],
]

export async function up(db: Kysely<unknown>): Promise<void> {
  // Episode warnings had no key of their own (they are replaced per child); an undo needs one.
  await sql`alter table episode_findings add column id bigint generated always as identity primary key`.execute(db)

  await sql`
    alter table import_runs
      drop constraint import_runs_format_check,
      add constraint import_runs_format_check check (format in ('json', 'ssda903-csv', 'ssda903-xml', 'revert')),
      -- The transaction that applied the run (its 32-bit xid): rows still carrying it are as the run left them.
      add column xid bigint,
      -- What the run replaced is kept until then (null: nothing kept, e.g. a failed run).
      add column undo_until timestamptz,
      add column reverts uuid references import_runs(id),
      add column reverted_by uuid references import_runs(id),
      -- How a snapshot deleting more than the guard allows was confirmed: 'allowShrink' or the counts.
      add column shrink_confirmed text`.execute(db)
  await sql`create unique index import_runs_reverts on import_runs (reverts) where reverts is not null`.execute(db)

  await sql`
    create table import_undo (
      run_id uuid not null references import_runs(id) on delete cascade,
      seq bigint generated always as identity,
      table_name text not null,
      -- i: keys of rows inserted, column by column; u, d: old rows of rows updated, deleted (an array)
      op char(1) not null check (op in ('i', 'u', 'd')),
      rows jsonb not null,
      primary key (run_id, seq)
    )`.execute(db)

  await noteOldRowsFunction(db)

  for (const [table, key] of CAPTURED) {
    await captureForUndo(db, table, key)
  }
}
