/** The 903 fields whose values come from a code list, as camelCase keys. */
export type CodeField =
  | 'sex'
  | 'ethnicity'
  | 'reasonNewEpisode'
  | 'legalStatus'
  | 'categoryOfNeed'
  | 'placementType'
  | 'placementProvider'
  | 'reasonEnded'
  | 'reasonPlaceChange'
  | 'sdqReason'
  | 'inTouch'
  | 'activity'
  | 'accommodation'
  | 'reviewCode'
  | 'missingType'

/**
 * One code and the collection years it is valid in. Collection years are named by the year they end
 * in (2025 = 2024-25). validFrom/validTo are inclusive; null means open on that side.
 */
export interface CodeDefinition {
  code: string
  description: string
  validFrom: number | null
  validTo: number | null
  /** Where the description is inferred or incomplete, what to check it against. */
  note?: string
}

/** A code as a list for one year shows it. */
export interface CodeListEntry {
  code: string
  description: string
}
