import { sql, type Kysely } from 'kysely'

// Migrations are frozen in time: plain SQL, no imports from the application.
export async function up(db: Kysely<unknown>): Promise<void> {
  // btree_gist lets one exclusion constraint say "same child AND overlapping dates".
  // It lives in public so every schema (tests give each file its own) can use it.
  await sql`create extension if not exists btree_gist with schema public`.execute(db)

  await sql`
    create table authorities (
      la char(3) primary key check (la ~ '^[0-9]{3}$'),
      name text not null check (length(name) between 1 and 200),
      population_under18 integer check (population_under18 > 0),
      data_version bigint not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db)

  await sql`
    create table api_clients (
      id uuid primary key default gen_random_uuid(),
      name text not null check (length(name) between 1 and 200),
      key_prefix text not null,
      key_hash text not null unique,
      scopes text[] not null,
      authorities text[] not null,
      suppress_small_numbers boolean not null default false,
      created_at timestamptz not null default now(),
      revoked_at timestamptz
    )`.execute(db)

  await sql`
    create table audit_events (
      id bigint generated always as identity primary key,
      at timestamptz not null default now(),
      client_id uuid references api_clients(id),
      la char(3),
      action text not null,
      resource text not null,
      resource_id text,
      request_id text not null,
      status integer
    )`.execute(db)
  await sql`create index audit_events_la_at on audit_events (la, at desc)`.execute(db)
  await sql`create index audit_events_client_at on audit_events (client_id, at desc)`.execute(db)
}
