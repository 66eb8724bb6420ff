/** Format checks of the identifiers an episode carries (postcodes, URN), each naming its field. */
import { checkPostcode, checkUrn } from '../identifiers.ts'
import type { Episode, ChildFinding } from './types.ts'

export function checkEpisodeIdentifiers(episodes: readonly Episode[]): ChildFinding[] {
  const out: ChildFinding[] = []
  episodes.forEach((e, i) => {
    for (const field of ['homePostcode', 'placementPostcode'] as const) {
      const v = e[field]
      const why = v === null ? null : checkPostcode(v)
      if (why) out.push({ rule: 'POSTCODE', severity: 'error', episodeIndex: i, fields: [field], message: why })
    }
    const why = e.urn === null ? null : checkUrn(e.urn)
    if (why) out.push({ rule: 'URN', severity: 'error', episodeIndex: i, fields: ['urn'], message: why })
  })
  return out
}
