/** Direction of travel: how a KPI moved since the earlier value, and whether that is good. */

export type Change = 'up' | 'down' | 'same'
export type Direction = 'improving' | 'worsening' | 'same'

/**
 * Compares two values as shown (one decimal place), so a change too small to see is 'same'. Null
 * when either value is unknown (or withheld); direction is also null for a KPI where neither way is
 * better (higherIsBetter null).
 */
export function directionOfTravel(
  current: number | null,
  previous: number | null,
  higherIsBetter: boolean | null,
): { change: Change | null; direction: Direction | null } {
  if (current === null || previous === null) return { change: null, direction: null }
  const a = Math.round(current * 10)
  const b = Math.round(previous * 10)
  const change: Change = a === b ? 'same' : a > b ? 'up' : 'down'
  if (change === 'same') return { change, direction: 'same' }
  if (higherIsBetter === null) return { change, direction: null }
  return { change, direction: (change === 'up') === higherIsBetter ? 'improving' : 'worsening' }
}
