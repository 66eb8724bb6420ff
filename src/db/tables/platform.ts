import type { ColumnType, Generated } from 'kysely'
import type { CreatedAt, Timestamp } from '../types.ts'

/** A local authority (council) known to this deployment, by its three-digit DfE code. */
export interface AuthoritiesTable {
  la: string
  name: string
  /** Children aged under 18 in the area (ONS mid-year estimate), for rates per 10,000. */
  populationUnder18: number | null
  /** Bumped by every write to the authority's data, so caches keyed on it never serve stale numbers. */
  dataVersion: ColumnType<string, string | undefined, string>
  /** The data version at which each kind of data last changed (src/db/data-version.ts). */
  careHistoryVersion: ColumnType<string, string | undefined, string>
  healthVersion: ColumnType<string, string | undefined, string>
  sdqVersion: ColumnType<string, string | undefined, string>
  careLeaversVersion: ColumnType<string, string | undefined, string>
  benchmarksVersion: ColumnType<string, string | undefined, string>
  educationVersion: ColumnType<string, string | undefined, string>
  mentalHealthVersion: ColumnType<string, string | undefined, string>
  advocacyVersion: ColumnType<string, string | undefined, string>
  missingVersion: ColumnType<string, string | undefined, string>
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface ApiClientsTable {
  id: Generated<string>
  name: string
  /** The first characters of the key, shown in listings so people can tell keys apart. */
  keyPrefix: string
  /** sha256 of the whole key; the key itself is never stored. */
  keyHash: string
  scopes: string[]
  /** Authority codes the client may use; '*' means every authority. */
  authorities: string[]
  /** Whether counts of 1-4 are suppressed in aggregate answers for this client. */
  suppressSmallNumbers: boolean
  createdAt: CreatedAt
  revokedAt: Timestamp | null
}

export interface AuditEventsTable {
  id: Generated<string>
  at: CreatedAt
  clientId: string | null
  la: string | null
  action: string
  resource: string
  resourceId: string | null
  requestId: string
  status: number | null
}
