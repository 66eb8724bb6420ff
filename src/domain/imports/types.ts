import type { ChildHeader, Episode } from '../care-history/types.ts'
import type { Finding } from '../findings.ts'
import type { ChildReturn } from '../ssda903/child-return.ts'

/** One child of a snapshot, normalised, with where it came from (for findings). */
export interface SnapshotChild {
  header: ChildHeader
  episodes: Episode[]
  /** Row of the header (file row or list index + 1). */
  row: number | null
  /** Rows of the episodes, same order. */
  episodeRows: Array<number | null>
  /** The child's other 903 tables the source sent (a table left out keeps what is stored). */
  returnTables?: ChildReturn
}

/** A whole snapshot, already normalised, in any source format. */
export interface Snapshot {
  children: SnapshotChild[]
  /** Children the parser already refused (bad rows), with findings already recorded. */
  rejectedChildIds: Set<string>
  findings: Finding[]
  /** The source could not be read as a whole (an unknown file, a missing column): nothing is applied. */
  fatal?: boolean
  /**
   * Header fields the source cannot carry (the 903 has no NHS number, and may leave out the UASC
   * table): what is stored for them is kept rather than blanked.
   */
  keepStored?: ReadonlyArray<'nhsNumber' | 'uasc' | 'uascCeasedOn'>
  /**
   * The source sent no episodes at all (a 903 set without episodes.csv): stored children keep their
   * episodes rather than losing them to a file that did not arrive.
   */
  keepStoredEpisodes?: boolean
}
