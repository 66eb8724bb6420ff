import { sql, type Kysely } from 'kysely'

// The corporate parenting board's action plan (issue #9). Frozen here, like every migration: the
// code lists below are copies, not imports. Every row is keyed by authority first.
const STATUSES = ['not_started', 'awaiting_start', 'in_progress', 'delayed', 'complete', 'complete_monitoring', 'obsolete']
const COLOURS = ['blue', 'green', 'amber', 'red', 'grey']
const DUE_KINDS = ['date', 'ongoing', 'none', 'unparsed']
const PRECISIONS = ['day', 'month', 'season', 'term']

const oneOf = (column: string, codes: string[]) => sql.raw(`${column} in (${codes.map((c) => `'${c}'`).join(', ')})`)
// No null elements in a text[] column.
const noNulls = (column: string) => sql.raw(`array_position(${column}, null) is null`)

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table action_plans (
      la char(3) not null references authorities(la),
      id uuid not null default gen_random_uuid(),
      title text not null check (length(btrim(title)) between 1 and 300),
      board text check (length(btrim(board)) between 1 and 300),
      period_start date,
      period_end date,
      -- Rows of an imported table above its first priority (a title), verbatim.
      notes text[] not null default '{}' check (${noNulls('notes')}),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (la, id),
      check (period_end >= period_start)
    )`.execute(db)

  await sql`
    create table action_priorities (
      la char(3) not null,
      plan_id uuid not null,
      number integer not null check (number between 1 and 999),
      title text not null default '' check (length(title) <= 2000),
      -- The heading cell as written ("2. Priority 2 – Leaving Care, ..."); null when not imported.
      heading text,
      -- The champions row as written, and the people in it: councillors are champions, officers leads.
      people_wording text,
      champions text[] not null default '{}' check (${noNulls('champions')}),
      leads text[] not null default '{}' check (${noNulls('leads')}),
      -- Section headings under the priority: [{ ref, title, notes }], verbatim.
      sections jsonb not null default '[]' check (jsonb_typeof(sections) = 'array'),
      notes text[] not null default '{}' check (${noNulls('notes')}),
      primary key (la, plan_id, number),
      foreign key (la, plan_id) references action_plans (la, id) on delete cascade
    )`.execute(db)

  await sql`
    create table action_items (
      la char(3) not null,
      plan_id uuid not null,
      id uuid not null default gen_random_uuid(),
      -- As written; null when the row had none. A ref that does not fit its priority or section is
      -- kept and flagged, never renumbered.
      ref text check (length(btrim(ref)) between 1 and 40),
      ref_misfit boolean not null default false,
      ref_note text,
      priority integer,
      section text check (length(section) <= 40),
      position integer not null,
      source_row integer check (source_row > 0),
      action text not null check (length(action) <= 20000),
      lead_officers text[] not null default '{}' check (${noNulls('lead_officers')}),
      lead_officer_wording text not null default '',
      by_when text not null default '' check (length(by_when) <= 500),
      due_date date,
      due_date_kind text not null check (${oneOf('due_date_kind', DUE_KINDS)}),
      due_date_precision text check (${oneOf('due_date_precision', PRECISIONS)}),
      commence_by date,
      -- Canonical status (null: the wording could not be read) and the wording as written.
      status text check (${oneOf('status', STATUSES)}),
      status_wording text not null default '',
      status_qualifier text,
      written_rag text check (${oneOf('written_rag', COLOURS)}),
      rag_override text check (${oneOf('rag_override', COLOURS)}),
      rag_override_reason text check (length(btrim(rag_override_reason)) between 1 and 2000),
      rag_override_set_at timestamptz,
      kpi_ids text[] not null default '{}'
        check (array_to_string(kpi_ids, ',', '') ~ '^([a-z0-9-]{1,100}(,[a-z0-9-]{1,100})*)?$'),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (la, plan_id, id),
      unique (la, plan_id, ref),
      foreign key (la, plan_id) references action_plans (la, id) on delete cascade,
      foreign key (la, plan_id, priority) references action_priorities (la, plan_id, number),
      check ((due_date_kind = 'date') = (due_date is not null)),
      check (due_date_precision is null or due_date is not null),
      check (ref_misfit or ref_note is null),
      -- An override is a colour with its reason and time, or nothing at all.
      check ((rag_override is null) = (rag_override_reason is null)),
      check ((rag_override is null) = (rag_override_set_at is null))
    )`.execute(db)
  await sql`create index action_items_plan_position on action_items (la, plan_id, priority, position)`.execute(db)

  // Every re-set of a due date, oldest first (seq). Read from an imported cell ("Oct/Nov 2025 Spring
  // 2026") a change has no reason or day; set through the API it must have both.
  await sql`
    create table action_item_due_changes (
      la char(3) not null,
      plan_id uuid not null,
      item_id uuid not null,
      seq integer not null check (seq > 0),
      from_date date,
      from_wording text not null,
      to_date date,
      to_wording text not null,
      reason text check (length(btrim(reason)) between 1 and 2000),
      changed_on date,
      changed_at timestamptz not null default now(),
      source text not null check (source in ('import', 'api')),
      primary key (la, plan_id, item_id, seq),
      foreign key (la, plan_id, item_id) references action_items (la, plan_id, id) on delete cascade,
      check (source = 'import' or (reason is not null and changed_on is not null))
    )`.execute(db)

  // Dated progress notes. A note dated by a month ("Feb-26") runs from its first to its last day.
  await sql`
    create table action_item_updates (
      la char(3) not null,
      plan_id uuid not null,
      item_id uuid not null,
      seq integer not null check (seq > 0),
      date date,
      date_to date,
      date_precision text check (${oneOf('date_precision', PRECISIONS)}),
      date_wording text,
      text text not null check (length(btrim(text)) between 1 and 20000),
      source text not null check (source in ('import', 'api')),
      created_at timestamptz not null default now(),
      primary key (la, plan_id, item_id, seq),
      foreign key (la, plan_id, item_id) references action_items (la, plan_id, id) on delete cascade,
      check ((date is null) = (date_to is null)),
      check ((date is null) = (date_precision is null)),
      check (date_to >= date)
    )`.execute(db)
}
