/**
 * Direction of travel and RAG against target, in words first: the arrow and the colour only repeat
 * what the words say, so a reader without colour (or a black-and-white print) loses nothing.
 */
import type { Change, Direction } from '../kpis/direction.ts'

export type TargetRag = 'green' | 'amber' | 'red'

/** Within this share of the target (on the wrong side of it) is amber; further is red. */
export const AMBER_BAND = 0.05

/**
 * RAG against the local target: green when met, amber when short of it by no more than 5% of the
 * target, red beyond; null when there is no target, no value, or neither direction is better.
 */
export function ragAgainstTarget(value: number | null, target: number | null, higherIsBetter: boolean | null): TargetRag | null {
  if (value === null || target === null || higherIsBetter === null) return null
  const shortBy = higherIsBetter ? target - value : value - target
  if (shortBy <= 0) return 'green'
  return shortBy <= Math.abs(target) * AMBER_BAND ? 'amber' : 'red'
}

export const RAG_WORDS: Record<TargetRag, string> = {
  green: 'Green: target met',
  amber: 'Amber: close to target',
  red: 'Red: short of target',
}

const ARROWS: Record<Change, string> = { up: '▲', down: '▼', same: '▶' }

/** E.g. { arrow: '▲', words: 'Up, improving' }; words alone carry the meaning. */
export function directionWords(change: Change | null, direction: Direction | null): { arrow: string; words: string } {
  if (change === null) return { arrow: '', words: 'Not known' }
  if (change === 'same') return { arrow: ARROWS.same, words: 'No change' }
  const moved = change === 'up' ? 'Up' : 'Down'
  if (direction === null) return { arrow: ARROWS[change], words: `${moved} (neither way is better)` }
  return { arrow: ARROWS[change], words: `${moved}, ${direction}` }
}
