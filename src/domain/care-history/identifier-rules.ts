/**
 * Format checks of the identifiers an episode carries (postcodes, URN), each naming its field. A value
 * of another form is stored as sent, with a warning (the DfE's rules report it on the stored return);
 * only one longer than the store holds is refused (issue #17).
 */
import { checkPostcode, checkUrn } from '../identifiers.ts'
import type { Episode, ChildFinding } from './types.ts'

/** The longest postcode or URN the store holds (migration 0021). */
export const IDENTIFIER_MAX = 20

function check(rule: string, i: number, field: string, value: string | null, why: (v: string) => string | null): ChildFinding | null {
  if (value === null) return null
  if (value.length > IDENTIFIER_MAX) {
    return { rule, severity: 'error', episodeIndex: i, fields: [field], message: `longer than ${IDENTIFIER_MAX} characters: it cannot be stored` }
  }
  const message = why(value)
  return message === null ? null : { rule, severity: 'warning', episodeIndex: i, fields: [field], message }
}

export function checkEpisodeIdentifiers(episodes: readonly Episode[]): ChildFinding[] {
  const out: ChildFinding[] = []
  episodes.forEach((e, i) => {
    for (const field of ['homePostcode', 'placementPostcode'] as const) {
      const f = check('POSTCODE', i, field, e[field], checkPostcode)
      if (f) out.push(f)
    }
    const f = check('URN', i, 'urn', e.urn, checkUrn)
    if (f) out.push(f)
  })
  return out
}
