import type { ColumnType } from 'kysely'
import type { Eligibility } from '../../domain/care-leavers/eligibility.ts'
import type { HealthCheckKind, HealthCheckOutcome } from '../../domain/health/due-dates.ts'
import type { SdqInformant } from '../../domain/health/sdq.ts'
import type { CreatedAt, DateString, Generated, Timestamp } from '../types.ts'

/** What partners post, keyed by their own record id (migrations/0003_partner_returns.ts). */

export interface HealthChecksTable {
  la: string
  recordId: string
  childId: string
  kind: HealthCheckKind
  date: DateString
  outcome: HealthCheckOutcome
  clinicianRole: string | null
  /** Only on an immunisations status review. */
  immunisationsUpToDate: boolean | null
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface SdqReturnsTable {
  la: string
  recordId: string
  childId: string
  date: DateString
  informant: SdqInformant
  /** Total difficulties 0-40 (emotional + conduct + hyperactivity + peer); null when a reason is given. */
  total: number | null
  emotional: number | null
  conduct: number | null
  hyperactivity: number | null
  peer: number | null
  prosocial: number | null
  /** SDQ1-SDQ5: why there is no score. */
  reasonCode: string | null
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface CareLeaversTable {
  la: string
  childId: string
  eligibility: Eligibility
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface PersonalAdvisersTable {
  la: string
  recordId: string
  childId: string
  name: string | null
  allocatedOn: DateString
  endedOn: DateString | null
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface PathwayPlansTable {
  la: string
  recordId: string
  childId: string
  planDate: DateString
  createdAt: CreatedAt
  updatedAt: Timestamp
}

/**
 * A plan's review: one of the dates in the plan's own list (no record id), or a review posted as a
 * record of its own (migrations/0015_pathway_plan_review_records.ts).
 */
export interface PathwayPlanReviewsTable {
  la: string
  /** The review's own record id; null for a review of the plan's list. */
  recordId: string | null
  planRecordId: string
  reviewDate: DateString
  /** The primary key after la, worked out by the database: 'r:' and the record id, or 'p:', the plan and the date. */
  reviewKey: ColumnType<string, never, never>
  createdAt: CreatedAt
  updatedAt: Generated<Timestamp>
}

export interface CareLeaverContactsTable {
  la: string
  recordId: string
  childId: string
  date: DateString
  inTouch: string
  /** OC3 ACTIV code ('0' = not known); null when not given (and always for DIED/RHOM). */
  activity: string | null
  /** OC3 ACCOM letter; null with accommodationSuitable null means '0' (no information) or none. */
  accommodationType: string | null
  /** The ACCOM digit: true = 1 (suitable), false = 2. */
  accommodationSuitable: boolean | null
  createdAt: CreatedAt
  updatedAt: Timestamp
}
