import { sql, type Kysely } from 'kysely'
import { captureForUndo } from './import-undo-capture.ts'

// The rest of the SSDA903 return (issue #16): the header's MOTHER and MC_DOB, and the child-level
// tables the parser read and dropped: reviews, missing episodes, OC2, AD1, placed for adoption,
// previous permanence and social worker episodes. Each is a child's rows, replaced whole by the
// integration's snapshot (src/modules/imports/return-tables.ts). Tables of several rows a child are
// keyed by the row's place in the child's list (seq): the return has no key of its own for them, and
// two rows alike (two missing episodes begun on one day) are both data. Code lists are frozen here as
// in 0003: the service checks the same lists (src/domain/ssda903/codes.ts) before a write reaches them.

const REVIEW_CODES = ['PN0', 'PN1', 'PN2', 'PN3', 'PN4', 'PN5', 'PN6', 'PN7']
const MISSING_TYPES = ['M', 'A']
const SDQ_REASONS = ['SDQ1', 'SDQ2', 'SDQ3', 'SDQ4', 'SDQ5']
const OC2_SOURCES = ['integration']
const NUMBER_OF_ADOPTERS = ['1', '2']
const ADOPTER_SEX = ['M1', 'F1', 'MM', 'FF', 'MF']
const ADOPTER_LEGAL_STATUS = ['L0', 'L11', 'L12', 'L2', 'L3', 'L4']
const PLACED_CEASED_REASONS = ['RD1', 'RD2', 'RD3', 'RD4']
const PREVIOUS_PERMANENCE = ['P1', 'P2', 'P3', 'P4', 'Z1']
const SW_REASONS = ['MANAGE', 'FCONTA', 'LEFTRL', 'ORGRST', 'TSPROC', 'ABSENC', 'CHCHAN', 'PCCHAN', 'SWDIED', 'OTHERS']

/** The new tables with their keys, in the order an undo puts them back (src/db/import-undo.ts). */
const TABLES: ReadonlyArray<[string, readonly string[]]> = [
  ['looked_after_reviews', ['la', 'child_id', 'seq']],
  ['missing_episodes', ['la', 'child_id', 'seq']],
  ['oc2_facts', ['la', 'child_id', 'source']],
  ['adoptions', ['la', 'child_id']],
  ['placed_for_adoption', ['la', 'child_id', 'seq']],
  ['previous_permanence', ['la', 'child_id']],
  ['social_worker_episodes', ['la', 'child_id', 'seq']],
]

/** The tables whose rows a deleted child takes with it: 0007's list, then these. */
const CHILD_ROWS = [
  'episodes',
  'care_periods',
  'placement_spells',
  'episode_findings',
  'health_checks',
  'sdq_returns',
  'care_leavers',
  'personal_advisers',
  'pathway_plans',
  'care_leaver_contacts',
  ...TABLES.map(([t]) => t),
]

const oneOf = (column: string, codes: readonly string[]) => sql.raw(`${column} is null or ${column} in (${codes.map((c) => `'${c}'`).join(', ')})`)
const SEQ = sql.raw('seq integer not null check (seq >= 1)')
const CHILD = sql.raw('la char(3) not null, child_id text not null')

export async function up(db: Kysely<unknown>): Promise<void> {
  // MOTHER: 1 the child is a mother, 0 not (null: not known); MC_DOB: her child's date of birth.
  await sql`alter table children add column mother boolean, add column mother_child_dob date`.execute(db)

  await sql`
    create table looked_after_reviews (
      ${CHILD}, ${SEQ},
      review_date date not null,
      review_code text not null check (${oneOf('review_code', REVIEW_CODES)}),
      primary key (la, child_id, seq)
    )`.execute(db)

  await sql`
    create table missing_episodes (
      ${CHILD}, ${SEQ},
      missing_type text not null check (${oneOf('missing_type', MISSING_TYPES)}),
      start_date date not null,
      -- Null while the child is still missing or away.
      end_date date,
      primary key (la, child_id, seq),
      check (end_date >= start_date)
    )`.execute(db)

  // OC2 as a source gave it, one row per source: the integration's (the 903 return or the JSON
  // snapshot) now; partners posting CONVICTED or SUBSTANCE_MISUSE would add their own rows.
  await sql`
    create table oc2_facts (
      ${CHILD},
      source text not null check (${oneOf('source', OC2_SOURCES)}),
      sdq_score integer check (sdq_score between 0 and 40),
      sdq_reason text check (${oneOf('sdq_reason', SDQ_REASONS)}),
      convicted boolean,
      health_check boolean,
      immunisations boolean,
      teeth_check boolean,
      health_assessment boolean,
      substance_misuse boolean,
      intervention_received boolean,
      intervention_offered boolean,
      primary key (la, child_id, source)
    )`.execute(db)

  await sql`
    create table adoptions (
      ${CHILD},
      date_should_be_placed date,
      date_matched date,
      foster_care boolean,
      number_of_adopters text check (${oneOf('number_of_adopters', NUMBER_OF_ADOPTERS)}),
      adopter_sex text check (${oneOf('adopter_sex', ADOPTER_SEX)}),
      adopter_legal_status text check (${oneOf('adopter_legal_status', ADOPTER_LEGAL_STATUS)}),
      primary key (la, child_id)
    )`.execute(db)

  await sql`
    create table placed_for_adoption (
      ${CHILD}, ${SEQ},
      date_placed date,
      date_placed_ceased date,
      reason_placed_ceased text check (${oneOf('reason_placed_ceased', PLACED_CEASED_REASONS)}),
      primary key (la, child_id, seq),
      check (date_placed_ceased >= date_placed)
    )`.execute(db)

  // DATE_PERM may have an unknown day, month or year (ZZ): permanence_date is then the latest it can
  // be (null when the year is unknown) and permanence_date_as_sent the 903 form ('ZZ/05/2020').
  await sql`
    create table previous_permanence (
      ${CHILD},
      previous_permanence text check (${oneOf('previous_permanence', PREVIOUS_PERMANENCE)}),
      permanence_la text check (length(permanence_la) between 1 and 100),
      permanence_date date,
      permanence_date_as_sent text check (permanence_date_as_sent ~ '^(\\d\\d|ZZ)/(\\d\\d|ZZ)/(\\d{4}|ZZZZ)$'),
      primary key (la, child_id),
      check (permanence_date_as_sent is null or permanence_date_as_sent like '%Z%')
    )`.execute(db)

  await sql`
    create table social_worker_episodes (
      ${CHILD}, ${SEQ},
      social_worker_id text check (length(social_worker_id) between 1 and 100),
      start_date date,
      end_date date,
      reason text check (${oneOf('reason', SW_REASONS)}),
      primary key (la, child_id, seq),
      check (end_date >= start_date)
    )`.execute(db)

  for (const [table, key] of TABLES) {
    // Every row names a child of its authority, checked per statement as in 0007.
    for (const event of ['insert', 'update']) {
      await sql`
        create trigger ${sql.raw(`${table}_child_${event}`)} after ${sql.raw(event)} on ${sql.table(table)}
        referencing new table as written for each statement execute function rows_name_their_child()`.execute(db)
    }
    // An import's writes are noted for its undo, as in 0009.
    await captureForUndo(db, table, key)
  }

  // Deleting children deletes these rows too: 0007's function, with the new tables.
  const deletes = CHILD_ROWS.map((t) => `delete from ${t} r using gone g where r.la = g.la and r.child_id = g.child_id;`)
  await sql`
    create or replace function children_take_their_rows() returns trigger language plpgsql as $$
    begin
      ${sql.raw(deletes.join('\n      '))}
      return null;
    end $$`.execute(db)
}
