/**
 * An agreed series of short breaks (LS V3) for a disabled child: each break is its own episode and
 * period of care (RNE S), one to four nights at the council's short-break unit or with one short-break
 * foster carer, every three to six weeks. That keeps each break under 17 days and the total well under
 * 75 days in any 12 months (rules 365/367). Breaks are left out of every "in care" count.
 */
import type { Episode } from '../../../src/domain/care-history/types.ts'
import { iso } from './days.ts'
import { fosterPlace, shortBreakPlace } from './places.ts'
import type { PlaceContext } from './places.ts'

export function buildShortBreaks(ctx: PlaceContext, child: { homePostcode: string | null; from: number; to: number }): Episode[] {
  const { random } = ctx
  // One setting for the whole series: the unit, or a short-term (not long-term: rule 384) foster carer.
  const place = random.chance(0.7) ? shortBreakPlace(ctx) : fosterPlace(ctx, 'U6')
  const episodes: Episode[] = []
  for (let day = child.from; ;) {
    const nights = random.int(1, 4)
    if (day + nights > child.to) break
    episodes.push({
      startDate: iso(day),
      reasonNewEpisode: 'S',
      legalStatus: 'V3',
      categoryOfNeed: 'N2',
      placementType: place.type,
      placementProvider: place.provider,
      endDate: iso(day + nights),
      // The break ends as planned with the child going home.
      reasonEnded: 'E4A',
      reasonPlaceChange: null,
      homePostcode: child.homePostcode,
      placementPostcode: place.postcode,
      urn: place.urn,
      placementLa: place.la,
      placementDistance: place.distance,
    })
    day += nights + random.int(21, 42)
  }
  return episodes
}
