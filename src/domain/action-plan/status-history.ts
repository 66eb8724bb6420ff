/**
 * An action's status on a past day, from the statuses it has had (recorded by the database on every
 * change: migrations/0008), each with the day in England it was recorded.
 */

export interface DatedStatus {
  /** The day (in England) the status was recorded, 'YYYY-MM-DD'. */
  changedOn: string
}

/**
 * The status that stood on day d: the last recorded on or before d. Before the first record, the
 * first: an action imported with the board's table is known only from then, and its first status is
 * the best account of the days before. `changes` are in the order they were recorded. Null when there
 * are none.
 */
export function statusOn<T extends DatedStatus>(changes: readonly T[], d: string): T | null {
  let standing: T | null = changes[0] ?? null
  for (const c of changes) {
    if (c.changedOn > d) break
    standing = c
  }
  return standing
}
