import { sql, type Kysely } from 'kysely'
import { captureForUndo } from './import-undo-capture.ts'

// The mental health service's CAMHS referrals, the advocacy service's referrals and the issues raised
// in them, and return home interviews for missing episodes (issue #19, domain doc 5c). Keyed like the
// other partner tables by (la, the partner's record id), each naming its child with a real foreign key
// as 0016's do. Code lists are frozen here, as in 0003: src/domain/camhs, advocacy and missing check the same lists,
// and the same date order, before a write reaches these constraints.

const CAMHS_DECISIONS = ['accepted', 'declined']
const ISSUE_CATEGORIES = ['care_plan', 'placement', 'contact', 'education', 'health', 'leaving_care', 'complaint', 'other']
const INTERVIEW_RESPONSES = ['accepted', 'declined']

const oneOf = (column: string, codes: readonly string[]) => sql.raw(`${column} in (${codes.map((c) => `'${c}'`).join(', ')})`)
// As 0007 left the other partner tables' record ids.
const RECORD = sql.raw(
  `la char(3) not null, record_id text not null check (record_id ~ '^[A-Za-z0-9._:-]+$' and length(record_id) <= 100), child_id text not null`,
)
const STAMPS = sql.raw('created_at timestamptz not null default now(), updated_at timestamptz not null default now()')
const KEYS = sql.raw('primary key (la, record_id), foreign key (la, child_id) references children (la, child_id) on delete cascade')

export async function up(db: Kysely<unknown>): Promise<void> {
  // A version for each new kind (as 0010): a CAMHS referral posted leaves the other KPIs cached.
  // Missing episodes come with the import, which changes every kind; interviews posted change 'missing'.
  await sql`
    alter table authorities
      add column mental_health_version bigint not null default 1,
      add column advocacy_version bigint not null default 1,
      add column missing_version bigint not null default 1`.execute(db)
  await sql`update authorities set mental_health_version = data_version, advocacy_version = data_version, missing_version = data_version`.execute(db)

  // A referral waits for a decision (null), then is accepted or declined; only an accepted one is seen.
  await sql`
    create table camhs_referrals (
      ${RECORD},
      referred_on date not null,
      decision text check (${oneOf('decision', CAMHS_DECISIONS)}),
      decided_on date,
      first_appointment_on date,
      discharged_on date,
      ${STAMPS}, ${KEYS},
      check (decided_on is null or (decision is not null and decided_on >= referred_on)),
      check (first_appointment_on is null or (decision = 'accepted' and first_appointment_on >= referred_on)),
      check (discharged_on >= referred_on and discharged_on >= first_appointment_on)
    )`.execute(db)
  await sql`create index camhs_referrals_child on camhs_referrals (la, child_id, referred_on)`.execute(db)
  // The KPIs' paths: referrals by date (waiting at D, referrals in the 12 months), first appointments by date.
  await sql`create index camhs_referrals_referred on camhs_referrals (la, referred_on) include (child_id, decision, first_appointment_on, discharged_on)`.execute(
    db,
  )
  await sql`create index camhs_referrals_first_appointment on camhs_referrals (la, first_appointment_on) include (child_id, referred_on) where first_appointment_on is not null`.execute(
    db,
  )

  await sql`
    create table advocacy_referrals (
      ${RECORD},
      referred_on date not null,
      closed_on date,
      ${STAMPS}, ${KEYS},
      -- For the issues' foreign key, which keeps an issue with its referral's child.
      unique (la, record_id, child_id),
      check (closed_on >= referred_on)
    )`.execute(db)
  await sql`create index advocacy_referrals_child on advocacy_referrals (la, child_id, referred_on)`.execute(db)
  await sql`create index advocacy_referrals_referred on advocacy_referrals (la, referred_on) include (child_id)`.execute(db)

  // Each issue a record of its own (its own id, naming its referral), so the service can post them one
  // a row, in a CSV file too, and mark one resolved later without sending the referral again.
  await sql`
    create table advocacy_issues (
      ${RECORD},
      referral_record_id text not null,
      raised_on date not null,
      resolved_on date,
      category text check (${oneOf('category', ISSUE_CATEGORIES)}),
      ${STAMPS},
      primary key (la, record_id),
      foreign key (la, referral_record_id, child_id) references advocacy_referrals (la, record_id, child_id) on update cascade on delete cascade,
      check (resolved_on >= raised_on)
    )`.execute(db)
  await sql`create index advocacy_issues_referral on advocacy_issues (la, referral_record_id, child_id)`.execute(db)
  await sql`create index advocacy_issues_child on advocacy_issues (la, child_id, raised_on)`.execute(db)
  await sql`create index advocacy_issues_raised on advocacy_issues (la, raised_on) include (child_id, resolved_on)`.execute(db)

  // An interview names its episode by the child and MIS_START, as the 903 does (missing_episodes has no
  // key of its own, and its rows are replaced whole each night): one interview per episode, so a KPI
  // joining on (child, start) counts each episode once. No foreign key to the episode: an interview
  // may arrive before the import brings the episode.
  await sql`
    create table return_home_interviews (
      ${RECORD},
      missing_start date not null,
      offered_on date,
      response text check (${oneOf('response', INTERVIEW_RESPONSES)}),
      held_on date,
      ${STAMPS}, ${KEYS},
      unique (la, child_id, missing_start),
      check (offered_on >= missing_start),
      check (response is null or offered_on is not null),
      check (held_on is null or (response = 'accepted' and held_on >= offered_on))
    )`.execute(db)

  // The nightly JSON snapshot writes interviews, and a child it deletes takes every row above with it:
  // an undo of that run puts them back (0009).
  for (const table of ['camhs_referrals', 'advocacy_referrals', 'advocacy_issues', 'return_home_interviews']) {
    await captureForUndo(db, table, ['la', 'record_id'])
  }
}
