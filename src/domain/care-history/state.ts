/**
 * A child's state on a given day, by the 5a definition: an episode is open on D when DECOM <= D and
 * (DEC empty or DEC > D), so a child whose period of care ended on D is not in care on D.
 */
import { parseIsoDate } from '../dates/calendar.ts'
import { deriveCareHistory } from './derive.ts'
import type { CarePeriod } from './derive.ts'
import { chronologicalOrder, episodeAt, isOpenOn, isShortBreak } from './episode-facts.ts'
import type { Episode } from './types.ts'

/**
 * The input index of the episode open on d, or null. Should several be open (overlapping episodes, a
 * rule 501 error), the one that started last wins. Throws RangeError when d is not a date.
 */
export function openEpisodeOn(episodes: readonly Episode[], d: string): number | null {
  parseIsoDate(d)
  let found: number | null = null
  for (const i of chronologicalOrder(episodes)) {
    if (isOpenOn(episodeAt(episodes, i), d)) found = i
  }
  return found
}

/** In care on d for every "in care" cohort (5a): an episode is open on d and its LS is not V3/V4. */
export function isInCareOn(episodes: readonly Episode[], d: string): boolean {
  const i = openEpisodeOn(episodes, d)
  return i !== null && !isShortBreak(episodeAt(episodes, i))
}

export interface CurrentState {
  asAt: string
  /** The 5a cohort test: false when the open episode is a V3/V4 short break. */
  inCare: boolean
  /** The open episode is V3/V4. */
  shortBreak: boolean
  /** Input index of the open episode. */
  episodeIndex: number
  legalStatus: string
  categoryOfNeed: string
  placementType: string
  placementProvider: string | null
  placementPostcode: string | null
  urn: string | null
  carePeriodIndex: number
  /** Start of the current period of care (the admission). */
  carePeriodStart: string
  /**
   * Start of the current time in care (5b): the latest admission by 5a, which is the period's start
   * unless the child moved into care from V3/V4 short breaks inside it; null on a short break.
   */
  careStart: string | null
  /** The current placement spell; null only for a temporary episode at the start of a period (rule 380). */
  placementSpellIndex: number | null
  placementSpellStart: string | null
}

/** The child's state on asAt, or null when no episode is open that day. */
export function currentState(episodes: readonly Episode[], asAt: string): CurrentState | null {
  const i = openEpisodeOn(episodes, asAt)
  if (i === null) return null
  const e = episodeAt(episodes, i)
  const history = deriveCareHistory(episodes)
  const periodIndex = history.carePeriodOf[i] as number
  // Every episode belongs to a period; only a temporary episode opening a period has no spell.
  const period = history.carePeriods[periodIndex] as CarePeriod
  const spellIndex = history.placementSpellOf[i] ?? null
  const spell = spellIndex === null ? undefined : history.placementSpells[spellIndex]
  const shortBreak = isShortBreak(e)
  return {
    asAt,
    inCare: !shortBreak,
    shortBreak,
    episodeIndex: i,
    legalStatus: e.legalStatus,
    categoryOfNeed: e.categoryOfNeed,
    placementType: e.placementType,
    placementProvider: e.placementProvider,
    placementPostcode: e.placementPostcode,
    urn: e.urn,
    carePeriodIndex: periodIndex,
    carePeriodStart: period.startDate,
    careStart: shortBreak ? null : (history.timesInCare[history.timeInCareOf[i] as number]?.startDate ?? null),
    placementSpellIndex: spell === undefined ? null : spell.index,
    placementSpellStart: spell === undefined ? null : spell.startDate,
  }
}
