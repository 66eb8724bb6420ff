import type { Migration } from 'kysely'
import * as m0001 from './0001_platform.ts'
import * as m0002 from './0002_care_history.ts'
import * as m0003 from './0003_partner_returns.ts'
import * as m0004 from './0004_action_plans.ts'
import * as m0005 from './0005_imports.ts'
import * as m0006 from './0006_kpis.ts'
import * as m0007 from './0007_set_based_integrity.ts'
import * as m0008 from './0008_action_status_history.ts'
import * as m0009 from './0009_import_undo.ts'
import * as m0010 from './0010_data_versions_by_kind.ts'
import * as m0011 from './0011_ssda903_tables.ts'
import * as m0012 from './0012_postcodes.ts'
import * as m0013 from './0013_time_in_care.ts'
import * as m0014 from './0014_child_populations.ts'
import * as m0015reviews from './0015_pathway_plan_review_records.ts'
import * as m0016 from './0016_education.ts'
import * as m0018 from './0018_webhooks.ts'
import * as m0019 from './0019_data_version_notify.ts'
import * as m0020 from './0020_data_quality.ts'
import * as m0021 from './0021_import_keeps_what_it_can_hold.ts'
import * as m0022 from './0022_mental_health_advocacy_missing.ts'
import * as m0024 from './0024_kpi_indexes_5c.ts'
import * as m0025 from './0025_youth_justice_substance_misuse.ts'
import * as m0026 from './0026_kpi_child_pep_index.ts'
import * as m0027 from './0027_webhook_due_events.ts'
import * as m0028 from './0028_looked_after_reviews_by_date.ts'
import * as m0031 from './0031_kpi_child_assessments_index.ts'

/**
 * Every migration, in order. Listed by hand rather than read from the folder so the same list works
 * under tsx, tap and the compiled build. Forward-only: each runs once, in a transaction. A new
 * migration takes a number above every one listed (never a gap's): a database that has run a later
 * migration refuses an earlier newcomer, so 0017 and 0023 stay unused.
 */
export const migrations: Record<string, Migration> = {
  '0001_platform': m0001,
  '0002_care_history': m0002,
  '0003_partner_returns': m0003,
  '0004_action_plans': m0004,
  '0005_imports': m0005,
  '0006_kpis': m0006,
  '0007_set_based_integrity': m0007,
  '0008_action_status_history': m0008,
  '0009_import_undo': m0009,
  '0010_data_versions_by_kind': m0010,
  '0011_ssda903_tables': m0011,
  '0012_postcodes': m0012,
  '0013_time_in_care': m0013,
  '0014_child_populations': m0014,
  '0015_pathway_plan_review_records': m0015reviews,
  '0016_education': m0016,
  '0018_webhooks': m0018,
  '0019_data_version_notify': m0019,
  '0020_data_quality': m0020,
  '0021_import_keeps_what_it_can_hold': m0021,
  '0022_mental_health_advocacy_missing': m0022,
  '0024_kpi_indexes_5c': m0024,
  '0025_youth_justice_substance_misuse': m0025,
  '0026_kpi_child_pep_index': m0026,
  '0027_webhook_due_events': m0027,
  '0028_looked_after_reviews_by_date': m0028,
  '0031_kpi_child_assessments_index': m0031,
}
