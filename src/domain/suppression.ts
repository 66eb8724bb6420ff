/**
 * Small-number suppression: for clients that must not see small counts, a count from 1 to 4 is
 * withheld (null), and so is anything built on it. Zero is shown: "none" discloses no one.
 */
const SMALL_NUMBER_MAX = 4

export function isSmall(n: number): boolean {
  return n >= 1 && n <= SMALL_NUMBER_MAX
}

/** The count, or null when it must be withheld. */
export function suppressCount(n: number, suppress: boolean): number | null {
  return suppress && isSmall(n) ? null : n
}
