import { sql, type Kysely } from 'kysely'
import type { Database } from '../../../db/database.ts'

/** Every table a KPI statement reads. */
const KPI_TABLES = [
  'children',
  'episodes',
  'care_periods',
  'placement_spells',
  'health_checks',
  'sdq_returns',
  'care_leavers',
  'personal_advisers',
  'pathway_plans',
  'pathway_plan_reviews',
  'care_leaver_contacts',
  'education_peps',
  'education_attendance',
  'education_exclusions',
  'education_attainment',
  'missing_episodes',
  'return_home_interviews',
  'camhs_referrals',
  'advocacy_referrals',
  'advocacy_issues',
] as const

/**
 * Refreshes the planner's statistics on the tables the KPIs read. Run after an import: an authority
 * the statistics have never seen (its first import) is planned as if it held a handful of rows, and a
 * 24-month stability series then took 73 s instead of 0.13 s (issue #14, docs/benchmarks.md), until
 * autovacuum got round to it. ANALYZE samples each table (about a second for all of them at 40
 * authorities) and blocks neither reads nor writes; a table the service's role does not own is
 * skipped with a warning, not an error.
 */
export async function refreshKpiStatistics(db: Kysely<Database>): Promise<void> {
  await sql`analyze ${sql.join(KPI_TABLES.map((t) => sql.table(t)))}`.execute(db)
}
