import type { ColumnType } from 'kysely'
import type { CreatedAt, DateString, Timestamp } from '../types.ts'

export interface ChildrenTable {
  la: string
  childId: string
  /** bigint identity, read as a string. */
  childKey: ColumnType<string, never, never>
  sex: string
  dateOfBirth: DateString
  ethnicity: string
  upn: string | null
  nhsNumber: string | null
  uasc: boolean
  uascCeasedOn: DateString | null
  /** 903 MOTHER: the child is a mother (1), is not (0); null when not known. */
  mother: boolean | null
  /** 903 MC_DOB: the date of birth of the mother's child. */
  motherChildDob: DateString | null
  /** Derived from the episodes on every write: the state on the child's latest episode. */
  inCare: boolean
  currentLegalStatus: string | null
  currentPlacementType: string | null
  currentPlacementProvider: string | null
  carePeriodStart: DateString | null
  placementSpellStart: DateString | null
  episodesHash: string | null
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface EpisodesTable {
  la: string
  childId: string
  childKey: string
  startDate: DateString
  reasonNewEpisode: string
  legalStatus: string
  categoryOfNeed: string
  placementType: string
  placementProvider: string | null
  endDate: DateString | null
  reasonEnded: string | null
  reasonPlaceChange: string | null
  homePostcode: string | null
  placementPostcode: string | null
  urn: string | null
  placementLa: string | null
  /** numeric: read as a string by pg. */
  placementDistance: string | number | null
  /** PL_LA and PL_DISTANCE derived from the postcodes (migration 0012); the sent values above win. */
  derivedPlacementLa: string | null
  derivedPlacementDistance: string | number | null
  carePeriodSeq: number
  placementSpellSeq: number | null
  isMove: boolean
  isTemporary: boolean
  shortBreak: boolean
  isAdmission: boolean
  isCessation: boolean
  /** The time in care the episode belongs to (5b: short breaks split a period); null on a V3/V4 episode (migration 0013). */
  careStart: DateString | null
  careEnd: DateString | null
}

export interface CarePeriodsTable {
  la: string
  childId: string
  periodSeq: number
  startDate: DateString
  endDate: DateString | null
  reasonEnded: string | null
  categoryOfNeed: string
  legalStatusAtEntry: string
  placementTypeAtEntry: string
  shortBreakOnly: boolean
  hasShortBreak: boolean
}

export interface PlacementSpellsTable {
  la: string
  childId: string
  spellSeq: number
  periodSeq: number
  startDate: DateString
  endDate: DateString | null
  placementType: string
  placementProvider: string | null
  urn: string | null
  placementPostcode: string | null
  startedByMove: boolean
  temporaryEpisodes: number
}

export interface EpisodeFindingsTable {
  /** A key of its own, so an import's undo can name the row. */
  id: ColumnType<string, never, never>
  la: string
  childId: string
  rule: string
  severity: 'error' | 'warning'
  episodeIndex: number | null
  fields: string[]
  message: string
}
