import type { DateString } from '../types.ts'

/** The 903 return's child-level tables beyond episodes (migrations/0011_ssda903_tables.ts). */

export interface LookedAfterReviewsTable {
  la: string
  childId: string
  seq: number
  /** REVIEW */
  reviewDate: DateString
  /** REVIEW_CODE PN0-PN7 */
  reviewCode: string
}

export interface MissingEpisodesTable {
  la: string
  childId: string
  seq: number
  /** MISSING: M missing, A away from placement without authorisation. */
  missingType: string
  /** MIS_START */
  startDate: DateString
  /** MIS_END; null while open. */
  endDate: DateString | null
}

/** OC2 as one source gave it (source: 'integration'). */
export interface Oc2FactsTable {
  la: string
  childId: string
  source: string
  sdqScore: number | null
  sdqReason: string | null
  convicted: boolean | null
  healthCheck: boolean | null
  immunisations: boolean | null
  teethCheck: boolean | null
  healthAssessment: boolean | null
  substanceMisuse: boolean | null
  interventionReceived: boolean | null
  interventionOffered: boolean | null
}

/**
 * OC3 as the integration's 903 return sent it, per collection year (named by the 31 March it ends on;
 * migration 0021). The export's OC3 prefers it to the care leaver contacts (docs/ssda903.md).
 */
export interface Oc3FactsTable {
  la: string
  childId: string
  year: number
  /** IN_TOUCH */
  inTouch: string | null
  /** ACTIV */
  activity: string | null
  /** ACCOM, as the 903 writes it ('U1', '0'). */
  accommodation: string | null
}

/** AD1 */
export interface AdoptionsTable {
  la: string
  childId: string
  dateShouldBePlaced: DateString | null
  dateMatched: DateString | null
  fosterCare: boolean | null
  numberOfAdopters: string | null
  adopterSex: string | null
  adopterLegalStatus: string | null
}

/** PlacedAdoption */
export interface PlacedForAdoptionTable {
  la: string
  childId: string
  seq: number
  datePlaced: DateString | null
  datePlacedCeased: DateString | null
  reasonPlacedCeased: string | null
}

/** PrevPerm */
export interface PreviousPermanenceTable {
  la: string
  childId: string
  previousPermanence: string | null
  permanenceLa: string | null
  /** The latest DATE_PERM can be when a part is ZZ; null when its year is unknown or none was given. */
  permanenceDate: DateString | null
  /** DATE_PERM with ZZ parts as sent ('ZZ/05/2020'); null for an exact date. */
  permanenceDateAsSent: string | null
}

/** SWEpisodes */
export interface SocialWorkerEpisodesTable {
  la: string
  childId: string
  seq: number
  socialWorkerId: string | null
  startDate: DateString | null
  endDate: DateString | null
  reason: string | null
}
