/**
 * From a child's SSDA903 episodes to periods of care and placement spells (domain doc 4.2 and 5a).
 *
 * Episodes may come in any order; they are read in chronological order (chronologicalOrder). Every
 * index in the output is an index into the array the caller passed in, so callers can map results back
 * to their own rows. The derivation is total: it gives a deterministic answer for any history, and the
 * documented meaning for one that checkEpisodes (rules.ts) passes without errors.
 */
import { chronologicalOrder, continuesFrom, endDateOf, episodeAt, isShortBreak, isTemporaryPlacement, reasonEndedOf } from './episode-facts.ts'
import type { Episode } from './types.ts'

/** A period of care: episodes chained by REC X1 with the next DECOM equal to DEC. */
export interface CarePeriod {
  /** 0-based, chronological. */
  index: number
  /** DECOM of the first episode (the admission, RNE S in a valid history). */
  startDate: string
  /** DEC of the last episode; null while the period is open. */
  endDate: string | null
  /** REC of the last episode: the cessation reason (X1 only in a history with a rule 388 error). */
  reasonEnded: string | null
  /** CIN at entry (it should not change within the period: rule 504). */
  categoryOfNeed: string
  legalStatusAtEntry: string
  placementTypeAtEntry: string
  /** Every episode is V3/V4: the period is an agreed short break, outside the "in care" counts. */
  shortBreakOnly: boolean
  /** At least one episode is V3/V4. */
  hasShortBreak: boolean
  /** Input indexes, chronological. */
  episodeIndexes: number[]
}

/** A placement spell: from a move up to the next move, inside one period of care (5a). */
export interface PlacementSpell {
  /** 0-based, chronological over the whole history. */
  index: number
  carePeriodIndex: number
  /** DECOM of the move that started the spell. */
  startDate: string
  /** DEC of the spell's last episode; null while it is open. */
  endDate: string | null
  /** PLACE, PLACE_PROVIDER, URN and PL_POST of the episode that started the spell. */
  placementType: string
  placementProvider: string | null
  urn: string | null
  placementPostcode: string | null
  /**
   * False only in a history with errors, when a period's first non-temporary episode is not a move
   * (e.g. it has RNE P, or the period started with a temporary placement): the spell is opened there
   * so that every non-temporary episode belongs to exactly one spell.
   */
  startedByMove: boolean
  /** Input indexes, chronological, temporary episodes included. */
  episodeIndexes: number[]
  /** The subset of episodeIndexes with PLACE T0-T4. */
  temporaryEpisodeIndexes: number[]
}

/**
 * A time in care (5b): a run of episodes inside one period of care that are not V3/V4 short breaks.
 * A period that changes between short breaks and other care through X1 is split there, so the time
 * in care starts at the child's latest admission by 5a, never at the start of the short breaks.
 */
export interface TimeInCare {
  /** 0-based, chronological over the whole history. */
  index: number
  carePeriodIndex: number
  /** DECOM of its first episode: the 5a admission (RNE S, or the change from short breaks). */
  startDate: string
  /** DEC of its last episode (the cessation, or the change to short breaks); null while open. */
  endDate: string | null
  /** Input indexes, chronological. */
  episodeIndexes: number[]
}

/** Everything derived from one child's episodes, computed in one pass. */
export interface CareHistory {
  /** Input indexes in chronological order. */
  order: number[]
  carePeriods: CarePeriod[]
  placementSpells: PlacementSpell[]
  /** Per input index: the index of the period of care holding the episode. */
  carePeriodOf: number[]
  /**
   * Per input index: the index of the placement spell holding the episode, or null for a temporary
   * episode before any spell in its period (only when a period starts with a temporary placement,
   * rule 380).
   */
  placementSpellOf: (number | null)[]
  /** Per input index: the episode is a move (see isMove). */
  moves: boolean[]
  timesInCare: TimeInCare[]
  /** Per input index: the index of the time in care holding the episode; null for a V3/V4 episode. */
  timeInCareOf: (number | null)[]
}

const MOVE_REASONS = new Set(['S', 'P', 'B'])

/** The 5a move test for an episode given the episode just before it (null for the first). */
function isMoveAfter(e: Episode, prev: Episode | null): boolean {
  if (!MOVE_REASONS.has(e.reasonNewEpisode)) return false
  if (isTemporaryPlacement(e.placementType)) return false
  // The return from a temporary placement is the child going back to where they were, not a move.
  const returnFromTemporary = prev !== null && isTemporaryPlacement(prev.placementType) && e.reasonNewEpisode !== 'S'
  return !returnFromTemporary
}

export function deriveCareHistory(episodes: readonly Episode[]): CareHistory {
  const order = chronologicalOrder(episodes)
  const n = episodes.length
  const carePeriodOf = new Array<number>(n).fill(-1)
  const placementSpellOf = new Array<number | null>(n).fill(null)
  const moves = new Array<boolean>(n).fill(false)
  const timeInCareOf = new Array<number | null>(n).fill(null)
  const periods: CarePeriod[] = []
  const spells: PlacementSpell[] = []
  const times: TimeInCare[] = []

  let period: CarePeriod | null = null
  let spell: PlacementSpell | null = null
  let time: TimeInCare | null = null
  let prev: Episode | null = null

  for (const i of order) {
    const e = episodeAt(episodes, i)

    // Periods of care are the X1 chains; anything else (a gap, another REC, an open episode) breaks
    // the chain. RNE is not consulted: an RNE S inside a chain is a rule 431 error, not a new period.
    if (period === null || prev === null || !continuesFrom(prev, e)) {
      period = {
        index: periods.length,
        startDate: e.startDate,
        endDate: null,
        reasonEnded: null,
        categoryOfNeed: e.categoryOfNeed,
        legalStatusAtEntry: e.legalStatus,
        placementTypeAtEntry: e.placementType,
        shortBreakOnly: true,
        hasShortBreak: false,
        episodeIndexes: [],
      }
      periods.push(period)
      spell = null // a spell never crosses periods of care
      time = null
    }
    period.episodeIndexes.push(i)
    period.endDate = endDateOf(e)
    period.reasonEnded = reasonEndedOf(e)
    const shortBreak = isShortBreak(e)
    period.shortBreakOnly = period.shortBreakOnly && shortBreak
    period.hasShortBreak = period.hasShortBreak || shortBreak
    carePeriodOf[i] = period.index

    // Short-break time is never time in care; the first episode after it starts a new one.
    if (shortBreak) time = null
    else {
      if (time === null) {
        time = { index: times.length, carePeriodIndex: period.index, startDate: e.startDate, endDate: null, episodeIndexes: [] }
        times.push(time)
      }
      time.episodeIndexes.push(i)
      time.endDate = endDateOf(e)
      timeInCareOf[i] = time.index
    }

    const move = isMoveAfter(e, prev)
    moves[i] = move
    const temporary = isTemporaryPlacement(e.placementType)
    if (move || (spell === null && !temporary)) {
      spell = {
        index: spells.length,
        carePeriodIndex: period.index,
        startDate: e.startDate,
        endDate: null,
        placementType: e.placementType,
        placementProvider: e.placementProvider,
        urn: e.urn,
        placementPostcode: e.placementPostcode,
        startedByMove: move,
        episodeIndexes: [],
        temporaryEpisodeIndexes: [],
      }
      spells.push(spell)
    }
    if (spell !== null) {
      spell.episodeIndexes.push(i)
      if (temporary) spell.temporaryEpisodeIndexes.push(i)
      spell.endDate = endDateOf(e)
      placementSpellOf[i] = spell.index
    }
    prev = e
  }

  return { order, carePeriods: periods, placementSpells: spells, carePeriodOf, placementSpellOf, moves, timesInCare: times, timeInCareOf }
}

/** Periods of care, chronological (domain doc 4.2). */
export function carePeriods(episodes: readonly Episode[]): CarePeriod[] {
  return deriveCareHistory(episodes).carePeriods
}

/** Placement spells, chronological (5a). */
export function placementSpells(episodes: readonly Episode[]): PlacementSpell[] {
  return deriveCareHistory(episodes).placementSpells
}

/**
 * 5a: episode i (an index into `episodes`) is a move when its RNE is S, P or B, its PLACE is not
 * T0-T4, and it is not the return from a temporary placement (an episode right after a T0-T4
 * episode, other than RNE S). RNE L, T and U are never moves.
 */
export function isMove(episodes: readonly Episode[], i: number): boolean {
  episodeAt(episodes, i)
  return deriveCareHistory(episodes).moves[i] === true
}
