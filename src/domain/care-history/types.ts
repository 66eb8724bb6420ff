/**
 * The SSDA903 care-history shapes as the domain sees them: camelCase names for the 903 fields,
 * dates as 'YYYY-MM-DD' strings. The API schemas and the database rows map onto these.
 */
import type { Finding } from '../findings.ts'

/** A child's 903 header plus the identifiers partners use to find them. */
export interface ChildHeader {
  childId: string
  /** 903 SEX: '1'/'2' up to 2023-24, 'M'/'F'/'U' from 2024-25. */
  sex: string
  dateOfBirth: string
  /** 903 ETHNIC code, e.g. 'WBRI'. */
  ethnicity: string
  upn: string | null
  nhsNumber: string | null
  /** Unaccompanied asylum-seeking child. */
  uasc: boolean
  /** 903 DUC: the date UASC status ceased. */
  uascCeasedOn: string | null
}

/** One SSDA903 episode. */
export interface Episode {
  /** DECOM */
  startDate: string
  /** RNE: S, P, L, T, U, B */
  reasonNewEpisode: string
  /** LS */
  legalStatus: string
  /** CIN */
  categoryOfNeed: string
  /** PLACE */
  placementType: string
  /** PLACE_PROVIDER (none for T0-T4 and Z1/Z11-Z14) */
  placementProvider: string | null
  /** DEC */
  endDate: string | null
  /** REC */
  reasonEnded: string | null
  /** REASON_PLACE_CHANGE, recorded on the ceasing episode */
  reasonPlaceChange: string | null
  /** HOME_POST */
  homePostcode: string | null
  /** PL_POST */
  placementPostcode: string | null
  /** URN of the placement (Ofsted), where there is one */
  urn: string | null
  /**
   * Where the CMS knows them (the DfE derives them from postcodes): the authority the placement is in
   * (a three-digit DfE code, or SCO/WAL/NIR), and the distance from home in miles.
   */
  placementLa?: string | null
  placementDistance?: number | null
}

/**
 * A finding about one child's header or care history, before it is placed in a file or snapshot: the
 * caller adds the table, row and child to make a Finding (domain/findings.ts).
 */
export interface ChildFinding extends Pick<Finding, 'rule' | 'severity' | 'fields' | 'message'> {
  /** Index of the episode in the submitted list (0-based), or null for child-level findings. */
  episodeIndex: number | null
}

/**
 * The fields a sender gives for an episode beside its start date, which matches it to the stored
 * one: what an import compares and what an episode list's fingerprint covers.
 */
export const EPISODE_FIELDS = [
  'reasonNewEpisode',
  'legalStatus',
  'categoryOfNeed',
  'placementType',
  'placementProvider',
  'endDate',
  'reasonEnded',
  'reasonPlaceChange',
  'homePostcode',
  'placementPostcode',
  'urn',
  'placementLa',
  'placementDistance',
] as const
