import { sql, type Kysely } from 'kysely'

// Indexes for the KPI paths of domain doc 5c (issue #19): each KPI reads its records by authority and
// date range (or academic year) for every point of a series, as 0006 does for the care-history KPIs.
// The CAMHS and advocacy paths come with their tables (0022).
export async function up(db: Kysely<unknown>): Promise<void> {
  // PEPs this term: completed PEPs dated in a term (new entrants look a child's PEPs up by 0016's education_peps_child).
  await sql`create index education_peps_kpi on education_peps (la, date) include (child_id) where status = 'completed'`.execute(db)
  // Attendance: the records of the terms ending in the 12 months, by academic year.
  await sql`create index education_attendance_kpi on education_attendance (la, academic_year)
    include (child_id, term, possible_sessions, attended_sessions)`.execute(db)
  // Exclusions by start date: 0016's education_exclusions_date. Attainment: one year's results per key stage,
  // each child's latest first.
  await sql`create index education_attainment_kpi on education_attainment (la, key_stage, academic_year, child_id, updated_at desc, record_id desc)`.execute(db)
  // Missing and away episodes starting in the 12 months; missing episodes ending in them (return home interviews).
  await sql`create index missing_episodes_start on missing_episodes (la, start_date) include (child_id, missing_type)`.execute(db)
  await sql`create index missing_episodes_end on missing_episodes (la, end_date) include (child_id, start_date) where missing_type = 'M'`.execute(db)
}
