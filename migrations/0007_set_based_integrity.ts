import { sql, type Kysely } from 'kysely'

// The nightly import writes ~170,000 rows for a large authority in one transaction. Three guarantees
// cost most of that time when checked row by row, so they are checked once per statement instead,
// over the statement's rows (transition tables), with the same strength:
//
// - identifiers: a bounded regex ({1,100}) costs ~6 µs a row in PostgreSQL's engine; the same rule as
//   an unbounded class plus length() costs ~0.3 µs;
// - "every row names a child of its authority" (was a foreign key per table, ~5 µs a row): the
//   children named are locked FOR KEY SHARE (as a foreign key does, so a concurrent delete waits)
//   and any row whose child is missing fails the statement; deleting a child deletes its rows;
// - "a child's episodes never overlap" (was a GiST exclusion constraint, ~35 µs an episode): the
//   children written are locked FOR NO KEY UPDATE, so two writers of one child's episodes take
//   turns, and the child's episodes in start order must each end by the next one's start.
// A pathway plan's reviews name their plan the same way.
// Measured: scripts/bench/import.ts, docs/benchmarks.md.

/** Tables whose rows belong to a child by (la, child_id). */
const CHILD_TABLES = [
  'care_periods',
  'placement_spells',
  'episode_findings',
  'health_checks',
  'sdq_returns',
  'care_leavers',
  'personal_advisers',
  'pathway_plans',
  'care_leaver_contacts',
]
const RECORD_TABLES = ['health_checks', 'sdq_returns', 'personal_advisers', 'pathway_plans', 'care_leaver_contacts']

type Db = Kysely<unknown>

/** Statement-level triggers after inserts and after updates, with the statement's rows as `written`. */
async function afterWrites(db: Db, table: string, name: string, fn: string): Promise<void> {
  for (const event of ['insert', 'update']) {
    await sql`
      create trigger ${sql.raw(`${name}_${event}`)} after ${sql.raw(event)} on ${sql.table(table)}
      referencing new table as written for each statement execute function ${sql.raw(fn)}()`.execute(db)
  }
}

/**
 * A foreign key checked per statement: the parents the written rows name are locked FOR KEY SHARE
 * (a concurrent delete of one waits for this transaction), and if fewer are found than named, the
 * statement fails as a foreign key would (23503).
 */
async function namesItsParent(db: Db, fn: string, child: { key: string }, parent: { table: string; key: string; what: string }): Promise<void> {
  await sql`
    create function ${sql.raw(fn)}() returns trigger language plpgsql as $$
    declare
      named integer;
      present integer;
    begin
      select count(*) into named from (select distinct la, ${sql.raw(child.key)} from written) w;
      select count(*) into present from (
        select 1 from ${sql.raw(parent.table)} p where (p.la, p.${sql.raw(parent.key)}) in (select la, ${sql.raw(child.key)} from written)
        for key share of p
      ) p;
      if present < named then
        raise exception 'insert or update on table "%" names ${sql.raw(parent.what)} its authority does not have', tg_table_name
          using errcode = 'foreign_key_violation', table = tg_table_name;
      end if;
      return null;
    end $$`.execute(db)
}

/** The parent's (la, key) never change once rows point at them (a foreign key's "no action" on update). */
async function keysFixed(db: Db, table: string, key: string, what: string): Promise<void> {
  await sql`
    create function ${sql.raw(`${table}_keys_are_fixed`)}() returns trigger language plpgsql as $$
    begin
      raise exception '${sql.raw(what)} la and ${sql.raw(key)} cannot change' using errcode = 'foreign_key_violation', table = '${sql.raw(table)}';
    end $$`.execute(db)
  await sql`
    create trigger ${sql.raw(`${table}_keys_fixed`)} before update of la, ${sql.raw(key)} on ${sql.table(table)} for each row
    when (old.la is distinct from new.la or old.${sql.raw(key)} is distinct from new.${sql.raw(key)})
    execute function ${sql.raw(`${table}_keys_are_fixed`)}()`.execute(db)
}

/** Deleting parents deletes the rows that are theirs: one statement per table, after the delete. */
async function takesItsRows(db: Db, fn: string, parent: { table: string; key: string }, rows: ReadonlyArray<{ table: string; key: string }>): Promise<void> {
  const deletes = rows.map((r) => `delete from ${r.table} r using gone g where r.la = g.la and r.${r.key} = g.${parent.key};`)
  await sql`
    create function ${sql.raw(fn)}() returns trigger language plpgsql as $$
    begin
      ${sql.raw(deletes.join('\n      '))}
      return null;
    end $$`.execute(db)
  await sql`
    create trigger ${sql.raw(`${parent.table}_cascade`)} after delete on ${sql.table(parent.table)}
    referencing old table as gone for each statement execute function ${sql.raw(fn)}()`.execute(db)
}

export async function up(db: Db): Promise<void> {
  for (const table of RECORD_TABLES) {
    await sql`
      alter table ${sql.table(table)} drop constraint ${sql.raw(`${table}_record_id_check`)},
        add constraint ${sql.raw(`${table}_record_id_check`)} check (record_id ~ '^[A-Za-z0-9._:-]+$' and length(record_id) <= 100)`.execute(db)
  }
  await sql`
    alter table children drop constraint children_child_id_check,
      add constraint children_child_id_check check (child_id ~ '^[A-Za-z0-9._-]+$' and length(child_id) <= 40)`.execute(db)

  // Rows of a child: the child must exist (and stays, until this transaction ends).
  await namesItsParent(db, 'rows_name_their_child', { key: 'child_id' }, { table: 'children', key: 'child_id', what: 'a child' })
  for (const table of CHILD_TABLES) {
    await sql`alter table ${sql.table(table)} drop constraint ${sql.raw(`${table}_la_child_id_fkey`)}`.execute(db)
    await afterWrites(db, table, `${table}_child`, 'rows_name_their_child')
  }

  // Episodes: their child exists, with the same (la, child_id) as its child_key, and none overlap.
  await sql`alter table episodes drop constraint episodes_child_key_fkey, drop constraint episodes_child_key_daterange_excl`.execute(db)
  await sql`
    create function episodes_keep_apart() returns trigger language plpgsql as $$
    declare
      named integer;
      present integer;
    begin
      select count(*) into named from (select distinct child_key, la, child_id from written) w;
      -- Locked in child_key order, so two writers of overlapping sets of children cannot deadlock.
      select count(*) into present from (
        select 1 from children c where (c.child_key, c.la, c.child_id) in (select child_key, la, child_id from written)
        order by c.child_key for no key update of c
      ) c;
      if present < named then
        raise exception 'insert or update on table "episodes" names a child its authority does not have'
          using errcode = 'foreign_key_violation', table = 'episodes';
      end if;
      -- Sorted by start, a child's episodes overlap somewhere only if one overlaps the next.
      if exists (
        select 1 from (
          select e.end_date, lead(e.start_date) over (partition by e.la, e.child_id order by e.start_date) as next_start
          from episodes e where (e.la, e.child_id) in (select la, child_id from written)
        ) s
        where s.next_start is not null and (s.end_date is null or s.end_date > s.next_start)
      ) then
        raise exception 'a child''s episodes overlap' using errcode = 'exclusion_violation', table = 'episodes';
      end if;
      return null;
    end $$`.execute(db)
  await afterWrites(db, 'episodes', 'episodes_apart', 'episodes_keep_apart')

  // A pathway plan's reviews name their plan the same way (a plan's few reviews are most of the rows
  // a care leaver has).
  await sql`alter table pathway_plan_reviews drop constraint pathway_plan_reviews_la_plan_record_id_fkey`.execute(db)
  await namesItsParent(db, 'reviews_name_their_plan', { key: 'plan_record_id' }, { table: 'pathway_plans', key: 'record_id', what: 'a plan' })
  await afterWrites(db, 'pathway_plan_reviews', 'pathway_plan_reviews_plan', 'reviews_name_their_plan')

  // Deleting children deletes everything that is theirs (the plans' reviews go with the plans).
  const byChild = ['episodes', ...CHILD_TABLES].map((table) => ({ table, key: 'child_id' }))
  await takesItsRows(db, 'children_take_their_rows', { table: 'children', key: 'child_id' }, byChild)
  await takesItsRows(db, 'plans_take_their_reviews', { table: 'pathway_plans', key: 'record_id' }, [{ table: 'pathway_plan_reviews', key: 'plan_record_id' }])

  // In SQL string literals: the quote doubled.
  await keysFixed(db, 'children', 'child_id', "a child''s")
  await keysFixed(db, 'pathway_plans', 'record_id', "a pathway plan''s")
}
