import type { CreatedAt, DateString, Timestamp } from '../types.ts'

/** Convictions (youth justice) and substance misuse (health trust), keyed by the partner's record id (migrations/0025). */

export interface YouthJusticeConvictionsTable {
  la: string
  recordId: string
  childId: string
  /** The day convicted, or given a youth caution or youth conditional caution. */
  convictedOn: DateString
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface SubstanceMisuseTable {
  la: string
  recordId: string
  childId: string
  identifiedOn: DateString
  /** Null until the child receives an intervention; not before identifiedOn. */
  interventionReceivedOn: DateString | null
  /** The day an intervention offered was refused; not before identifiedOn. */
  interventionRefusedOn: DateString | null
  createdAt: CreatedAt
  updatedAt: Timestamp
}
