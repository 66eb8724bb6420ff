import type { CarePeriodsTable, ChildrenTable, EpisodeFindingsTable, EpisodesTable, PlacementSpellsTable } from './tables/care-history.ts'
import type { ImportFindingsTable, ImportRunsTable, ImportUndoTable } from './tables/imports.ts'
import type { ApiClientsTable, AuditEventsTable, AuthoritiesTable } from './tables/platform.ts'
import type { BenchmarksTable, ChildPopulationsTable } from './tables/kpis.ts'
import type {
  AdoptionsTable,
  LookedAfterReviewsTable,
  MissingEpisodesTable,
  Oc2FactsTable,
  Oc3FactsTable,
  PlacedForAdoptionTable,
  PreviousPermanenceTable,
  SocialWorkerEpisodesTable,
} from './tables/ssda903.ts'
import type { PostcodesTable } from './tables/postcodes.ts'
import type { EducationAttainmentTable, EducationAttendanceTable, EducationExclusionsTable, EducationPepsTable } from './tables/education.ts'
import type { AdvocacyIssuesTable, AdvocacyReferralsTable, CamhsReferralsTable, ReturnHomeInterviewsTable } from './tables/mental-health-advocacy-missing.ts'
import type { SubstanceMisuseTable, YouthJusticeConvictionsTable } from './tables/youth-justice-substance-misuse.ts'
import type { DataQualityAcknowledgementsTable, DataQualityFindingsTable, DataQualityStateTable } from './tables/data-quality.ts'
import type { WebhookDeliveriesTable, WebhookEventsTable, WebhookSubscriptionsTable } from './tables/webhooks.ts'
import type {
  CareLeaverContactsTable,
  CareLeaversTable,
  HealthChecksTable,
  PathwayPlanReviewsTable,
  PathwayPlansTable,
  PersonalAdvisersTable,
  SdqReturnsTable,
} from './tables/partner-returns.ts'
import type {
  ActionItemDueChangesTable,
  ActionItemStatusChangesTable,
  ActionItemsTable,
  ActionItemUpdatesTable,
  ActionPlansTable,
  ActionPrioritiesTable,
} from './tables/action-plans.ts'

/**
 * Every table the service reads or writes, by its snake_case name (the CamelCasePlugin maps columns to
 * camelCase). Each concern keeps its table types in `tables/<concern>.ts`.
 */
export interface Database {
  authorities: AuthoritiesTable
  api_clients: ApiClientsTable
  audit_events: AuditEventsTable
  children: ChildrenTable
  episodes: EpisodesTable
  care_periods: CarePeriodsTable
  placement_spells: PlacementSpellsTable
  episode_findings: EpisodeFindingsTable
  import_runs: ImportRunsTable
  import_findings: ImportFindingsTable
  import_undo: ImportUndoTable
  data_quality_findings: DataQualityFindingsTable
  data_quality_state: DataQualityStateTable
  data_quality_acknowledgements: DataQualityAcknowledgementsTable
  health_checks: HealthChecksTable
  sdq_returns: SdqReturnsTable
  care_leavers: CareLeaversTable
  personal_advisers: PersonalAdvisersTable
  pathway_plans: PathwayPlansTable
  pathway_plan_reviews: PathwayPlanReviewsTable
  care_leaver_contacts: CareLeaverContactsTable
  education_peps: EducationPepsTable
  education_attendance: EducationAttendanceTable
  education_exclusions: EducationExclusionsTable
  education_attainment: EducationAttainmentTable
  camhs_referrals: CamhsReferralsTable
  advocacy_referrals: AdvocacyReferralsTable
  advocacy_issues: AdvocacyIssuesTable
  return_home_interviews: ReturnHomeInterviewsTable
  youth_justice_convictions: YouthJusticeConvictionsTable
  substance_misuse: SubstanceMisuseTable
  action_plans: ActionPlansTable
  action_priorities: ActionPrioritiesTable
  action_items: ActionItemsTable
  action_item_due_changes: ActionItemDueChangesTable
  action_item_status_changes: ActionItemStatusChangesTable
  action_item_updates: ActionItemUpdatesTable
  benchmarks: BenchmarksTable
  child_populations: ChildPopulationsTable
  looked_after_reviews: LookedAfterReviewsTable
  missing_episodes: MissingEpisodesTable
  oc2_facts: Oc2FactsTable
  oc3_facts: Oc3FactsTable
  adoptions: AdoptionsTable
  placed_for_adoption: PlacedForAdoptionTable
  previous_permanence: PreviousPermanenceTable
  social_worker_episodes: SocialWorkerEpisodesTable
  postcodes: PostcodesTable
  webhook_subscriptions: WebhookSubscriptionsTable
  webhook_events: WebhookEventsTable
  webhook_deliveries: WebhookDeliveriesTable
}
