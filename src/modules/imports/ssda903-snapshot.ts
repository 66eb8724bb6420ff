import type { Finding } from '../../domain/findings.ts'
import type { Snapshot } from '../../domain/imports/types.ts'
import type { ChildReturn } from '../../domain/ssda903/child-return.ts'
import type { Child903, Parsed903, TableName } from '../../domain/ssda903/index.ts'

/**
 * A read 903 return as a snapshot. The parser has already normalised codes, dates and postcodes and
 * rejected children whose rows it could not read; the snapshot checks (header, episode sequence) run
 * on the rest as for any import. Fields the return does not carry keep their stored values, and without
 * an Episodes table the stored episodes stay; so does each other table the return left out. `year` is
 * the collection year the return's OC3 rows are stored for.
 */
export function snapshotFrom903(parsed: Parsed903, year: number): Snapshot {
  // A file whose table is not known is named by the file.
  const findings: Finding[] = parsed.findings.map(({ file, ...f }) => ({ ...f, table: f.table ?? file }))
  const sent = (t: TableName) => parsed.tables.includes(t)
  const children = [...parsed.children.values()]
    .filter((c) => !c.rejected && !parsed.rejectedChildIds.has(c.childId))
    .map((c) => ({ header: c.header, episodes: c.episodes, row: c.headerRow, episodeRows: c.episodeRows, returnTables: returnOf(c, parsed, sent, year) }))
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

/** A child's other tables, each only when the return carried it. */
function returnOf(c: Child903, parsed: Parsed903, sent: (t: TableName) => boolean, year: number): ChildReturn {
  return {
    ...(parsed.supplied.mother ? { mother: { mother: c.mother, motherChildDateOfBirth: c.motherChildDateOfBirth } } : {}),
    ...(sent('Reviews') ? { reviews: c.reviews } : {}),
    ...(sent('Missing') ? { missingEpisodes: c.missing } : {}),
    ...(sent('OC2') ? { oc2: c.oc2 } : {}),
    ...(sent('OC3') ? { oc3: { year, facts: c.oc3 } } : {}),
    ...(sent('AD1') ? { adoption: c.adoption } : {}),
    ...(sent('PlacedAdoption') ? { placedForAdoption: c.placedForAdoption } : {}),
    ...(sent('PrevPerm') ? { previousPermanence: c.previousPermanence } : {}),
    ...(sent('SWEpisodes') ? { socialWorkerEpisodes: c.socialWorkerEpisodes } : {}),
  }
}
