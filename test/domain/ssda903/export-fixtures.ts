import type { ChildHeader, Episode } from '../../../src/domain/care-history/types.ts'

/** An episode as the 903 export is given it: a plain one starting 1 April 2024, open. */
export const exportEpisode = (over: Partial<Episode>): Episode => ({
  startDate: '2024-04-01',
  reasonNewEpisode: 'S',
  legalStatus: 'C2',
  categoryOfNeed: 'N1',
  placementType: 'U4',
  placementProvider: 'PR1',
  endDate: null,
  reasonEnded: null,
  reasonPlaceChange: null,
  homePostcode: null,
  placementPostcode: null,
  urn: null,
  ...over,
})

/** A child's header as the 903 export is given it. */
export const exportHeader = (over: Partial<ChildHeader>): ChildHeader => ({
  childId: 'X',
  sex: 'F',
  dateOfBirth: '2010-01-01',
  ethnicity: 'WBRI',
  upn: null,
  nhsNumber: null,
  uasc: false,
  uascCeasedOn: null,
  ...over,
})
