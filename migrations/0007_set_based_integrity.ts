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
  'care_periods', 'placement_spells', 'episode_findings', 'health_checks', 'sdq_returns', 'care_leavers',
  'personal_advisers', 'pathway_plans', 'care_leaver_contacts',
]
const RECORD_TABLES = ['health_checks', 'sdq_returns', 'personal_advisers', 'pathway_plans', 'care_leaver_contacts']

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of RECORD_TABLES) {
    await sql`
      alter table ${sql.table(table)} drop constraint ${sql.raw(`${table}_record_id_check`)},
        add constraint ${sql.raw(`${table}_record_id_check`)} check (record_id ~ '^[A-Za-z0-9._:-]+$' and length(record_id) <= 100)`.execute(db)
  }
  await sql`
    alter table children drop constraint children_child_id_check,
      add constraint children_child_id_check check (child_id ~ '^[A-Za-z0-9._-]+$' and length(child_id) <= 40)`.execute(db)

  // Rows of a child: the child must exist (and stays, until this transaction ends).
  await sql`
    create function rows_name_their_child() returns trigger language plpgsql as $$
    declare
      named integer;
      present integer;
    begin
      select count(*) into named from (select distinct la, child_id from written) w;
      select count(*) into present from (
        select 1 from children c where (c.la, c.child_id) in (select la, child_id from written) for key share of c
      ) c;
      if present < named then
        raise exception 'insert or update on table "%" names a child its authority does not have', tg_table_name
          using errcode = 'foreign_key_violation', table = tg_table_name;
      end if;
      return null;
    end $$`.execute(db)
  for (const table of CHILD_TABLES) {
    await sql`alter table ${sql.table(table)} drop constraint ${sql.raw(`${table}_la_child_id_fkey`)}`.execute(db)
    for (const event of ['insert', 'update']) {
      await sql`
        create trigger ${sql.raw(`${table}_child_${event}`)} after ${sql.raw(event)} on ${sql.table(table)}
        referencing new table as written for each statement execute function rows_name_their_child()`.execute(db)
    }
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
  for (const event of ['insert', 'update']) {
    await sql`
      create trigger ${sql.raw(`episodes_apart_${event}`)} after ${sql.raw(event)} on episodes
      referencing new table as written for each statement execute function episodes_keep_apart()`.execute(db)
  }

  // Deleting children deletes everything that is theirs, in one statement per table.
  await sql`
    create function children_take_their_rows() returns trigger language plpgsql as $$
    begin
      delete from episodes e using gone g where e.la = g.la and e.child_id = g.child_id;
      ${sql.raw(CHILD_TABLES.map((t) => `delete from ${t} r using gone g where r.la = g.la and r.child_id = g.child_id;`).join('\n      '))}
      return null;
    end $$`.execute(db)
  await sql`
    create trigger children_cascade after delete on children
    referencing old table as gone for each statement execute function children_take_their_rows()`.execute(db)

  // A pathway plan's reviews: the same, by (la, plan_record_id), for the same reason (a plan's ~4
  // reviews are most of the rows a care leaver has).
  await sql`alter table pathway_plan_reviews drop constraint pathway_plan_reviews_la_plan_record_id_fkey`.execute(db)
  await sql`
    create function reviews_name_their_plan() returns trigger language plpgsql as $$
    declare
      named integer;
      present integer;
    begin
      select count(*) into named from (select distinct la, plan_record_id from written) w;
      select count(*) into present from (
        select 1 from pathway_plans p where (p.la, p.record_id) in (select la, plan_record_id from written) for key share of p
      ) p;
      if present < named then
        raise exception 'insert or update on table "pathway_plan_reviews" names a plan its authority does not have'
          using errcode = 'foreign_key_violation', table = 'pathway_plan_reviews';
      end if;
      return null;
    end $$`.execute(db)
  for (const event of ['insert', 'update']) {
    await sql`
      create trigger ${sql.raw(`pathway_plan_reviews_plan_${event}`)} after ${sql.raw(event)} on pathway_plan_reviews
      referencing new table as written for each statement execute function reviews_name_their_plan()`.execute(db)
  }
  await sql`
    create function plans_take_their_reviews() returns trigger language plpgsql as $$
    begin
      delete from pathway_plan_reviews r using gone g where r.la = g.la and r.plan_record_id = g.record_id;
      return null;
    end $$`.execute(db)
  await sql`
    create trigger pathway_plans_cascade after delete on pathway_plans
    referencing old table as gone for each statement execute function plans_take_their_reviews()`.execute(db)

  // A child's authority and id never change (rows point at them), nor a plan's.
  await sql`
    create function children_keys_are_fixed() returns trigger language plpgsql as $$
    begin
      raise exception 'a child''s la and child_id cannot change' using errcode = 'foreign_key_violation', table = 'children';
    end $$`.execute(db)
  await sql`
    create trigger children_keys_fixed before update of la, child_id on children for each row
    when (old.la is distinct from new.la or old.child_id is distinct from new.child_id)
    execute function children_keys_are_fixed()`.execute(db)
  await sql`
    create function plans_keys_are_fixed() returns trigger language plpgsql as $$
    begin
      raise exception 'a pathway plan''s la and record_id cannot change' using errcode = 'foreign_key_violation', table = 'pathway_plans';
    end $$`.execute(db)
  await sql`
    create trigger pathway_plans_keys_fixed before update of la, record_id on pathway_plans for each row
    when (old.la is distinct from new.la or old.record_id is distinct from new.record_id)
    execute function plans_keys_are_fixed()`.execute(db)
}
