import type {
  CarePeriodsTable,
  ChildrenTable,
  EpisodeFindingsTable,
  EpisodesTable,
  PlacementSpellsTable,
} from './tables/care-history.ts'
import type { ApiClientsTable, AuditEventsTable, AuthoritiesTable } from './tables/platform.ts'
import type {
  ActionItemDueChangesTable,
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
  action_plans: ActionPlansTable
  action_priorities: ActionPrioritiesTable
  action_items: ActionItemsTable
  action_item_due_changes: ActionItemDueChangesTable
  action_item_updates: ActionItemUpdatesTable
}
