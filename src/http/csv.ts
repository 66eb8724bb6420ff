/**
 * CSV for spreadsheet users (RFC 4180: quoted where needed, CRLF line ends). A cell starting with
 * = + - @ is prefixed with ' so Excel does not run it as a formula.
 */
function cell(v: unknown): string {
  if (v === null || v === undefined) return ''
  let s = String(v)
  if (/^[=+\-@\t\r]/.test(s) && typeof v === 'string') s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export function toCsv<K extends string>(columns: readonly K[], rows: ReadonlyArray<Partial<Record<K, unknown>>>): string {
  const lines = [columns.join(',')]
  for (const r of rows) lines.push(columns.map((c) => cell(r[c])).join(','))
  return lines.join('\r\n') + '\r\n'
}
