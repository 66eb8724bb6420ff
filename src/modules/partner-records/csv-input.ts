import { Readable } from 'node:stream'
import type { TObject, TSchema } from '@sinclair/typebox'
import { CsvError, parse } from 'csv-parse'
import { parse903Date } from '../../domain/ssda903/dates.ts'
import { HttpProblem, type FieldError } from '../../http/problem.ts'

/**
 * Partner records sent as a CSV file: one column per field of the JSON record, a row per record. The
 * file is read as a data officer's tools write it (a byte-order mark, CRLF, UTF-16 from Excel, blank
 * rows, spaces around values, headers in any case and spacing: `Record ID`, `record_id`, `recordId`),
 * and each cell becomes the JSON value its field's schema asks for: dates as YYYY-MM-DD or
 * DD/MM/YYYY, yes/no for booleans, a list of dates separated by `;`, and a kind's usual words for its
 * coded fields (IHA for initial_health_assessment). What comes out is checked by the same schema and
 * rules as a JSON record.
 */

type CellType = { kind: 'text' | 'date' | 'integer' | 'number' | 'boolean' | 'dates' } | { kind: 'choice'; values: ReadonlyMap<string, string>; listed: string }

interface CsvField {
  name: string
  type: CellType
}

/** Other words a sender may use for a coded field's values, by field: `{ kind: { IHA: 'initial_health_assessment' } }`. */
export type CsvWords = Readonly<Record<string, Readonly<Record<string, string>>>>

export interface CsvFormat {
  /** What a row is, for messages: 'health check'. */
  noun: string
  /** The fields by header key. */
  fields: ReadonlyMap<string, CsvField>
  /** The columns in the record's order, as the docs and messages list them. */
  columns: readonly string[]
}

/** One data row: its line in the file, the record its cells make, and the cells that could not be read. */
export interface CsvRow {
  line: number
  record: Record<string, unknown>
  errors: Array<{ field: string; message: string }>
}

/** 'Record ID', 'record_id', 'RecordId' -> 'recordid': how headers and coded words are matched. */
export const headerKey = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '')

const MAX_QUOTED = 40

const typesOf = (s: TSchema): string[] => {
  const t: unknown = s.type
  return (Array.isArray(t) ? t : [t]).filter((x): x is string => typeof x === 'string' && x !== 'null')
}

/** A field's cell type, read off its schema (a type list with null is the type). */
function cellTypeOf(name: string, s: TSchema, words: CsvWords): CellType {
  // A choice: a union of literals, or (a nullable one, as NullOr writes it) a list of values with null.
  const choices: unknown[] =
    (s.anyOf as TSchema[] | undefined)?.map((a): unknown => a.const) ?? (Array.isArray(s.enum) ? (s.enum as unknown[]).filter((v) => v !== null) : [])
  if (choices.length > 0 && choices.every((c): c is string => typeof c === 'string')) {
    const values = new Map<string, string>()
    for (const c of choices) values.set(headerKey(c), c)
    for (const [word, value] of Object.entries(words[name] ?? {})) values.set(headerKey(word), value)
    return { kind: 'choice', values, listed: choices.join(', ') }
  }
  const [type] = typesOf(s)
  if (type === 'array') return { kind: 'dates' }
  if (type === 'integer') return { kind: 'integer' }
  if (type === 'number') return { kind: 'number' }
  if (type === 'boolean') return { kind: 'boolean' }
  if (s.format === 'date') return { kind: 'date' }
  return { kind: 'text' }
}

// Other headers extracts give the child's identifiers, by header key: the field each means.
const IDENTIFIER_HEADERS: Readonly<Record<string, string>> = { nhs: 'nhsNumber', nhsno: 'nhsNumber', uniquepupilnumber: 'upn' }

/** The CSV form of a kind's record schema. */
export function csvFormat(record: TObject, noun: string, words: CsvWords = {}): CsvFormat {
  const fields = new Map<string, CsvField>()
  for (const [name, s] of Object.entries(record.properties)) fields.set(headerKey(name), { name, type: cellTypeOf(name, s, words) })
  for (const [header, name] of Object.entries(IDENTIFIER_HEADERS)) {
    const field = fields.get(headerKey(name))
    if (field) fields.set(header, field)
  }
  return { noun, fields, columns: Object.keys(record.properties) }
}

// Month names as exports write them: in full, in three letters, and Sept.
const MONTHS = new Map<string, number>([['sept', 9]])
for (const [i, name] of ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'].entries()) {
  MONTHS.set(name, i + 1).set(name.slice(0, 3), i + 1)
}
const NAMED_MONTH = /^(\d{1,2})[ -]([a-z]{3,9})[ -](\d{4})$/i

/**
 * A date cell: YYYY-MM-DD or DD/MM/YYYY (with a midnight time, as spreadsheets add), or a day, a month
 * named and a four-digit year ('14 May 2025', '14-Sept-2025'), as NHS systems often export. Never
 * MM/DD/YYYY: 03/04/2025 is the 3rd of April.
 */
export function readDateCell(cell: string): string | null {
  const iso = parse903Date(cell)
  if (iso !== null) return iso
  const m = NAMED_MONTH.exec(cell.trim())
  if (!m) return null
  const month = MONTHS.get((m[2] ?? '').toLowerCase())
  return month === undefined ? null : parse903Date(`${m[1]}/${month}/${m[3]}`)
}

const YES = new Set(['true', 'yes', 'y', '1'])
const NO = new Set(['false', 'no', 'n', '0'])

/** A cell as its field's JSON value; undefined for a blank cell (a field left out). */
function cellValue(type: CellType, raw: string): { value: unknown } | { error: string } {
  const cell = raw.trim()
  switch (type.kind) {
    case 'text':
      return { value: cell }
    case 'date': {
      const iso = readDateCell(cell)
      return iso ? { value: iso } : { error: 'is not a date: write YYYY-MM-DD, DD/MM/YYYY or 14 May 2025' }
    }
    case 'dates': {
      const list = cell
        .split(/[;|]/)
        .map((d) => d.trim())
        .filter(Boolean)
      const dates = list.map(readDateCell)
      return dates.every((d) => d !== null) ? { value: dates } : { error: 'is not a list of dates: write YYYY-MM-DD or DD/MM/YYYY, separated by ;' }
    }
    case 'integer':
      return /^[+-]?\d{1,9}$/.test(cell) ? { value: Number(cell) } : { error: 'is not a whole number' }
    case 'number':
      // A decimal point only: a decimal comma would read as two cells, and 1e3 is no one's score.
      return /^[+-]?\d{1,9}(\.\d{1,9})?$/.test(cell) ? { value: Number(cell) } : { error: 'is not a number (digits, with a decimal point)' }
    case 'boolean': {
      const word = cell.toLowerCase()
      return YES.has(word) ? { value: true } : NO.has(word) ? { value: false } : { error: 'is not yes or no (also true/false, Y/N, 1/0)' }
    }
    case 'choice': {
      const value = type.values.get(headerKey(cell))
      return value !== undefined ? { value } : { error: `is not one of ${type.listed}` }
    }
  }
}

/** The header row's cells -> each column's field (null: a column with no name, ignored), or the 400 naming what is wrong. */
function readHeader(cells: readonly string[], format: CsvFormat, line: number): Array<CsvField | null> {
  const errors: FieldError[] = []
  const seen = new Set<string>()
  const columns = cells.map((cell) => {
    const name = cell.trim()
    if (name === '') return null
    const field = format.fields.get(headerKey(name))
    if (!field) {
      errors.push({ in: 'body', pointer: `/header/${name.slice(0, MAX_QUOTED)}`, message: `is not a field of a ${format.noun} (line ${line})` })
      return null
    }
    if (seen.has(field.name)) errors.push({ in: 'body', pointer: `/header/${field.name}`, message: `is given twice (line ${line})` })
    seen.add(field.name)
    return field
  })
  if (errors.length) {
    throw new HttpProblem(
      400,
      'bad-csv-header',
      `The file's header names columns a ${format.noun} does not have, or one twice. The columns are: ${format.columns.join(', ')}.`,
      errors.slice(0, 100),
    )
  }
  return columns
}

/** Each data row's cells as a record (blank rows skipped); the file's header is the first row with a value. */
function rowOf(cells: readonly string[], columns: ReadonlyArray<CsvField | null>, line: number): CsvRow {
  const row: CsvRow = { line, record: {}, errors: [] }
  if (cells.length !== columns.length) {
    row.errors.push({
      field: '',
      message: `has ${cells.length} cells where the header has ${columns.length}: a value holds an unquoted comma, or the row was cut`,
    })
    return row
  }
  cells.forEach((cell, i) => {
    const field = columns[i]
    if (!field || cell.trim() === '') return
    const read = cellValue(field.type, cell)
    if ('error' in read) row.errors.push({ field: field.name, message: read.error })
    else row.record[field.name] = read.value
  })
  return row
}

const isBlank = (cells: readonly string[]) => cells.every((c) => c.trim() === '')

// Rows are handed over as they are parsed; every so many, the event loop gets a turn (a file of
// 100,000 rows must not hold the service's other requests).
const YIELD_EVERY = 1000
const CHUNK = 64 * 1024

/**
 * Reads a partner CSV file into its rows. A file that cannot be read as the whole of what was sent
 * (a quote left open at the end, a last line cut short: no line break after it and fewer cells than
 * the header) is a 422 naming the line; a header naming no field of the record, or one twice, a 400.
 * Everything else is per row.
 */
export async function readPartnerCsv(text: string, format: CsvFormat): Promise<CsvRow[]> {
  const parser = parse({ bom: true, relax_column_count: true, relax_quotes: true, record_delimiter: ['\r\n', '\n', '\r'], info: true })
  const input = Readable.from(
    (function* () {
      for (let at = 0; at < text.length; at += CHUNK) yield text.slice(at, at + CHUNK)
    })(),
  )
  let columns: Array<CsvField | null> | null = null
  const rows: CsvRow[] = []
  let last: { cells: string[]; line: number } | null = null
  try {
    for await (const { record, info } of input.pipe(parser) as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (isBlank(record)) continue
      last = { cells: record, line: info.lines }
      if (columns === null) {
        columns = readHeader(record, format, info.lines)
        continue
      }
      rows.push(rowOf(record, columns, info.lines))
      if (rows.length % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve))
    }
  } catch (e) {
    if (!(e instanceof CsvError)) throw e
    const line = (e as CsvError & { lines?: number }).lines
    const why = e.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted value is never closed: the file was cut off' : 'it is not valid CSV'
    throw new HttpProblem(422, 'unreadable-csv', `The file could not be read${line ? ` at line ${line}` : ''}: ${why}. Nothing was stored.`)
  }
  if (columns === null)
    throw new HttpProblem(400, 'empty-csv', `The file holds no header row: its first line names the columns (${format.columns.join(', ')}).`)
  const cut = last !== null && rows.length > 0 && last.cells.length < columns.length && !/[\r\n]$/.test(text)
  if (cut) {
    throw new HttpProblem(
      422,
      'body-truncated',
      `The file ends inside line ${last?.line}: it has fewer cells than the header and no line break, so the file was cut off. Nothing was stored; send it again whole.`,
    )
  }
  return rows
}
