/**
 * SSDA903 code lists as data, versioned by collection year (named by the year it ends in: 2025 is
 * 2024-25, 1 April 2024 to 31 March 2025). Lists start at 2015 for this service; an earlier year gets
 * the earliest list. Codes are compared exactly: callers normalise input first (normaliseCode).
 */
import { collectionYearOf } from '../dates/calendar.ts'
import { accommodation, activity, inTouch } from './care-leavers.ts'
import { ethnicity, missingType, reviewCode, sdqReason, sex } from './child.ts'
import { categoryOfNeed, legalStatus, placementProvider, placementType, reasonEnded, reasonNewEpisode, reasonPlaceChange } from './episodes.ts'
import type { CodeDefinition, CodeField, CodeListEntry } from './types.ts'

export type { CodeDefinition, CodeField, CodeListEntry } from './types.ts'
export * from './groups.ts'

/** The first collection year the lists describe; earlier years are treated as this one. */
export const EARLIEST_COLLECTION_YEAR = 2015

const LISTS: Readonly<Record<CodeField, readonly CodeDefinition[]>> = {
  sex,
  ethnicity,
  reasonNewEpisode,
  legalStatus,
  categoryOfNeed,
  placementType,
  placementProvider,
  reasonEnded,
  reasonPlaceChange,
  sdqReason,
  inTouch,
  activity,
  accommodation,
  reviewCode,
  missingType,
}

/** Every coded field, in a stable order. */
export const codeFields: readonly CodeField[] = Object.freeze(Object.keys(LISTS) as CodeField[])

export function isCodeField(s: string): s is CodeField {
  return Object.hasOwn(LISTS, s)
}

function definitions(field: CodeField): readonly CodeDefinition[] {
  if (!isCodeField(field)) throw new RangeError(`unknown code field: ${JSON.stringify(field)}`)
  return LISTS[field]
}

function validIn(def: CodeDefinition, collectionYear: number): boolean {
  const year = Math.max(collectionYear, EARLIEST_COLLECTION_YEAR)
  return (def.validFrom === null || def.validFrom <= year) && (def.validTo === null || year <= def.validTo)
}

/** Trim and upper-case, the form codes are stored and compared in. */
export function normaliseCode(s: string): string {
  return s.trim().toUpperCase()
}

/** The codes valid in a collection year, in the list's order. */
export function codeList(field: CodeField, collectionYear: number): CodeListEntry[] {
  if (!Number.isInteger(collectionYear)) throw new RangeError(`collection year must be an integer, got ${collectionYear}`)
  return definitions(field)
    .filter((def) => validIn(def, collectionYear))
    .map((def) => ({ code: def.code, description: def.description }))
}

/** Every code the field has ever had, with the years it is valid in (null = open). */
export function allCodes(field: CodeField): CodeDefinition[] {
  return definitions(field).map((def) => ({ ...def }))
}

/** True when the code is valid in the given collection year (exact comparison). */
export function isValidCodeInYear(field: CodeField, code: string, collectionYear: number): boolean {
  return definitions(field).some((def) => def.code === code && validIn(def, collectionYear))
}

/** True when the code is valid on a date, i.e. in the collection year the date falls in. */
export function isValidCode(field: CodeField, code: string, onDate: string): boolean {
  return isValidCodeInYear(field, code, collectionYearOf(onDate))
}

/** The description of a code in any year, or null when the field never had it. */
export function describeCode(field: CodeField, code: string): string | null {
  return definitions(field).find((def) => def.code === code)?.description ?? null
}
