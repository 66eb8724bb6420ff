import { sql, type Kysely } from 'kysely'

// The daily due and overdue webhook events (issue #20). An event of the daily job carries the due
// date it announces, and the outbox holds at most one event per (type, authority, child, due date):
// the job inserts with ON CONFLICT DO NOTHING, so running it twice in a day, or again for a day it
// missed, sends nothing new. Events of changes (imports, episode writes) have no due date and are
// not constrained. webhook_due_runs records the days the job has run: an instance claims a day by
// inserting its row (a lease, taken over if the instance dies mid-run), so of several service
// instances one does each day's work. Retention deletes delivered events by created_at.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table webhook_events add column due_on date`.execute(db)
  await sql`alter table webhook_events add constraint webhook_events_due_child check (due_on is null or child_id is not null)`.execute(db)
  await sql`create unique index webhook_events_once_per_due on webhook_events (type, la, child_id, due_on) where due_on is not null`.execute(db)
  await sql`create index webhook_events_created on webhook_events (created_at)`.execute(db)
  await sql`
    create table webhook_due_runs (
      day date primary key,
      started_at timestamptz not null default now(),
      finished_at timestamptz,
      events integer check (events >= 0)
    )`.execute(db)
}
