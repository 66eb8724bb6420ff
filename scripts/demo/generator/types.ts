/**
 * What the demo generator produces: children with their 903 header and episodes (the care-history
 * shapes), and the partner records (health checks, SDQs, care leavers) as plain camelCase objects
 * ready to post or import. Dates are 'YYYY-MM-DD'.
 */
import type { AdvocacyIssueCategory } from '../../../src/domain/advocacy/referrals.ts'
import type { ChildHeader, Episode } from '../../../src/domain/care-history/types.ts'
import type { HealthCheckKind as AnyHealthCheckKind, HealthCheckOutcome } from '../../../src/domain/health/due-dates.ts'
import type { SdqInformant } from '../../../src/domain/health/sdq.ts'

export interface GenerateOptions {
  /** The authority's three-digit DfE code (e.g. '372'); it appears in UPNs, record ids and placement LAs. */
  la: string
  /** Any number or string: the same seed and options give the same authority, value for value. */
  seed: number | string
  /** Years of history before endDate that the extract covers. Default 10. */
  years?: number
  /** The extract's last day ("today" for the data): nothing is dated after it. Default '2026-03-31'. */
  endDate?: string
  /** Children in care (5a: V3/V4 short breaks left out) on endDate, before scaling. Default 470. */
  targetInCare?: number
  /** Admissions (RNE S, short breaks left out) per year, before scaling. Default 100. */
  admissionsPerYear?: number
  /**
   * Multiplies targetInCare and admissionsPerYear. 1 is about Rotherham (~1,400 children, ~8,000
   * episodes over 10 years, their earlier history included); 3.5 gives ~4,900 children and ~28,000
   * episodes, the benchmark size.
   */
  scale?: number
}

export interface DemoChild {
  header: ChildHeader
  /** Chronological; passes checkEpisodes with no findings. */
  episodes: Episode[]
}

/** The kinds of check the generator makes: every kind but optician visits. */
export type HealthCheckKind = Exclude<AnyHealthCheckKind, 'optician'>
export type { HealthCheckOutcome, SdqInformant }

export interface DemoHealthCheck {
  /** The health trust's record id, unique within the authority. */
  recordId: string
  childId: string
  kind: HealthCheckKind
  date: string
  outcome: HealthCheckOutcome
  /** Only on immunisations_review records. */
  immunisationsUpToDate?: boolean
}

export type SdqReasonCode = 'SDQ1' | 'SDQ2' | 'SDQ3' | 'SDQ4' | 'SDQ5'

/**
 * One SDQ return: either a score (total 0-40 = emotional + conduct + hyperactivity + peer, each 0-10,
 * and prosocial 0-10, not in the total) with reasonCode null, or a reasonCode with every score null.
 */
export interface DemoSdqReturn {
  recordId: string
  childId: string
  date: string
  informant: SdqInformant
  total: number | null
  emotional: number | null
  conduct: number | null
  hyperactivity: number | null
  peer: number | null
  prosocial: number | null
  reasonCode: SdqReasonCode | null
}

export type CareLeaverEligibility = 'eligible' | 'relevant' | 'former_relevant' | 'qualifying'
export type InTouchCode = 'YES' | 'NO' | 'DIED' | 'REFU' | 'NREQ' | 'RHOM'

export interface DemoCareLeaverContact {
  recordId: string
  date: string
  inTouch: InTouchCode
  /** 903 ACTIV (F1, P1, F2, P2, F4, P4, F5, P5, G4, G5, G6) when in touch, else null. */
  activity: string | null
  /** 903 ACCOM as its parts: the type letter and the suitability digit (1 suitable, 2 not); null when not known. */
  accommodation: { type: string; suitability: 1 | 2 } | null
}

export interface DemoPathwayPlan {
  recordId: string
  date: string
  /** Review dates, ascending, after the plan's date. */
  reviews: string[]
}

export interface DemoCareLeaver {
  childId: string
  /**
   * On endDate: eligible (still looked after, 16-17, 13 weeks in care since 14), relevant (left care,
   * under 18), former_relevant (left care, 18 or over), qualifying (left care at 16 or over without
   * the 13 weeks, or under a special guardianship order).
   */
  eligibility: CareLeaverEligibility
  personalAdviser: { name?: string; allocatedOn: string } | null
  pathwayPlans: DemoPathwayPlan[]
  /** Only after the child's care ended; around the 17th-21st birthdays, plus some in between. */
  contacts: DemoCareLeaverContact[]
}

/** A PEP (5c): the date of the meeting, completed or draft. */
export interface DemoPep {
  recordId: string
  childId: string
  date: string
  status: 'completed' | 'draft'
  kind: 'initial' | 'review'
}

/** Attendance for a child and a term (academicYear: the year it starts in). */
export interface DemoAttendance {
  recordId: string
  childId: string
  academicYear: number
  term: 'autumn' | 'spring' | 'summer'
  possibleSessions: number
  attendedSessions: number
  authorisedAbsences: number
  unauthorisedAbsences: number
}

/** A suspension (days: 0.5 to 45, in halves) or a permanent exclusion (days null). */
export interface DemoExclusion {
  recordId: string
  childId: string
  kind: 'suspension' | 'permanent_exclusion'
  startDate: string
  days: number | null
}

/** A result: EYFS good level of development, KS2 reading/writing/maths at the expected standard, KS4. */
export type DemoAttainment = { recordId: string; childId: string; academicYear: number } & (
  | { keyStage: 'eyfs'; goodLevelOfDevelopment: boolean }
  | { keyStage: 'ks2'; reading: boolean; writing: boolean; maths: boolean }
  | { keyStage: 'ks4'; attainment8: number; englishMathsGrade4: boolean }
)

/** A row of the 903 Missing table: missing (M) or away without authorisation (A); end null while still missing. */
export interface DemoMissingEpisode {
  childId: string
  type: 'M' | 'A'
  start: string
  end: string | null
}

/** A CAMHS referral as POST .../camhs/referrals takes it (5c). */
export interface DemoCamhsReferral {
  recordId: string
  childId: string
  referredOn: string
  decision: 'accepted' | 'declined' | null
  decidedOn: string | null
  firstAppointmentOn: string | null
  dischargedOn: string | null
}

/** An advocacy referral and an issue raised in it, as .../advocacy/referrals and .../advocacy/issues take them. */
export interface DemoAdvocacyReferral {
  recordId: string
  childId: string
  referredOn: string
  closedOn: string | null
}

export interface DemoAdvocacyIssue {
  recordId: string
  childId: string
  referralRecordId: string
  raisedOn: string
  resolvedOn: string | null
  category: AdvocacyIssueCategory
}

/** A return home interview for a missing (M) episode, as .../missing/return-interviews takes it. */
export interface DemoReturnInterview {
  recordId: string
  childId: string
  missingStart: string
  offeredOn: string | null
  response: 'accepted' | 'declined' | null
  heldOn: string | null
}

export interface DemoAuthority {
  la: string
  /** The options after defaults and scaling. */
  parameters: {
    seed: number | string
    years: number
    startDate: string
    endDate: string
    targetInCare: number
    admissionsPerYear: number
    scale: number
  }
  children: DemoChild[]
  healthChecks: DemoHealthCheck[]
  sdqReturns: DemoSdqReturn[]
  careLeavers: DemoCareLeaver[]
  /** The virtual school's returns (5c). */
  peps: DemoPep[]
  attendance: DemoAttendance[]
  exclusions: DemoExclusion[]
  attainment: DemoAttainment[]
  missingEpisodes: DemoMissingEpisode[]
  /** The mental health and advocacy services' records and return home interviews (5c). */
  camhsReferrals: DemoCamhsReferral[]
  advocacyReferrals: DemoAdvocacyReferral[]
  advocacyIssues: DemoAdvocacyIssue[]
  returnInterviews: DemoReturnInterview[]
}
