/** Care history: SSDA903 episodes -> periods of care, placement spells, state on a day, movements, rules. */
export type { ChildHeader, Episode, ChildFinding } from './types.ts'
export { EPISODE_FIELDS } from './types.ts'
export { carePeriods, deriveCareHistory, isMove, placementSpells } from './derive.ts'
export type { CareHistory, CarePeriod, PlacementSpell, TimeInCare } from './derive.ts'
export { currentState, isInCareOn, openEpisodeOn } from './state.ts'
export type { CurrentState } from './state.ts'
export { careEvents, movements } from './movements.ts'
export type { CareEvent, MonthMovements } from './movements.ts'
export { checkEpisodes, EPISODE_RULES } from './rules.ts'
export type { EpisodeRuleCode } from './rules.ts'
export { chronologicalOrder, isShortBreak, isTemporaryPlacement } from './episode-facts.ts'
export { checkChildHeader } from './header-rules.ts'

import { checkEpisodeIdentifiers } from './identifier-rules.ts'
import { checkEpisodes } from './rules.ts'
import type { Episode, ChildFinding } from './types.ts'

/** Every check of a child's episode list: the sequence rules and the identifier formats. */
export function checkCareHistory(header: { dateOfBirth: string }, episodes: readonly Episode[]): ChildFinding[] {
  return [...checkEpisodes(header, episodes), ...checkEpisodeIdentifiers(episodes)].sort((a, b) => (a.episodeIndex ?? -1) - (b.episodeIndex ?? -1))
}
