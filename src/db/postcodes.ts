import { sql, type Kysely } from 'kysely'
import type { DerivedPlacementRow, StoredEpisodePostcodes } from '../domain/postcodes/derive.ts'
import type { PostcodeRow } from '../domain/postcodes/onspd.ts'
import { insertRows, rowsAsSet } from './bulk.ts'
import { copyTransaction } from './copy.ts'
import type { Database } from './database.ts'

/**
 * The postcodes table (migrations/0012_postcodes.ts): the loader's replacement of the whole
 * directory, and the episodes' derived PL_LA and PL_DISTANCE read and written set-based. What is
 * derived, and how, is the domain's (src/domain/postcodes/derive.ts).
 */

const LOAD_COLUMNS = { seq: 'bigint', postcode: 'text', laua: 'text', easting: 'int', northing: 'int' }

/**
 * Replaces the stored directory with the rows given, in one transaction: the rows arrive a batch at
 * a time (the next is read only once this one is written, so a 2.7 million row file never sits in
 * memory) into a temporary table, by COPY on PostgreSQL and jsonb_to_recordset on PGlite; then the
 * old rows go and the new go in, a postcode given twice kept once (its first row, as the validator
 * keeps it). Returns how many postcodes are stored.
 */
export async function replacePostcodes(db: Kysely<Database>, batches: AsyncIterable<readonly PostcodeRow[]>): Promise<number> {
  return copyTransaction(db, async (trx, copy) => {
    await sql`
      create temp table postcode_load (seq bigint not null, postcode text not null, laua text, easting int not null, northing int not null)
      on commit drop`.execute(trx)
    let seq = 0
    for await (const batch of batches) {
      const rows = batch.map((r) => ({ seq: seq++, ...r }))
      if (copy) await copy('postcode_load', LOAD_COLUMNS, rows)
      else await insertRows(trx, 'postcode_load', LOAD_COLUMNS, rows)
    }
    // DELETE, not TRUNCATE: an import deriving meanwhile reads the previous directory instead of
    // waiting for this transaction.
    await sql`delete from postcodes`.execute(trx)
    const inserted = await sql`
      insert into postcodes (postcode, laua, easting, northing)
      select distinct on (postcode) postcode, laua, easting, northing from postcode_load order by postcode, seq`.execute(trx)
    await sql`analyze postcodes`.execute(trx)
    return Number(inserted.numAffectedRows ?? 0)
  })
}

/**
 * The authority's episodes (or these children's) whose placement postcode is in the directory, or
 * that hold a derived value (which may have to go): both postcodes' grid references and the
 * placement's district, with what is stored. One statement, whatever the number of episodes.
 */
export async function storedEpisodePostcodes(db: Kysely<Database>, la: string, childIds?: readonly string[]): Promise<StoredEpisodePostcodes[]> {
  const { rows } = await sql<{
    childId: string
    startDate: string
    derivedPlacementLa: string | null
    derivedPlacementDistance: string | null
    laua: string | null
    placementEasting: number | null
    placementNorthing: number | null
    homeEasting: number | null
    homeNorthing: number | null
  }>`
    select e.child_id, e.start_date, e.derived_placement_la, e.derived_placement_distance,
      p.laua, p.easting as placement_easting, p.northing as placement_northing, h.easting as home_easting, h.northing as home_northing
    from episodes e
    left join postcodes p on p.postcode = replace(e.placement_postcode, ' ', '')
    left join postcodes h on h.postcode = replace(e.home_postcode, ' ', '')
    where e.la = ${la} ${childIds ? sql`and e.child_id = any(${childIds}::text[])` : sql``}
      and (p.postcode is not null or e.derived_placement_la is not null or e.derived_placement_distance is not null)`.execute(db)
  return rows.map((r) => ({
    childId: r.childId,
    startDate: r.startDate,
    derived: { placementLa: r.derivedPlacementLa, placementDistance: r.derivedPlacementDistance === null ? null : Number(r.derivedPlacementDistance) },
    home: r.homeEasting === null || r.homeNorthing === null ? null : { easting: r.homeEasting, northing: r.homeNorthing },
    placement:
      r.placementEasting === null || r.placementNorthing === null ? null : { easting: r.placementEasting, northing: r.placementNorthing, laua: r.laua },
  }))
}

const DERIVED_COLUMNS = { child_id: 'text', start_date: 'date', placement_la: 'text', placement_distance: 'numeric' }

/** Rows per statement, as in bulk.ts. */
const CHUNK = 20_000

/** Writes episodes' derived PL_LA and PL_DISTANCE: one statement per 20,000 episodes. */
export async function writeDerivedPlacements(db: Kysely<Database>, la: string, rows: readonly DerivedPlacementRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK).map((r) => ({
      child_id: r.childId,
      start_date: r.startDate,
      placement_la: r.placementLa,
      placement_distance: r.placementDistance,
    }))
    await sql`
      update episodes e set derived_placement_la = x.placement_la, derived_placement_distance = x.placement_distance
      from ${rowsAsSet(DERIVED_COLUMNS, chunk)}
      where e.la = ${la} and e.child_id = x.child_id and e.start_date = x.start_date`.execute(db)
  }
}
