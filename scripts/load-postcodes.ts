/**
 * npm run load-postcodes -- FILE
 *
 * Loads the ONS Postcode Directory (the ONSPD or NSPL CSV a council downloads from the ONS Open
 * Geography portal, unzipped; a .gz is read as well) into DATABASE_URL (or the embedded database in
 * DATA_DIR), replacing the previous load in one transaction. The file is streamed: a 2.7 million row
 * directory is read a batch at a time. Rows without a grid reference are skipped. Each authority's
 * next import then derives its episodes' PL_LA, PL_LOCATION and PL_DISTANCE from it (docs/ssda903.md).
 * Exit code 0 when loaded, 1 when the file could not be loaded (nothing changed), 2 on bad usage.
 */
import { createReadStream } from 'node:fs'
import type { Readable } from 'node:stream'
import { parseArgs } from 'node:util'
import { createGunzip } from 'node:zlib'
import { parse } from 'csv-parse'
import { loadConfig } from '../src/config.ts'
import { openDatabase } from '../src/db/connect.ts'
import { migrateToLatest } from '../src/db/migrate.ts'
import { replacePostcodes } from '../src/db/postcodes.ts'
import { placementAuthority } from '../src/domain/postcodes/derive.ts'
import { directoryColumns, directoryRow, type DirectoryColumns, type PostcodeRow } from '../src/domain/postcodes/onspd.ts'

const { positionals } = parseArgs({ allowPositionals: true, options: {} })
const file = positionals[0]
if (!file || positionals.length > 1) {
  process.stderr.write('usage: npm run load-postcodes -- FILE (the ONS Postcode Directory CSV, or .csv.gz)\n')
  process.exit(2)
}

/** Rows per batch written: small enough to keep memory flat, big enough to keep statements few. */
const BATCH = 20_000

/** A file the loader cannot use; nothing is replaced. */
class UnusableFile extends Error {}

const counts = { rows: 0, skipped: 0 }
/** Postcodes per district code, to name the codes the service's tables do not know. */
const perDistrict = new Map<string, number>()

/** The file's records; a read or gunzip error ends them with that error (pipe alone would not pass it on). */
function recordsOf(path: string): AsyncIterable<string[]> {
  const parser = parse({ bom: true, relax_column_count: true })
  const fail = (err: Error) => parser.destroy(err)
  let input: Readable = createReadStream(path).on('error', fail)
  if (/\.gz$/i.test(path)) input = input.pipe(createGunzip()).on('error', fail)
  return input.pipe(parser) as AsyncIterable<string[]>
}

// The file is opened only once the rows are asked for, so its errors meet a reader.
async function* batches(path: string): AsyncGenerator<PostcodeRow[]> {
  const records = recordsOf(path)
  let columns: DirectoryColumns | null = null
  let batch: PostcodeRow[] = []
  for await (const record of records) {
    if (columns === null) {
      const found = directoryColumns(record)
      if ('missing' in found) throw new UnusableFile(`the header row has no column ${found.missing.join(', no ')}`)
      columns = found
      continue
    }
    counts.rows++
    const row = directoryRow(record, columns)
    if (row === null) {
      counts.skipped++
      continue
    }
    if (row.laua !== null) perDistrict.set(row.laua, (perDistrict.get(row.laua) ?? 0) + 1)
    batch.push(row)
    if (batch.length === BATCH) {
      yield batch
      batch = []
      if (process.stderr.isTTY) process.stderr.write(`\r${counts.rows.toLocaleString('en-GB')} rows read`)
    }
  }
  if (batch.length) yield batch
  // Thrown before the replacement: an empty or wrong file never wipes the loaded directory.
  if (counts.rows === counts.skipped) throw new UnusableFile('no row has a postcode with a grid reference')
}

const config = loadConfig()
const handle = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir })
const started = performance.now()
try {
  await migrateToLatest(handle.db)
  const stored = await replacePostcodes(handle.db, batches(file))
  if (process.stderr.isTTY) process.stderr.write('\n')
  console.log(
    `loaded ${stored.toLocaleString('en-GB')} postcodes in ${((performance.now() - started) / 1000).toFixed(1)} s ` +
      `(${counts.skipped.toLocaleString('en-GB')} of ${counts.rows.toLocaleString('en-GB')} rows skipped: no grid reference or no postcode)`,
  )
  // English district codes the tables cannot place: their placements' authority stays unknown.
  const unknown = [...perDistrict].filter(([code]) => code.startsWith('E') && placementAuthority(code) === null)
  if (unknown.length) {
    console.log(
      `${unknown.length} English district code(s) the service's tables do not know, so PL_LA stays unknown for their postcodes ` +
        `(add them to src/domain/postcodes/authorities.ts): ${unknown.map(([code, n]) => `${code} (${n})`).join(', ')}`,
    )
  }
  console.log("Stored episodes are derived again by each authority's next import (nightly, or npm run import-903).")
} catch (err) {
  if (process.stderr.isTTY) process.stderr.write('\n')
  // The file's own faults are told plainly; anything else (the database) is thrown as it is.
  const why =
    err instanceof UnusableFile
      ? err.message
      : err instanceof Error && 'code' in err && typeof err.code === 'string' && /^(ENOENT|EISDIR|EACCES|Z_|CSV_)/.test(err.code)
        ? err.message
        : null
  if (why === null) throw err
  console.log(`not loaded: ${why}; the postcodes stored before are unchanged`)
  process.exitCode = 1
} finally {
  await handle.close()
}
