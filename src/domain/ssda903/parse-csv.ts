/**
 * The 903 CSV set -> Parsed903. Any subset of the DfE files, each recognised by its name
 * (case-insensitive) or, failing that, by its header row. Files are read as a council would expect:
 * a byte-order mark, CRLF, blank rows, spaces around values, lower-case codes and column names are
 * all fine; UTF-16 (Excel's "Unicode text") is decoded too.
 */
import { parse } from 'csv-parse/sync'
import { assemble903 } from './assemble.ts'
import type { RawTable } from './assemble.ts'
import { findingFields, normaliseColumn, recogniseTable, requiredColumns, TABLES } from './tables.ts'
import type { TableName } from './tables.ts'
import type { Parsed903, RowFinding } from './types.ts'

export interface Upload903File {
  /** The file's name as uploaded: 'header.csv', 'Episodes.CSV', 'extract/uasc.csv'. */
  name: string
  content: string | Uint8Array
}

function decode(content: string | Uint8Array): string {
  if (typeof content === 'string') return content
  if (content[0] === 0xff && content[1] === 0xfe) return new TextDecoder('utf-16le').decode(content)
  if (content[0] === 0xfe && content[1] === 0xff) return new TextDecoder('utf-16be').decode(content)
  // TextDecoder drops a UTF-8 byte-order mark; bytes that are not UTF-8 become U+FFFD (and then a
  // code or date that is not valid, reported as such) rather than stopping the import.
  return new TextDecoder('utf-8').decode(content)
}

// Empty lines and rows of empty cells are kept (and skipped below) so that, without quotes, record i
// is line i + 1. Every line ending is one, even mixed in a file (csv-parse otherwise keeps to the
// first it meets, and a file of CRLF and LF lines would run rows together).
const CSV_OPTIONS = {
  bom: true,
  trim: true,
  relax_column_count: true,
  relax_quotes: true,
  record_delimiter: ['\r\n', '\n', '\r'],
}

function isBlank(record: readonly string[]): boolean {
  for (const cell of record) if (cell.trim() !== '') return false
  return true
}

function fileFinding(file: string, table: TableName | null, rule: string, severity: RowFinding['severity'], columns: string[], message: string): RowFinding {
  return { table, file, rowNumber: null, childId: null, rule, severity, fields: findingFields(columns), message }
}

/** Reads the files of one upload. Never throws on file content: every problem is a finding. */
export function parse903Csv(files: ReadonlyArray<Upload903File>): Parsed903 {
  const tables: RawTable[] = []
  const findings: RowFinding[] = []
  const seen = new Map<TableName, string>()

  for (const file of files) {
    const text = decode(file.content)
    // Row numbers: when no field is quoted, each record is one line and its index gives its line;
    // only files with quotes (where a field may hold a line break) need csv-parse's per-record info,
    // which costs a third more time.
    const quoted = text.includes('"')
    let records: string[][]
    let lines: number[] | null = null
    try {
      if (quoted) {
        const withInfo = parse(text, { ...CSV_OPTIONS, info: true }) as Array<{ record: string[]; info: { lines: number } }>
        records = withInfo.map((r) => r.record)
        lines = withInfo.map((r) => r.info.lines)
      } else {
        records = parse(text, CSV_OPTIONS) as string[][]
      }
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e)
      findings.push(fileFinding(file.name, null, 'FILE-UNREADABLE', 'error', [], `${file.name} could not be read as CSV: ${why}`))
      continue
    }
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
          `${file.name} is not one of the 903 files (header.csv, episodes.csv, ...) and its columns (${columns.join(', ') || 'none'}) match no 903 table.`
        )
      )
      continue
    }
    const earlier = seen.get(table)
    if (earlier !== undefined) {
      findings.push(fileFinding(file.name, table, 'FILE-DUPLICATE', 'error', [], `${file.name} holds the ${table} table, which ${earlier} already gave: send each table once.`))
      continue
    }
    seen.set(table, file.name)
    const missing = requiredColumns(table).filter((c) => !columns.includes(c))
    if (missing.length > 0) {
      findings.push(
        fileFinding(file.name, table, 'COLUMN-MISSING', 'error', missing, `${file.name} (${table}) has no ${missing.join(', ')} column${missing.length > 1 ? 's' : ''}: the file was not read.`)
      )
      continue
    }
    const def = TABLES[table]
    const unknown = columns.filter((c) => c !== '' && !def.columns.includes(c) && !def.extra.includes(c))
    if (unknown.length > 0) {
      findings.push(fileFinding(file.name, table, 'COLUMN-UNKNOWN', 'warning', unknown, `${file.name} (${table}): column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} ignored.`))
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
    tables.push({ table, file: file.name, columns, rows, rowNumbers })
  }
  return assemble903({ format: 'csv', tables, findings })
}
