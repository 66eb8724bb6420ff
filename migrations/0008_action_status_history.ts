import { sql, type Kysely } from 'kysely'

// Every status an action has had, so the board's progress can be shown as it stood on a past day.
// Written by the database on every insert and every change of status, wording or qualifier, so no
// path (the API, the import of the board's table) can change a status without leaving the old one.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table action_item_status_changes (
      id bigint generated always as identity primary key,
      la char(3) not null,
      plan_id uuid not null,
      item_id uuid not null,
      status text,
      status_wording text not null,
      status_qualifier text,
      changed_at timestamptz not null default now(),
      foreign key (la, plan_id, item_id) references action_items (la, plan_id, id) on delete cascade
    )`.execute(db)
  await sql`create index action_item_status_changes_item on action_item_status_changes (la, plan_id, item_id, id)`.execute(db)
  // Actions written before this migration: their status as it is, from when they were created.
  await sql`
    insert into action_item_status_changes (la, plan_id, item_id, status, status_wording, status_qualifier, changed_at)
    select la, plan_id, id, status, status_wording, status_qualifier, created_at from action_items order by created_at, id`.execute(db)
  await sql`
    create function action_items_record_status() returns trigger language plpgsql as $$
    begin
      insert into action_item_status_changes (la, plan_id, item_id, status, status_wording, status_qualifier)
      values (new.la, new.plan_id, new.id, new.status, new.status_wording, new.status_qualifier);
      return null;
    end $$`.execute(db)
  await sql`
    create trigger action_items_status_insert after insert on action_items
    for each row execute function action_items_record_status()`.execute(db)
  await sql`
    create trigger action_items_status_update after update of status, status_wording, status_qualifier on action_items for each row
    when (old.status is distinct from new.status or old.status_wording is distinct from new.status_wording
      or old.status_qualifier is distinct from new.status_qualifier)
    execute function action_items_record_status()`.execute(db)
}
