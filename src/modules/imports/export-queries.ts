import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'
import type { ChildHeader, Episode } from '../../domain/care-history/index.ts'
import { collectionYearBounds } from '../../domain/dates/calendar.ts'

/**
 * Children with their episodes for a 903 export: everyone with an episode touching the collection
 * year (or every child, for a full-history export). Two queries, grouped in memory.
 */
export async function childrenForExport(db: Kysely<Database>, la: string, year: number | null): Promise<Array<{ header: ChildHeader; episodes: Episode[] }>> {
  const bounds = year === null ? null : collectionYearBounds(year)
  let episodesQuery = db
    .selectFrom('episodes')
    .select([
      'childId', 'startDate', 'reasonNewEpisode', 'legalStatus', 'categoryOfNeed', 'placementType', 'placementProvider', 'endDate',
      'reasonEnded', 'reasonPlaceChange', 'homePostcode', 'placementPostcode', 'urn', 'placementLa', 'placementDistance',
    ])
    .where('la', '=', la)
    .orderBy('childId')
    .orderBy('startDate')
  if (bounds) {
    episodesQuery = episodesQuery
      .where('startDate', '<=', bounds.end)
      .where((eb) => eb.or([eb('endDate', 'is', null), eb('endDate', '>=', bounds.start)]))
  }
  const episodes = await episodesQuery.execute()
  const byChild = new Map<string, Episode[]>()
  for (const { childId, placementDistance, ...e } of episodes) {
    const list = byChild.get(childId) ?? []
    list.push({ ...e, placementDistance: placementDistance === null ? null : Number(placementDistance) })
    byChild.set(childId, list)
  }
  const children = await db
    .selectFrom('children')
    .select(['childId', 'sex', 'dateOfBirth', 'ethnicity', 'upn', 'nhsNumber', 'uasc', 'uascCeasedOn'])
    .where('la', '=', la)
    .orderBy('childId')
    .execute()
  return children
    .filter((c) => year === null || byChild.has(c.childId))
    .map((header) => ({ header, episodes: byChild.get(header.childId) ?? [] }))
}
