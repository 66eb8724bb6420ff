import type { Snapshot } from '../../domain/imports/types.ts'
import { episodeFromBody, headerFromBody } from '../../domain/care-history/normalise.ts'
import type { JsonSnapshot } from './schemas.ts'

/** A JSON snapshot as the domain sees it: codes and identifiers normalised; rows are list positions. */
export function snapshotFromJson(body: JsonSnapshot): Snapshot {
  return {
    children: body.children.map((c, i) => ({
      header: headerFromBody(c.childId.trim(), c),
      episodes: c.episodes.map(episodeFromBody),
      row: i + 1,
      episodeRows: c.episodes.map((_e, j) => j + 1),
    })),
    rejectedChildIds: new Set(),
    findings: [],
  }
}
