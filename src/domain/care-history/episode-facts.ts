/**
 * Small facts about single episodes and pairs of episodes that the derivation, the movements and the
 * sequence rules all lean on, so that they agree on what "open", "temporary" or "continues" mean.
 */
import { SHORT_BREAK_LEGAL_STATUSES, TEMPORARY_PLACEMENTS } from '../code-lists/index.ts'
import type { Episode } from './types.ts'

const TEMPORARY = new Set<string>(TEMPORARY_PLACEMENTS)
const SHORT_BREAK = new Set<string>(SHORT_BREAK_LEGAL_STATUSES)

/** A value is recorded: not null, not empty or blank (CSV imports give '' for a blank cell). */
export function present(v: string | null | undefined): v is string {
  return v !== null && v !== undefined && v.trim() !== ''
}

/** DEC, or null while the episode is open. */
export function endDateOf(e: Episode): string | null {
  return present(e.endDate) ? e.endDate : null
}

/** REC, or null when blank. */
export function reasonEndedOf(e: Episode): string | null {
  return present(e.reasonEnded) ? e.reasonEnded : null
}

/** PLACE T0-T4. */
export function isTemporaryPlacement(placementType: string): boolean {
  return TEMPORARY.has(placementType)
}

/** LS V3/V4: an agreed series of short-term breaks, left out of every "in care" cohort (5a). */
export function isShortBreak(e: Pick<Episode, 'legalStatus'>): boolean {
  return SHORT_BREAK.has(e.legalStatus)
}

/**
 * The next episode carries the same period of care on: the earlier one ended with REC X1 on the very
 * day the later one starts (domain doc 4.2; rules 388/433).
 */
export function continuesFrom(prev: Episode, next: Episode): boolean {
  return reasonEndedOf(prev) === 'X1' && endDateOf(prev) === next.startDate
}

/** Open on day d (5a): DECOM <= d and (DEC empty or DEC > d). An episode that ended on d is not open on d. */
export function isOpenOn(e: Episode, d: string): boolean {
  const end = endDateOf(e)
  return e.startDate <= d && (end === null || end > d)
}

// Fixed-width 'YYYY-MM-DD' strings sort in date order; an open episode sorts after a closed one
// that starts the same day, so a zero-length X1 episode comes before its continuation.
const OPEN_END = '9999-12-31'

/**
 * Indexes of the episodes in chronological order: by start date, then end date (open last), then the
 * submitted position, so the order is total and the same on every run.
 */
export function chronologicalOrder(episodes: readonly Episode[]): number[] {
  const keys = episodes.map((e) => ({ start: e.startDate, end: endDateOf(e) ?? OPEN_END }))
  return keys
    .map((_, i) => i)
    .sort((a, b) => {
      const ka = keys[a] as { start: string; end: string }
      const kb = keys[b] as { start: string; end: string }
      if (ka.start !== kb.start) return ka.start < kb.start ? -1 : 1
      if (ka.end !== kb.end) return ka.end < kb.end ? -1 : 1
      return a - b
    })
}

/** The episode at an index the caller knows exists (keeps noUncheckedIndexedAccess honest in one place). */
export function episodeAt(episodes: readonly Episode[], i: number): Episode {
  const e = episodes[i]
  if (e === undefined) throw new RangeError(`no episode at index ${i} (there are ${episodes.length})`)
  return e
}
