import type { AdvocacyIssueCategory } from '../../domain/advocacy/referrals.ts'
import type { CamhsDecision } from '../../domain/camhs/referrals.ts'
import type { InterviewResponse } from '../../domain/missing/interviews.ts'
import type { CreatedAt, DateString, Timestamp } from '../types.ts'

/** CAMHS referrals, advocacy and return home interviews, keyed by the partner's record id (migrations/0022). */

export interface CamhsReferralsTable {
  la: string
  recordId: string
  childId: string
  referredOn: DateString
  /** Null while the service has not decided. */
  decision: CamhsDecision | null
  decidedOn: DateString | null
  /** Only on an accepted referral. */
  firstAppointmentOn: DateString | null
  dischargedOn: DateString | null
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface AdvocacyReferralsTable {
  la: string
  recordId: string
  childId: string
  referredOn: DateString
  closedOn: DateString | null
  createdAt: CreatedAt
  updatedAt: Timestamp
}

/** An issue raised in an advocacy referral: a record of its own, the same child as its referral. */
export interface AdvocacyIssuesTable {
  la: string
  recordId: string
  childId: string
  referralRecordId: string
  raisedOn: DateString
  resolvedOn: DateString | null
  category: AdvocacyIssueCategory | null
  createdAt: CreatedAt
  updatedAt: Timestamp
}

/** One interview per missing episode, named by the child and the episode's MIS_START (unique). */
export interface ReturnHomeInterviewsTable {
  la: string
  recordId: string
  childId: string
  /** The episode's MIS_START. */
  missingStart: DateString
  offeredOn: DateString | null
  /** Null until the child answers the offer. */
  response: InterviewResponse | null
  /** Only on an accepted interview. */
  heldOn: DateString | null
  createdAt: CreatedAt
  updatedAt: Timestamp
}
