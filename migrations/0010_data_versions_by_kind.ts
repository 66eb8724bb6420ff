import { sql, type Kysely } from 'kysely'

// A data version per kind of data beside the authority's own (issue #14). A write sets the versions of
// the kinds it changed to the authority's new data version, so a cached KPI keyed on the greatest
// version of the kinds it reads stays valid while other kinds change: a health check posted leaves
// the care-history KPIs cached. Action plans have none (no KPI reads them).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table authorities
      add column care_history_version bigint not null default 1,
      add column health_version bigint not null default 1,
      add column sdq_version bigint not null default 1,
      add column care_leavers_version bigint not null default 1,
      add column benchmarks_version bigint not null default 1`.execute(db)
  // Until now every write changed the one version: each kind is taken to have changed at the latest.
  await sql`
    update authorities set care_history_version = data_version, health_version = data_version,
      sdq_version = data_version, care_leavers_version = data_version, benchmarks_version = data_version`.execute(db)
}
