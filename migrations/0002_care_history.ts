import { sql, type Kysely } from 'kysely'

// Codes ever valid in any collection year: the database refuses anything else outright. Which codes
// are valid on an episode's dates (H5 until 2024-25, K3 from 2024-25, Z1 split in 2025-26, sex 1/2 to
// M/F/U) is checked by the service, which knows the dates. Frozen here, like every migration.
const RNE = ['S', 'P', 'L', 'T', 'U', 'B']
const LS = ['C1', 'C2', 'D1', 'E1', 'V2', 'V3', 'V4', 'L1', 'L2', 'L3', 'J1', 'J2', 'J3']
const CIN = ['N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8']
const PLACE = [
  'A3',
  'A4',
  'A5',
  'A6',
  'H5',
  'K1',
  'K2',
  'K3',
  'P1',
  'P2',
  'P3',
  'R1',
  'R2',
  'R3',
  'R5',
  'S1',
  'T0',
  'T1',
  'T2',
  'T3',
  'T4',
  'U1',
  'U2',
  'U3',
  'U4',
  'U5',
  'U6',
  'Z1',
  'Z11',
  'Z12',
  'Z13',
  'Z14',
]
const PROVIDER = ['PR0', 'PR1', 'PR2', 'PR3', 'PR4', 'PR5']
const REC = ['X1', 'E11', 'E12', 'E2', 'E3', 'E4A', 'E4B', 'E13', 'E41', 'E45', 'E46', 'E47', 'E48', 'E5', 'E6', 'E7', 'E8', 'E9', 'E14', 'E15', 'E16', 'E17']
const RPC = ['CARPL', 'CLOSE', 'ALLEG', 'STAND', 'APPRR', 'CREQB', 'CREQO', 'CHILD', 'LAREQ', 'PLACE', 'CUSTOD', 'OTHER']

const oneOf = (column: string, codes: string[]) => sql.raw(`${column} in (${codes.map((c) => `'${c}'`).join(', ')})`)

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table children (
      la char(3) not null references authorities(la),
      -- A compact key for the episodes' exclusion constraint: GiST compares a bigint three times
      -- faster than (la, child_id) text, which is most of the cost of a nightly import.
      child_key bigint generated always as identity unique,
      child_id text not null check (child_id ~ '^[A-Za-z0-9._-]{1,40}$'),
      sex text not null check (sex in ('1', '2', 'M', 'F', 'U')),
      date_of_birth date not null,
      ethnicity text not null check (ethnicity ~ '^[A-Z]{4}$'),
      upn text check (upn ~ '^([A-HJ-NP-RT-Z][0-9]{11}[0-9A-Z]|UN[1-5])$'),
      nhs_number text check (nhs_number ~ '^[0-9]{10}$'),
      uasc boolean not null default false,
      uasc_ceased_on date,
      -- The child's state on their latest episode, refreshed with every write of the episodes.
      in_care boolean not null default false,
      current_legal_status text,
      current_placement_type text,
      current_placement_provider text,
      care_period_start date,
      placement_spell_start date,
      -- Fingerprint of the stored episode list: a snapshot import skips children whose list is unchanged.
      episodes_hash text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (la, child_id),
      check (uasc_ceased_on is null or uasc_ceased_on >= date_of_birth)
    )`.execute(db)
  // Partners find a child by NHS number (health trust) or UPN (virtual school).
  await sql`create index children_nhs_number on children (la, nhs_number) where nhs_number is not null`.execute(db)
  await sql`create index children_upn on children (la, upn) where upn is not null`.execute(db)
  await sql`create index children_in_care on children (la) where in_care`.execute(db)

  await sql`
    create table episodes (
      la char(3) not null,
      child_id text not null,
      child_key bigint not null,
      start_date date not null,
      reason_new_episode text not null check (${oneOf('reason_new_episode', RNE)}),
      legal_status text not null check (${oneOf('legal_status', LS)}),
      category_of_need text not null check (${oneOf('category_of_need', CIN)}),
      placement_type text not null check (${oneOf('placement_type', PLACE)}),
      placement_provider text check (${oneOf('placement_provider', PROVIDER)}),
      end_date date,
      reason_ended text check (${oneOf('reason_ended', REC)}),
      reason_place_change text check (${oneOf('reason_place_change', RPC)}),
      home_postcode text check (home_postcode ~ '^[A-Z0-9]{2,4} [0-9][A-Z]{2}$'),
      placement_postcode text check (placement_postcode ~ '^[A-Z0-9]{2,4} [0-9][A-Z]{2}$'),
      urn text check (urn ~ '^(SC[0-9]{6}|[0-9]{7}|XXXXXXX)$'),
      -- Where the CMS knows them (the DfE derives them from postcodes): the placement's authority
      -- (a DfE code, or SCO/WAL/NIR) and the distance from home in miles.
      placement_la text check (placement_la ~ '^([0-9]{3}|SCO|WAL|NIR)$'),
      placement_distance numeric(5, 1) check (placement_distance >= 0),
      -- Derived on write from the child's whole list (src/domain/care-history).
      care_period_seq integer not null,
      placement_spell_seq integer,
      is_move boolean not null,
      is_temporary boolean not null,
      short_break boolean not null,
      -- Counted as an admission on start_date / a cessation on end_date (5a, with the short-break
      -- switches that keep end = start + admissions - cessations exact).
      is_admission boolean not null,
      is_cessation boolean not null,
      primary key (la, child_id, start_date),
      check (end_date is null or end_date > start_date),
      check ((end_date is null) = (reason_ended is null)),
      -- One foreign key (the compact one) ties an episode to its child: the insert takes child_key from
      -- the child with the same (la, child_id), so the two cannot disagree.
      foreign key (child_key) references children (child_key) on delete cascade,
      -- No two episodes of one child overlap (the CHECK above already refuses empty ranges).
      exclude using gist (child_key with =, daterange(start_date, end_date, '[)') with &&)
    )`.execute(db)
  // KPI paths: who was in care on a day, what started or ended in a period.
  await sql`create index episodes_la_start on episodes (la, start_date)`.execute(db)
  await sql`create index episodes_la_end on episodes (la, end_date)`.execute(db)

  await sql`
    create table care_periods (
      la char(3) not null,
      child_id text not null,
      period_seq integer not null,
      start_date date not null,
      end_date date,
      reason_ended text,
      category_of_need text not null,
      legal_status_at_entry text not null,
      placement_type_at_entry text not null,
      short_break_only boolean not null,
      has_short_break boolean not null,
      primary key (la, child_id, period_seq),
      foreign key (la, child_id) references children (la, child_id) on delete cascade
    )`.execute(db)
  await sql`create index care_periods_la_start on care_periods (la, start_date)`.execute(db)
  await sql`create index care_periods_la_end on care_periods (la, end_date)`.execute(db)

  await sql`
    create table placement_spells (
      la char(3) not null,
      child_id text not null,
      spell_seq integer not null,
      period_seq integer not null,
      start_date date not null,
      end_date date,
      placement_type text not null,
      placement_provider text,
      urn text,
      placement_postcode text,
      started_by_move boolean not null,
      temporary_episodes integer not null,
      primary key (la, child_id, spell_seq),
      foreign key (la, child_id) references children (la, child_id) on delete cascade
    )`.execute(db)
  await sql`create index placement_spells_la_start on placement_spells (la, start_date)`.execute(db)

  // Warnings found when the episodes were last written (errors are refused, never stored).
  await sql`
    create table episode_findings (
      la char(3) not null,
      child_id text not null,
      rule text not null,
      severity text not null check (severity in ('error', 'warning')),
      episode_index integer,
      fields text[] not null,
      message text not null,
      foreign key (la, child_id) references children (la, child_id) on delete cascade
    )`.execute(db)
  await sql`create index episode_findings_child on episode_findings (la, child_id)`.execute(db)
}
