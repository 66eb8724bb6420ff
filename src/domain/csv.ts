/**
 * The one CSV writer (RFC 4180): a header row, CRLF after every line (the last too), a field quoted
 * when it holds a comma, quote or line break or begins or ends with white space (readers that trim
 * would lose it otherwise). Blank for null; numbers as numbers (blank when not finite).
 *
 * Text a spreadsheet would run as a formula (starting =, +, -, @, tab or CR) is prefixed with an
 * apostrophe, unless the file is for a machine that must get the values exactly (the 903 files).
 */
export type CsvCell = string | number | boolean | null | undefined

export interface CsvOptions {
  /** Prefix formula-like text with an apostrophe. Default true: files people open in a spreadsheet. */
  guardFormulas?: boolean
  /** Booleans as 'true'/'false' (default) or '1'/'0' (the 903's flags). */
  booleans?: 'words' | 'digits'
}

const FORMULA = /^[=+\-@\t\r]/
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/

function cellOf(v: CsvCell, options: CsvOptions): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : ''
  if (typeof v === 'boolean') return options.booleans === 'digits' ? (v ? '1' : '0') : v ? 'true' : 'false'
  const s = options.guardFormulas !== false && FORMULA.test(v) ? `'${v}` : v
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** A CSV of rows given as arrays in column order. */
export function csvOfRows(columns: readonly string[], rows: Iterable<readonly CsvCell[]>, options: CsvOptions = {}): string {
  let out = `${columns.map((c) => cellOf(c, options)).join(',')}\r\n`
  for (const row of rows) out += `${row.map((v) => cellOf(v, options)).join(',')}\r\n`
  return out
}

/** A CSV of rows given as records: each column is read by its name; a missing one is blank. */
export function toCsv(columns: readonly string[], rows: ReadonlyArray<Readonly<Partial<Record<string, CsvCell>>>>, options: CsvOptions = {}): string {
  return csvOfRows(
    columns,
    rows.map((r) => columns.map((c) => r[c])),
    options,
  )
}
