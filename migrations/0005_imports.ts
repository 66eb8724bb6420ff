import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table import_runs (
      id uuid primary key default gen_random_uuid(),
      la char(3) not null references authorities(la),
      client_id uuid references api_clients(id),
      request_id text,
      format text not null check (format in ('json', 'ssda903-csv', 'ssda903-xml')),
      mode text not null check (mode in ('snapshot', 'delta')),
      strict boolean not null default false,
      -- running: applying now (or the process died: see started_at); succeeded; failed (nothing applied)
      status text not null check (status in ('running', 'succeeded', 'failed')),
      changed boolean,
      counts jsonb not null default '{}',
      error_count integer not null default 0,
      warning_count integer not null default 0,
      message text,
      started_at timestamptz not null default now(),
      finished_at timestamptz,
      duration_ms integer
    )`.execute(db)
  await sql`create index import_runs_la_started on import_runs (la, started_at desc)`.execute(db)

  // Row-level findings in the DfE validator's shape.
  await sql`
    create table import_findings (
      run_id uuid not null references import_runs(id) on delete cascade,
      seq integer not null,
      table_name text not null,
      row_number integer,
      child_id text,
      rule text not null,
      severity text not null check (severity in ('error', 'warning')),
      fields text[] not null,
      message text not null,
      primary key (run_id, seq)
    )`.execute(db)
}
