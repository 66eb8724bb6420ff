/**
 * Reading the ONS Postcode Directory CSV a council downloads (ONSPD, or the NSPL the validator uses):
 * dozens of columns, of which the service keeps four, found by their header names.
 */
import { postcodeKey } from './derive.ts'

/** One postcode as stored: normalised, its district (laua), its grid reference in metres. */
export interface PostcodeRow {
  postcode: string
  laua: string | null
  easting: number
  northing: number
}

/** Where the four columns are in a record; the first name found of each list wins. */
export interface DirectoryColumns {
  postcode: number
  laua: number
  easting: number
  northing: number
}

// NSPL and older ONSPD files name the district `laua`, ONSPD files `oslaua`.
const NAMES: Readonly<Record<keyof DirectoryColumns, readonly string[]>> = {
  postcode: ['pcd', 'pcds', 'pcd2'],
  laua: ['laua', 'oslaua'],
  easting: ['oseast1m'],
  northing: ['osnrth1m'],
}

/** The columns' positions in the header row, or a message naming those missing. */
export function directoryColumns(header: readonly string[]): DirectoryColumns | { missing: string[] } {
  const names = header.map((h) => h.trim().toLowerCase())
  const found: Partial<DirectoryColumns> = {}
  const missing: string[] = []
  for (const key of Object.keys(NAMES) as Array<keyof DirectoryColumns>) {
    const at = NAMES[key].map((n) => names.indexOf(n)).find((i) => i >= 0)
    if (at === undefined) missing.push(NAMES[key].join(' or '))
    else found[key] = at
  }
  return missing.length ? { missing } : (found as DirectoryColumns)
}

// A postcode without its space: outward code of 2-4 characters, inward code of 3.
const POSTCODE = /^[A-Z0-9]{2,4}[0-9][A-Z]{2}$/
const METRES = /^\d{1,7}$/

/**
 * One record as a stored row, or null when it cannot place a postcode: no grid reference (the
 * directory leaves it blank for some postcodes, e.g. the Channel Islands' and the Isle of Man's) or
 * no readable postcode.
 */
export function directoryRow(record: readonly string[], columns: DirectoryColumns): PostcodeRow | null {
  const postcode = postcodeKey(record[columns.postcode] ?? '')
  const easting = (record[columns.easting] ?? '').trim()
  const northing = (record[columns.northing] ?? '').trim()
  if (!POSTCODE.test(postcode) || !METRES.test(easting) || !METRES.test(northing)) return null
  const laua = (record[columns.laua] ?? '').trim().toUpperCase()
  return { postcode, laua: laua === '' ? null : laua, easting: Number(easting), northing: Number(northing) }
}
