/** Hand-built episodes for the care-history tests: a foster placement unless told otherwise. */
import type { Episode } from '../../../src/domain/care-history/types.ts'

export const HOME = 'S60 9ZZ'

/** An episode from startDate to endDate (null = open) with sensible defaults for every other field. */
export function ep(startDate: string, endDate: string | null, fields: Partial<Episode> = {}): Episode {
  return {
    startDate,
    endDate,
    reasonNewEpisode: 'S',
    legalStatus: 'C2',
    categoryOfNeed: 'N1',
    placementType: 'U4',
    placementProvider: 'PR1',
    reasonEnded: endDate === null ? null : 'X1',
    reasonPlaceChange: null,
    homePostcode: HOME,
    placementPostcode: 'S60 1AA',
    urn: null,
    ...fields,
  }
}

/** A temporary placement: no provider, postcode or URN. */
export function temp(startDate: string, endDate: string | null, placementType = 'T2', fields: Partial<Episode> = {}): Episode {
  return ep(startDate, endDate, {
    reasonNewEpisode: 'P',
    placementType,
    placementProvider: null,
    placementPostcode: null,
    ...fields,
  })
}

/**
 * A foster placement interrupted by a holiday (T2) and a move to a new carer:
 * 0: admitted 01/04/2023 to U4 (in-house, S60 1AA)
 * 1: on holiday (T2) 01/08/2023 to 15/08/2023
 * 2: back at the U4 placement 15/08/2023 to 10/01/2024, ended by the carer's request (CREQO)
 * 3: moved to an agency foster carer (U6, PR4, S61 2BB) from 10/01/2024, open.
 */
export function holidayAndMove(): Episode[] {
  return [
    ep('2023-04-01', '2023-08-01'),
    temp('2023-08-01', '2023-08-15'),
    ep('2023-08-15', '2024-01-10', { reasonNewEpisode: 'P', reasonPlaceChange: 'CREQO' }),
    ep('2024-01-10', null, {
      reasonNewEpisode: 'P',
      placementType: 'U6',
      placementProvider: 'PR4',
      placementPostcode: 'S61 2BB',
    }),
  ]
}

/** Replace one episode's fields in a list (returns a new list). */
export function withEpisode(episodes: Episode[], i: number, fields: Partial<Episode>): Episode[] {
  return episodes.map((e, k) => (k === i ? { ...e, ...fields } : e))
}
