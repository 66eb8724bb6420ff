import { sql, type Kysely } from 'kysely'

/**
 * How an import's writes to a table are noted for its undo (0009): the keys of the rows a statement
 * inserts, column by column ({"la": [...], "child_id": [...]}: a third of the cost of an object per
 * row), and the old rows it updates or deletes (0009's import_undo_old_rows). Only while an import
 * runs (the session's cpds.import_run). Shared by every migration that adds or re-keys such a table,
 * so the noted form cannot drift between them.
 */

// One undo row holds up to this many rows of a statement, so a large delete never builds one huge value.
const CHUNK = 5000

/** Creates (or replaces) import_undo_new_<table>, noting the inserted rows' key columns. */
export async function noteInsertedKeys(db: Kysely<unknown>, table: string, key: readonly string[], options: { replace?: boolean } = {}): Promise<void> {
  const keyColumns = key.map((k) => `'${k}', array_agg(n.${k})`).join(', ')
  await sql`
    create ${sql.raw(options.replace ? 'or replace ' : '')}function ${sql.raw(`import_undo_new_${table}`)}() returns trigger language plpgsql as $$
    declare
      run uuid := nullif(current_setting('cpds.import_run', true), '')::uuid;
    begin
      if run is null then
        return null;
      end if;
      insert into import_undo (run_id, table_name, op, rows)
        select run, ${sql.lit(table)}, 'i', jsonb_build_object(${sql.raw(keyColumns)})
        from (select r.*, row_number() over () - 1 as undo_rn from new_rows r) n
        group by n.undo_rn / ${sql.lit(CHUNK)};
      return null;
    end $$`.execute(db)
}

/** The old rows of a statement's updates and deletes, for any table (the trigger function of 0009). */
export async function noteOldRowsFunction(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function import_undo_old_rows() returns trigger language plpgsql as $$
    declare
      run uuid := nullif(current_setting('cpds.import_run', true), '')::uuid;
    begin
      if run is null then
        return null;
      end if;
      insert into import_undo (run_id, table_name, op, rows)
        select run, tg_table_name, lower(left(tg_op, 1)), jsonb_agg(to_jsonb(o) - 'undo_rn')
        from (select r.*, row_number() over () - 1 as undo_rn from old_rows r) o
        group by o.undo_rn / ${sql.lit(CHUNK)};
      return null;
    end $$`.execute(db)
}

/** Notes every import write to the table: its insert function and the three statement triggers. */
export async function captureForUndo(db: Kysely<unknown>, table: string, key: readonly string[]): Promise<void> {
  await noteInsertedKeys(db, table, key)
  await sql`
    create trigger ${sql.raw(`${table}_undo_insert`)} after insert on ${sql.table(table)}
    referencing new table as new_rows for each statement execute function ${sql.raw(`import_undo_new_${table}`)}()`.execute(db)
  for (const event of ['update', 'delete']) {
    await sql`
      create trigger ${sql.raw(`${table}_undo_${event}`)} after ${sql.raw(event)} on ${sql.table(table)}
      referencing old table as old_rows for each statement execute function import_undo_old_rows()`.execute(db)
  }
}
