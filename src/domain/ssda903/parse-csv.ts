/**
 * The 903 CSV set -> Parsed903. Any subset of the DfE files, each recognised by its name
 * (case-insensitive) or, failing that, by its header row. Files are read as a council would expect:
 * a byte-order mark, CRLF, blank rows, spaces around values, lower-case codes and column names are
 * all fine; UTF-16 (Excel's "Unicode text") is decoded too.
 */
import { namesOf } from '../quoted.ts'
import { decodeText } from '../text.ts'
import { assemble903 } from './assemble.ts'
import { csvRecords, type CsvRecords } from './csv-records.ts'
import type { RawReturn, RawTable } from './assemble.ts'
import { findingFields, normaliseColumn, recogniseTable, requiredColumns, TABLES } from './tables.ts'
import type { TableName } from './tables.ts'
import type { Parsed903, RowFinding } from './types.ts'

export interface Upload903File {
  /** The file's name as uploaded: 'header.csv', 'Episodes.CSV', 'extract/uasc.csv'. */
  name: string
  content: string | Uint8Array
  /** sha256 (hex) of the file as sent and, when it came zipped, of its unzipped content. */
  sha256?: readonly string[]
  /** Why the transport could not deliver the file whole (a gzip stream that ends early): it is not read. */
  unreadable?: string
}

/**
 * What the sender says it sent, per file (by name, case-insensitive, '.gz' ignored): the number of
 * data rows (lines after the column header, blank lines not counted) and optionally a sha256. Any
 * disagreement, a file sent but not listed or listed but not sent makes the upload unreadable.
 */
export interface Manifest903 {
  files: Record<string, { rows: number; sha256?: string | undefined }>
}

export interface Parse903CsvOptions {
  manifest?: Manifest903 | undefined
}

function isBlank(record: readonly string[]): boolean {
  for (const cell of record) if (cell.trim() !== '') return false
  return true
}

function fileFinding(
  file: string,
  table: TableName | null,
  rule: string,
  severity: RowFinding['severity'],
  columns: string[],
  message: string,
  rowNumber: number | null = null,
): RowFinding {
  return { table, file, rowNumber, childId: null, rule, severity, fields: findingFields(columns), message }
}

/** How a file is named in a manifest: its base name, lower case, without '.gz'. */
const manifestName = (name: string): string => (name.trim().split(/[\\/]/).pop() ?? '').toLowerCase().replace(/\.gz$/, '')

const endsWithLineBreak = (text: string): boolean => text.endsWith('\n') || text.endsWith('\r')

/**
 * A file every row of which has the header's number of cells, that ends with a line break (or whose
 * row count the manifest vouches for) and names each column once: anything else is a file cut off
 * in transfer or damaged on the way, and reading part of it as a snapshot would delete the rest.
 * Returns the finding that makes the file unreadable, or null.
 */
function damage(
  file: Upload903File,
  table: TableName,
  text: string,
  columns: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
  rowNumbers: readonly number[],
  vouched: boolean,
): RowFinding | null {
  const twice = columns.filter((c, i) => c !== '' && columns.indexOf(c) !== i)
  if (twice.length > 0) {
    const names = namesOf([...new Set(twice)])
    return fileFinding(
      file.name,
      table,
      'COLUMN-DUPLICATE',
      'error',
      names,
      `${file.name} names column${names.length > 1 ? 's' : ''} ${names.join(', ')} more than once: which one holds the data? Nothing was imported.`,
      1,
    )
  }
  const complete = endsWithLineBreak(text)
  for (let i = 0; i < rows.length; i++) {
    const cells = (rows[i] as readonly string[]).length
    if (cells === columns.length) continue
    const line = rowNumbers[i] as number
    const last = i === rows.length - 1
    if (last && !complete && cells < columns.length) {
      return fileFinding(
        file.name,
        table,
        'FILE-TRUNCATED',
        'error',
        [],
        `${file.name} was cut off: its last line (line ${line}) has ${cells} of the header's ${columns.length} cells and no line break. Nothing was imported; send the whole file.`,
        line,
      )
    }
    return fileFinding(
      file.name,
      table,
      'FILE-DAMAGED',
      'error',
      [],
      `${file.name} line ${line} has ${cells} cells where the header has ${columns.length}: the file is damaged. Nothing was imported.`,
      line,
    )
  }
  // Even a file of just its column header: the header line itself may be what was cut.
  if (!complete && !vouched) {
    const line = rows.length > 0 ? (rowNumbers[rows.length - 1] as number) : 1
    return fileFinding(
      file.name,
      table,
      'FILE-TRUNCATED',
      'error',
      [],
      `${file.name} does not end with a line break, so its last line (line ${line}) may be cut off. Nothing was imported; send the whole file (every line ends with a line break), or state its row count in a manifest.`,
      line,
    )
  }
  return null
}

/** The manifest's verdict on the files read: a finding for every disagreement. */
function checkManifest(manifest: Manifest903, read: ReadonlyArray<{ file: Upload903File; rows: number | null }>): RowFinding[] {
  const out: RowFinding[] = []
  const listed = new Map(Object.entries(manifest.files).map(([name, entry]) => [manifestName(name), { name, entry }]))
  for (const { file, rows } of read) {
    const key = manifestName(file.name)
    const stated = listed.get(key)
    if (stated === undefined) {
      out.push(fileFinding(file.name, null, 'MANIFEST', 'error', [], `${file.name} was sent but is not in the manifest: nothing was imported.`))
      continue
    }
    listed.delete(key)
    if (rows !== null && stated.entry.rows !== rows) {
      out.push(
        fileFinding(
          file.name,
          null,
          'MANIFEST',
          'error',
          [],
          `${file.name} holds ${rows} data rows; the manifest says ${stated.entry.rows}. Nothing was imported.`,
        ),
      )
    }
    const sha = stated.entry.sha256?.toLowerCase()
    if (sha !== undefined && !(file.sha256 ?? []).includes(sha)) {
      out.push(
        fileFinding(
          file.name,
          null,
          'MANIFEST',
          'error',
          [],
          `${file.name} does not have the sha256 the manifest states: it changed on the way. Nothing was imported.`,
        ),
      )
    }
  }
  for (const { name } of listed.values()) {
    out.push(fileFinding(name, null, 'MANIFEST', 'error', [], `${name} is in the manifest but was not sent: nothing was imported.`))
  }
  return out
}

/** Reads the files of one upload. Never throws on file content: every problem is a finding. */
export function parse903Csv(files: ReadonlyArray<Upload903File>, options: Parse903CsvOptions = {}): Parsed903 {
  return assemble903(read903CsvTables(files, options))
}

/**
 * The files of one upload as raw tables (cells as in the file, trimmed; blank rows skipped, so row i
 * of a table is the DfE validator's row index i) and the findings about whole files. The DfE rules
 * (domain/dfe-rules) read these, as they judge values as given rather than as the import reads them.
 */
export function read903CsvTables(files: ReadonlyArray<Upload903File>, options: Parse903CsvOptions = {}): RawReturn {
  const tables: RawTable[] = []
  const findings: RowFinding[] = []
  const seen = new Map<TableName, string>()
  // Every file sent, with its data rows once they are counted (null: it could not be read that far).
  const read: Array<{ file: Upload903File; rows: number | null }> = []
  const vouched = (file: Upload903File) =>
    options.manifest !== undefined && Object.keys(options.manifest.files).some((n) => manifestName(n) === manifestName(file.name))

  for (const file of files) {
    const entry: { file: Upload903File; rows: number | null } = { file, rows: null }
    read.push(entry)
    if (file.unreadable !== undefined) {
      findings.push(fileFinding(file.name, null, 'FILE-UNREADABLE', 'error', [], `${file.name} could not be read: ${file.unreadable}. Nothing was imported.`))
      continue
    }
    const text = decodeText(file.content)
    let parsed: CsvRecords
    try {
      parsed = csvRecords(text)
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e)
      findings.push(fileFinding(file.name, null, 'FILE-UNREADABLE', 'error', [], `${file.name} could not be read as CSV: ${why}`))
      continue
    }
    const { records, lines } = parsed
    // Blank rows (no value in any cell) are skipped, as the first is when looking for the header row.
    let first = 0
    while (first < records.length && isBlank(records[first] as string[])) first++
    const columns = (records[first] ?? []).map(normaliseColumn)
    const table = recogniseTable(file.name, columns)
    if (table === null) {
      findings.push(
        fileFinding(
          file.name,
          null,
          'FILE-UNKNOWN',
          'error',
          [],
          `${file.name} is not one of the 903 files (header.csv, episodes.csv, ...) and its columns (${namesOf(columns).join(', ') || 'none'}) match no 903 table.`,
        ),
      )
      continue
    }
    const earlier = seen.get(table)
    if (earlier !== undefined) {
      findings.push(
        fileFinding(
          file.name,
          table,
          'FILE-DUPLICATE',
          'error',
          [],
          `${file.name} holds the ${table} table, which ${earlier} already gave: send each table once.`,
        ),
      )
      continue
    }
    seen.set(table, file.name)
    const missing = requiredColumns(table).filter((c) => !columns.includes(c))
    if (missing.length > 0) {
      findings.push(
        fileFinding(
          file.name,
          table,
          'COLUMN-MISSING',
          'error',
          missing,
          `${file.name} (${table}) has no ${missing.join(', ')} column${missing.length > 1 ? 's' : ''}: the file was not read.`,
        ),
      )
      continue
    }
    const def = TABLES[table]
    const unknown = namesOf(columns.filter((c) => c !== '' && !def.columns.includes(c) && !def.extra.includes(c)))
    if (unknown.length > 0) {
      findings.push(
        fileFinding(
          file.name,
          table,
          'COLUMN-UNKNOWN',
          'warning',
          unknown,
          `${file.name} (${table}): column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} ignored.`,
        ),
      )
    }
    const rows: string[][] = []
    const rowNumbers: number[] = []
    for (let i = first + 1; i < records.length; i++) {
      const r = records[i] as string[]
      if (isBlank(r)) continue
      rows.push(r)
      // With quotes, a record starts on the line after the one the previous record ended on.
      rowNumbers.push(lines === null ? i + 1 : (lines[i - 1] as number) + 1)
    }
    entry.rows = rows.length
    const damaged = damage(file, table, text, columns, rows, rowNumbers, vouched(file))
    if (damaged !== null) {
      findings.push(damaged)
      continue
    }
    tables.push({ table, file: file.name, columns, rows, rowNumbers })
  }
  if (options.manifest !== undefined) findings.push(...checkManifest(options.manifest, read))
  return { format: 'csv', tables, findings }
}
