/** Input as partners and the CMS send it, to the shapes the rules check: the one place that tidies. */
import { normaliseCode } from '../code-lists/index.ts'
import { normaliseNhsNumber, normalisePostcode } from '../identifiers.ts'
import type { ChildHeader, Episode } from './types.ts'

type Text = string | null | undefined

export interface HeaderInput {
  sex: string
  dateOfBirth: string
  ethnicity: string
  upn?: Text
  nhsNumber?: Text
  uasc?: boolean | undefined
  uascCeasedOn?: Text
}

export interface EpisodeInput {
  startDate: string
  reasonNewEpisode: string
  legalStatus: string
  categoryOfNeed: string
  placementType: string
  placementProvider?: Text
  endDate?: Text
  reasonEnded?: Text
  reasonPlaceChange?: Text
  homePostcode?: Text
  placementPostcode?: Text
  urn?: Text
  placementLa?: Text
  placementDistance?: number | null | undefined
}

/** Blank means absent: CMS extracts send '' as often as null. */
const text = (v: string | null | undefined): string | null => {
  const t = v?.trim()
  return t ? t : null
}
const code = (v: string | null | undefined) => {
  const t = text(v)
  return t === null ? null : normaliseCode(t)
}

/** The header as the domain sees it: codes upper-cased, identifiers stripped of spacing. */
export function headerFromBody(childId: string, b: HeaderInput): ChildHeader {
  const nhs = text(b.nhsNumber)
  return {
    childId,
    sex: normaliseCode(b.sex),
    dateOfBirth: b.dateOfBirth.trim(),
    ethnicity: normaliseCode(b.ethnicity),
    upn: code(b.upn),
    nhsNumber: nhs === null ? null : normaliseNhsNumber(nhs),
    uasc: b.uasc ?? false,
    uascCeasedOn: text(b.uascCeasedOn),
  }
}

export function episodeFromBody(b: EpisodeInput): Episode {
  const postcode = (v: string | null | undefined) => {
    const t = text(v)
    return t === null ? null : normalisePostcode(t)
  }
  return {
    startDate: b.startDate.trim(),
    reasonNewEpisode: normaliseCode(b.reasonNewEpisode),
    legalStatus: normaliseCode(b.legalStatus),
    categoryOfNeed: normaliseCode(b.categoryOfNeed),
    placementType: normaliseCode(b.placementType),
    placementProvider: code(b.placementProvider),
    endDate: text(b.endDate),
    reasonEnded: code(b.reasonEnded),
    reasonPlaceChange: code(b.reasonPlaceChange),
    homePostcode: postcode(b.homePostcode),
    placementPostcode: postcode(b.placementPostcode),
    urn: code(b.urn),
    placementLa: code(b.placementLa),
    placementDistance: b.placementDistance ?? null,
  }
}
