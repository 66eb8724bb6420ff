import type { Finding } from '../../domain/findings.ts'
import type { Snapshot } from '../../domain/imports/types.ts'
import type { Parsed903 } from '../../domain/ssda903/index.ts'

/**
 * A read 903 return as a snapshot. The parser has already normalised codes, dates and postcodes and
 * rejected children whose rows it could not read; the snapshot checks (header, episode sequence) run
 * on the rest as for any import. Fields the return does not carry keep their stored values, and without
 * an Episodes table the stored episodes stay.
 */
export function snapshotFrom903(parsed: Parsed903): Snapshot {
  // A file whose table is not known is named by the file.
  const findings: Finding[] = parsed.findings.map(({ file, ...f }) => ({ ...f, table: f.table ?? file }))
  const children = [...parsed.children.values()]
    .filter((c) => !c.rejected && !parsed.rejectedChildIds.has(c.childId))
    .map((c) => ({ header: c.header, episodes: c.episodes, row: c.headerRow, episodeRows: c.episodeRows }))
  const keepStored: Array<'nhsNumber' | 'uasc' | 'uascCeasedOn'> = []
  if (!parsed.supplied.nhsNumber) keepStored.push('nhsNumber')
  if (!parsed.supplied.uasc) keepStored.push('uasc', 'uascCeasedOn')
  return {
    children,
    rejectedChildIds: new Set(parsed.rejectedChildIds),
    findings,
    fatal: parsed.fatal,
    keepStored,
    keepStoredEpisodes: !parsed.tables.includes('Episodes'),
  }
}
