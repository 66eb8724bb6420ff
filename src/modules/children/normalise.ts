import type { ChildHeader, Episode } from '../../domain/care-history/index.ts'
import { normaliseCode } from '../../domain/code-lists/index.ts'
import { normaliseNhsNumber, normalisePostcode } from '../../domain/identifiers.ts'
import type { ChildHeaderBody, EpisodeBody } from './schemas.ts'

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
export function headerFromBody(childId: string, b: ChildHeaderBody): ChildHeader {
  const nhs = text(b.nhsNumber)
  return {
    childId,
    sex: normaliseCode(b.sex),
    dateOfBirth: b.dateOfBirth,
    ethnicity: normaliseCode(b.ethnicity),
    upn: code(b.upn),
    nhsNumber: nhs === null ? null : normaliseNhsNumber(nhs),
    uasc: b.uasc ?? false,
    uascCeasedOn: b.uascCeasedOn ?? null,
  }
}

export function episodeFromBody(b: EpisodeBody): Episode {
  const postcode = (v: string | null | undefined) => {
    const t = text(v)
    return t === null ? null : normalisePostcode(t)
  }
  return {
    startDate: b.startDate,
    reasonNewEpisode: normaliseCode(b.reasonNewEpisode),
    legalStatus: normaliseCode(b.legalStatus),
    categoryOfNeed: normaliseCode(b.categoryOfNeed),
    placementType: normaliseCode(b.placementType),
    placementProvider: code(b.placementProvider),
    endDate: b.endDate ?? null,
    reasonEnded: code(b.reasonEnded),
    reasonPlaceChange: code(b.reasonPlaceChange),
    homePostcode: postcode(b.homePostcode),
    placementPostcode: postcode(b.placementPostcode),
    urn: code(b.urn),
    placementLa: code(b.placementLa),
    placementDistance: b.placementDistance ?? null,
  }
}
