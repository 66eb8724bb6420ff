import { sql, type Kysely } from 'kysely'

// What partners post (health trust, virtual school, leaving care service), keyed by the partner's own
// record id so a repeated post is an update. Code lists frozen here, like every migration: the service
// checks the same lists (src/domain) before a write reaches these constraints.
const KINDS = ['initial_health_assessment', 'review_health_assessment', 'dental_check', 'development_assessment', 'immunisations_review', 'optician']
const OUTCOMES = ['completed', 'declined', 'cancelled', 'did_not_attend']
const INFORMANTS = ['carer', 'teacher', 'self']
const SDQ_REASONS = ['SDQ1', 'SDQ2', 'SDQ3', 'SDQ4', 'SDQ5']
const ELIGIBILITY = ['eligible', 'relevant', 'former_relevant', 'qualifying']
const IN_TOUCH = ['YES', 'NO', 'DIED', 'REFU', 'NREQ', 'RHOM']
const ACTIVITY = ['F1', 'P1', 'F2', 'P2', 'F4', 'P4', 'F5', 'P5', 'G4', 'G5', 'G6', '0']
const ACCOMMODATION_TYPES = ['B', 'C', 'D', 'E', 'G', 'H', 'K', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z']

const oneOf = (column: string, codes: string[]) => sql.raw(`${column} in (${codes.map((c) => `'${c}'`).join(', ')})`)
const RECORD_ID = sql.raw(`record_id ~ '^[A-Za-z0-9._:-]{1,100}$'`)
const score = (column: string, max: number) => sql.raw(`${column} is null or ${column} between 0 and ${max}`)

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table health_checks (
      la char(3) not null,
      record_id text not null check (${RECORD_ID}),
      child_id text not null,
      kind text not null check (${oneOf('kind', KINDS)}),
      date date not null,
      outcome text not null check (${oneOf('outcome', OUTCOMES)}),
      clinician_role text check (length(clinician_role) between 1 and 100),
      -- Only an immunisations status review says whether the child's immunisations are up to date.
      immunisations_up_to_date boolean check (immunisations_up_to_date is null or kind = 'immunisations_review'),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (la, record_id),
      foreign key (la, child_id) references children (la, child_id) on delete cascade
    )`.execute(db)
  await sql`create index health_checks_child on health_checks (la, child_id, kind, date)`.execute(db)

  await sql`
    create table sdq_returns (
      la char(3) not null,
      record_id text not null check (${RECORD_ID}),
      child_id text not null,
      date date not null,
      informant text not null check (${oneOf('informant', INFORMANTS)}),
      total integer check (${score('total', 40)}),
      emotional integer check (${score('emotional', 10)}),
      conduct integer check (${score('conduct', 10)}),
      hyperactivity integer check (${score('hyperactivity', 10)}),
      peer integer check (${score('peer', 10)}),
      prosocial integer check (${score('prosocial', 10)}),
      reason_code text check (${oneOf('reason_code', SDQ_REASONS)}),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (la, record_id),
      foreign key (la, child_id) references children (la, child_id) on delete cascade,
      -- A score or a reason for no score (rule 197a), never both.
      check ((total is null) <> (reason_code is null)),
      check (total is not null or (emotional is null and conduct is null and hyperactivity is null and peer is null and prosocial is null)),
      -- The total difficulties score is the first four subscales (prosocial is not part of it).
      check (emotional is null or conduct is null or hyperactivity is null or peer is null
        or total = emotional + conduct + hyperactivity + peer)
    )`.execute(db)
  await sql`create index sdq_returns_child on sdq_returns (la, child_id, date)`.execute(db)
  // The monthly list of high scores reads by date.
  await sql`create index sdq_returns_high on sdq_returns (la, date) where total >= 17`.execute(db)

  await sql`
    create table care_leavers (
      la char(3) not null,
      child_id text not null,
      eligibility text not null check (${oneOf('eligibility', ELIGIBILITY)}),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (la, child_id),
      foreign key (la, child_id) references children (la, child_id) on delete cascade
    )`.execute(db)

  await sql`
    create table personal_advisers (
      la char(3) not null,
      record_id text not null check (${RECORD_ID}),
      child_id text not null,
      name text check (length(name) between 1 and 200),
      allocated_on date not null,
      ended_on date check (ended_on >= allocated_on),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (la, record_id),
      foreign key (la, child_id) references children (la, child_id) on delete cascade
    )`.execute(db)
  await sql`create index personal_advisers_child on personal_advisers (la, child_id, allocated_on)`.execute(db)

  await sql`
    create table pathway_plans (
      la char(3) not null,
      record_id text not null check (${RECORD_ID}),
      child_id text not null,
      plan_date date not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (la, record_id),
      foreign key (la, child_id) references children (la, child_id) on delete cascade
    )`.execute(db)
  await sql`create index pathway_plans_child on pathway_plans (la, child_id, plan_date)`.execute(db)

  await sql`
    create table pathway_plan_reviews (
      la char(3) not null,
      plan_record_id text not null,
      review_date date not null,
      primary key (la, plan_record_id, review_date),
      foreign key (la, plan_record_id) references pathway_plans (la, record_id) on delete cascade
    )`.execute(db)

  await sql`
    create table care_leaver_contacts (
      la char(3) not null,
      record_id text not null check (${RECORD_ID}),
      child_id text not null,
      date date not null,
      in_touch text not null check (${oneOf('in_touch', IN_TOUCH)}),
      activity text check (${oneOf('activity', ACTIVITY)}),
      -- The OC3 ACCOM code in parts: the letter, and its digit (1 suitable, 2 not). Both null is '0'.
      accommodation_type char(1) check (${oneOf('accommodation_type', ACCOMMODATION_TYPES)}),
      accommodation_suitable boolean,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (la, record_id),
      foreign key (la, child_id) references children (la, child_id) on delete cascade,
      check ((accommodation_type is null) = (accommodation_suitable is null)),
      -- S (no fixed abode) and X (custody) are never suitable (rule 133).
      check (accommodation_type not in ('S', 'X') or not accommodation_suitable),
      -- Died or returned home: no activity or accommodation (rule 344).
      check (in_touch not in ('DIED', 'RHOM') or (activity is null and accommodation_type is null))
    )`.execute(db)
  await sql`create index care_leaver_contacts_child on care_leaver_contacts (la, child_id, date)`.execute(db)
}
