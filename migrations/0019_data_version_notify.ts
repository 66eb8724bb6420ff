import { sql, type Kysely } from 'kysely'

// Every change to an authority's row (its data versions, bumped by every write, and its population)
// or to its population estimates notifies channel data_versions with [schema, la] (issue #14), and
// emptying either table notifies [schema, null]: every authority. A service keeps each authority's
// versions in memory and drops them when told, instead of reading them on every request. A trigger,
// not the writing code, sends it, so no write can forget to: a bump made by hand in SQL is heard too.
// PostgreSQL delivers a notification only once its transaction has committed, in commit order.
// Written so it can run again over its own objects (a benchmark may take it off and put it back).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create or replace function notify_data_versions() returns trigger language plpgsql as $$
    begin
      if tg_level = 'STATEMENT' then
        perform pg_notify('data_versions', json_build_array(tg_table_schema, null)::text);
      elsif tg_op = 'DELETE' then
        perform pg_notify('data_versions', json_build_array(tg_table_schema, old.la)::text);
      else
        perform pg_notify('data_versions', json_build_array(tg_table_schema, new.la)::text);
      end if;
      return null;
    end $$`.execute(db)
  for (const table of ['authorities', 'child_populations']) {
    await sql`drop trigger if exists ${sql.raw(`${table}_notify`)} on ${sql.table(table)}`.execute(db)
    await sql`
      create trigger ${sql.raw(`${table}_notify`)} after insert or update or delete on ${sql.table(table)}
      for each row execute function notify_data_versions()`.execute(db)
    await sql`drop trigger if exists ${sql.raw(`${table}_notify_truncate`)} on ${sql.table(table)}`.execute(db)
    await sql`
      create trigger ${sql.raw(`${table}_notify_truncate`)} after truncate on ${sql.table(table)}
      for each statement execute function notify_data_versions()`.execute(db)
  }
}
