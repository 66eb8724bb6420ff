import { sql, type Kysely } from 'kysely'

// Partner notifications (issue #20): subscriptions, an outbox of events written in the same
// transaction as the change that caused them, and one delivery per (event, subscription) that the
// dispatcher claims, sends and retries. Events carry ids and dates only: the receiver reads the
// details through the API with its own key and scopes.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table webhook_subscriptions (
      id uuid primary key default gen_random_uuid(),
      client_id uuid not null references api_clients (id) on delete cascade,
      url text not null check (length(url) between 8 and 2000),
      events text[] not null check (cardinality(events) between 1 and 50),
      authorities text[] not null check (cardinality(authorities) >= 1),
      description text check (length(description) <= 500),
      -- Kept as given: signing needs the secret itself, not a hash of it.
      secret text not null,
      previous_secret text,
      previous_secret_until timestamptz,
      paused boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((previous_secret is null) = (previous_secret_until is null))
    )`.execute(db)
  await sql`create index webhook_subscriptions_client on webhook_subscriptions (client_id)`.execute(db)

  // seq orders events: created_at is the transaction's start, the same for all of one import's.
  await sql`
    create table webhook_events (
      id uuid primary key default gen_random_uuid(),
      seq bigint generated always as identity unique,
      la char(3) not null,
      type text not null check (type ~ '^[a-z-]+(\.[a-z-]+)+$'),
      child_id text,
      payload jsonb not null check (octet_length(payload::text) <= 4096),
      created_at timestamptz not null default now(),
      fanned_out_at timestamptz
    )`.execute(db)
  // The dispatcher's fan-out reads events not yet fanned out, oldest first.
  await sql`create index webhook_events_to_fan_out on webhook_events (seq) where fanned_out_at is null`.execute(db)

  await sql`
    create table webhook_deliveries (
      id bigint generated always as identity primary key,
      event_id uuid not null references webhook_events (id) on delete cascade,
      subscription_id uuid not null references webhook_subscriptions (id) on delete cascade,
      event_seq bigint not null,
      child_id text,
      status text not null default 'pending' check (status in ('pending', 'delivered', 'parked')),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default now(),
      last_status_code integer,
      last_latency_ms integer,
      last_error text check (length(last_error) <= 1000),
      delivered_at timestamptz,
      created_at timestamptz not null default now(),
      unique (subscription_id, event_id)
    )`.execute(db)
  // The claim: due pending deliveries per subscription, and the older pending one of the same child.
  await sql`create index webhook_deliveries_due on webhook_deliveries (subscription_id, next_attempt_at) where status = 'pending'`.execute(db)
  await sql`create index webhook_deliveries_child_order on webhook_deliveries (subscription_id, child_id, event_seq) where status = 'pending'`.execute(db)
  // The delivery log per subscription, newest first.
  await sql`create index webhook_deliveries_log on webhook_deliveries (subscription_id, id desc)`.execute(db)
}
