/**
 * CSV (RFC 4180) for spreadsheet and Power BI users: a header row, CRLF line ends, fields quoted when
 * they hold a comma, quote or line break. A text cell that a spreadsheet would read as a formula
 * (starting =, +, -, @, tab or CR) is prefixed with an apostrophe; numbers are written as numbers.
 */
export type CsvCell = string | number | boolean | null | undefined

const FORMULA = /^[=+\-@\t\r]/

function cell(v: CsvCell): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : ''
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  const s = FORMULA.test(v) ? `'${v}` : v
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export function toCsv(columns: readonly string[], rows: ReadonlyArray<Readonly<Record<string, CsvCell>>>): string {
  const lines = [columns.map(cell).join(',')]
  for (const row of rows) lines.push(columns.map((c) => cell(row[c])).join(','))
  return lines.join('\r\n') + '\r\n'
}
