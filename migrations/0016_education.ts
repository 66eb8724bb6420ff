import { sql, type Kysely } from 'kysely'
import { captureForUndo } from './import-undo-capture.ts'

// The virtual school's returns (issue #19, domain doc 5c): PEPs, termly attendance, suspensions and
// permanent exclusions, attainment. Keyed like the other partner tables by (la, the partner's record
// id). Unlike 0007's tables, each names its child with a real foreign key: the virtual school posts a
// few hundred rows at a time, never the nightly import's hundred thousand, so a per-row check costs
// nothing worth saving. Code lists are frozen here, as in 0003: src/domain/education checks the same
// lists before a write reaches these constraints.

const PEP_STATUSES = ['completed', 'draft']
const PEP_KINDS = ['initial', 'review']
const PEP_QUALITY = ['outstanding', 'good', 'requires_improvement', 'inadequate']
const TERMS = ['autumn', 'spring', 'summer']
const EXCLUSION_KINDS = ['suspension', 'permanent_exclusion']
const KEY_STAGES = ['eyfs', 'ks2', 'ks4']

/** The new tables, keyed by (la, record_id). */
const TABLES = ['education_peps', 'education_attendance', 'education_exclusions', 'education_attainment']

const oneOf = (column: string, codes: readonly string[]) => sql.raw(`${column} in (${codes.map((c) => `'${c}'`).join(', ')})`)
// As 0007 left the other partner tables' record ids.
const RECORD = sql.raw(
  `la char(3) not null, record_id text not null check (record_id ~ '^[A-Za-z0-9._:-]+$' and length(record_id) <= 100), child_id text not null`,
)
const STAMPS = sql.raw('created_at timestamptz not null default now(), updated_at timestamptz not null default now()')
const KEYS = sql.raw('primary key (la, record_id), foreign key (la, child_id) references children (la, child_id) on delete cascade')
const YEAR = sql.raw('academic_year integer not null check (academic_year between 1990 and 2100)')

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table authorities add column education_version bigint not null default 1`.execute(db)
  await sql`update authorities set education_version = data_version`.execute(db)

  await sql`
    create table education_peps (
      ${RECORD},
      date date not null,
      status text not null check (${oneOf('status', PEP_STATUSES)}),
      kind text check (${oneOf('kind', PEP_KINDS)}),
      quality text check (${oneOf('quality', PEP_QUALITY)}),
      ${STAMPS}, ${KEYS},
      check (quality is null or status = 'completed')
    )`.execute(db)
  await sql`create index education_peps_child on education_peps (la, child_id, date)`.execute(db)

  await sql`
    create table education_attendance (
      ${RECORD}, ${YEAR},
      term text not null check (${oneOf('term', TERMS)}),
      possible_sessions integer not null check (possible_sessions between 0 and 400),
      attended_sessions integer not null check (attended_sessions >= 0),
      authorised_absences integer check (authorised_absences >= 0),
      unauthorised_absences integer check (unauthorised_absences >= 0),
      ${STAMPS}, ${KEYS},
      check (attended_sessions + coalesce(authorised_absences, 0) + coalesce(unauthorised_absences, 0) <= possible_sessions)
    )`.execute(db)
  await sql`create index education_attendance_child on education_attendance (la, child_id, academic_year, term)`.execute(db)

  await sql`
    create table education_exclusions (
      ${RECORD},
      kind text not null check (${oneOf('kind', EXCLUSION_KINDS)}),
      start_date date not null,
      -- School days, whole or half; required on a suspension (45 at most).
      days double precision check (days > 0 and days * 2 = floor(days * 2)),
      ${STAMPS}, ${KEYS},
      check (kind <> 'suspension' or (days is not null and days <= 45))
    )`.execute(db)
  await sql`create index education_exclusions_child on education_exclusions (la, child_id, start_date)`.execute(db)
  await sql`create index education_exclusions_date on education_exclusions (la, start_date)`.execute(db)

  await sql`
    create table education_attainment (
      ${RECORD}, ${YEAR},
      key_stage text not null check (${oneOf('key_stage', KEY_STAGES)}),
      good_level_of_development boolean,
      reading_expected boolean,
      writing_expected boolean,
      maths_expected boolean,
      attainment8 double precision check (attainment8 between 0 and 90),
      english_maths_grade4 boolean,
      ${STAMPS}, ${KEYS},
      -- A result holds its key stage's fields, and only those.
      check ((key_stage = 'eyfs') = (good_level_of_development is not null)),
      check ((key_stage = 'ks2') = (reading_expected is not null and writing_expected is not null and maths_expected is not null)),
      check (key_stage = 'ks2' or (reading_expected is null and writing_expected is null and maths_expected is null)),
      check ((key_stage = 'ks4') = (attainment8 is not null and english_maths_grade4 is not null)),
      check (key_stage = 'ks4' or (attainment8 is null and english_maths_grade4 is null))
    )`.execute(db)
  await sql`create index education_attainment_child on education_attainment (la, child_id, key_stage, academic_year)`.execute(db)

  // No import writes these tables, but a snapshot that deletes a child takes its rows with it (the
  // cascade), so an undo of that run must be able to put them back: noted as 0009 notes its tables.
  for (const table of TABLES) {
    await captureForUndo(db, table, ['la', 'record_id'])
  }
}
