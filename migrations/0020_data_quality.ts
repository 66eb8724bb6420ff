import { sql, type Kysely } from 'kysely'

// The DfE rules' findings on the stored data (issue #17), kept per authority and collection year so a
// read does not recompute them and an import can report which are new and which it resolved. A
// finding is known by its rule and its row's identity (table, child, row key: the episode's DECOM, the
// review's date, ...), not by its row index, which moves when rows before it come or go. None of these
// tables is written inside an import's transaction (the findings are refreshed after it commits and
// after any other change, by data version), so none needs undo capture: a revert changes the data
// version and the next read recomputes.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table data_quality_findings (
      la char(3) not null references authorities (la) on delete cascade,
      year smallint not null,
      rule text not null,
      table_name text not null,
      child_id text not null,
      row_key text not null,
      -- The rule's place in the year's set: the list's order (rule, table, row index).
      rule_seq smallint not null,
      row_index integer not null,
      fields text[] not null,
      "values" jsonb not null,
      values_hash text not null,
      found_at timestamptz not null default now(),
      primary key (la, year, rule, table_name, child_id, row_key)
    )`.execute(db)
  // The list in its order, and one child's findings.
  await sql`create index data_quality_findings_order on data_quality_findings (la, year, rule_seq, table_name, row_index)`.execute(db)
  await sql`create index data_quality_findings_child on data_quality_findings (la, year, child_id)`.execute(db)

  // What the stored findings of an authority-year were computed from: fresh while both still hold.
  await sql`
    create table data_quality_state (
      la char(3) not null references authorities (la) on delete cascade,
      year smallint not null,
      data_version bigint not null,
      ruleset text not null,
      computed_at timestamptz not null default now(),
      duration_ms integer not null,
      primary key (la, year)
    )`.execute(db)

  // The DfE's "bypass": a finding explained, bound to its values (values_hash) so it lapses when they change.
  await sql`
    create table data_quality_acknowledgements (
      id uuid primary key default gen_random_uuid(),
      la char(3) not null references authorities (la) on delete cascade,
      year smallint not null,
      rule text not null,
      table_name text not null,
      child_id text not null,
      row_key text not null,
      values_hash text not null,
      reason text not null check (length(reason) between 1 and 2000),
      client_id uuid references api_clients (id) on delete set null,
      created_at timestamptz not null default now(),
      unique (la, year, rule, table_name, child_id, row_key)
    )`.execute(db)

  // Per import run and year: the findings it made and resolved (null: the run changed nothing).
  await sql`alter table import_runs add column data_quality jsonb`.execute(db)
}
