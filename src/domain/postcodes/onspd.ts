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

/** Where the four columns are in a record. */
export interface DirectoryColumns {
  postcode: number
  laua: number
  easting: number
  northing: number
}

// Each column's names, the first found winning: the NSPL the validator reads and ONSPD files until
// 2024 (pcd, laua or oslaua, oseast1m, osnrth1m), and files since 2025, which name the district
// column by its year (pcd7, lad25cd, east1m, north1m).
const NAMES: Readonly<Record<keyof DirectoryColumns, ReadonlyArray<string | RegExp>>> = {
  postcode: ['pcd', 'pcd7', 'pcds', 'pcd2', 'pcd8'],
  laua: ['laua', 'oslaua', /^lad\d\dcd$/],
  easting: ['oseast1m', 'east1m'],
  northing: ['osnrth1m', 'north1m'],
}

const describe = (names: ReadonlyArray<string | RegExp>) => names.map((n) => (typeof n === 'string' ? n : 'lad..cd')).join(' or ')

/** The columns' positions in the header row, or a message naming those missing. */
export function directoryColumns(header: readonly string[]): DirectoryColumns | { missing: string[] } {
  const names = header.map((h) => h.trim().toLowerCase())
  const found: Partial<DirectoryColumns> = {}
  const missing: string[] = []
  for (const key of Object.keys(NAMES) as Array<keyof DirectoryColumns>) {
    const at = NAMES[key].map((n) => names.findIndex((h) => (typeof n === 'string' ? h === n : n.test(h)))).find((i) => i >= 0)
    if (at === undefined) missing.push(describe(NAMES[key]))
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
