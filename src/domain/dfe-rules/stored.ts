/**
 * The DfE rules over the service's own data: the return the export would send (build903Csv, read back
 * as the validate endpoint reads an upload, so row i of a table is the export file's row i), and each
 * finding given an identity that survives rows moving (its row index does not), for the findings kept
 * between imports and the acknowledgements made against them.
 */
import { createHash } from 'node:crypto'
import type { CsvCell } from '../csv.ts'
import { build903Tables, type Export903Child, type ExportFile } from '../ssda903/export-csv.ts'
import { TABLES, type TableName } from '../ssda903/tables.ts'
import { rulesForYear } from './registry.ts'
import type { Cell, DfeRule, Finding, ReturnTable, ReturnTables, Row } from './types.ts'
import { validateReturn, type ReturnValidation } from './validate.ts'

/**
 * A year's return from the stored data, exactly as GET .../exports/ssda903?year= writes it: the
 * export's rows (build903Tables), each cell the string its CSV file holds, read as the validator reads
 * a file (returnTables: trimmed, upper-cased, blank null). The same as writing the files and reading
 * them back, without the text (a test holds the two equal).
 */
export function exportedReturn(children: Iterable<Export903Child>, year: number): ReturnTables {
  const files = build903Tables(children, year)
  const out: ReturnTables = {}
  for (const name of TABLE_NAMES) {
    const file = files[TABLES[name].fileName as ExportFile]
    const columns = file.columns
    const rows: Row[] = file.rows.map((cells) => {
      const row: Record<string, Cell> = {}
      for (let c = 0; c < columns.length; c++) {
        const v = textOf(cells[c]).trim()
        row[columns[c] as string] = v === '' ? null : v.toUpperCase()
      }
      return row
    })
    out[name] = { columns, rows }
  }
  return out
}

/** A cell as the 903 CSV writer writes it (flags as 1/0, no formula guard), unquoted. */
function textOf(v: CsvCell): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : ''
  if (typeof v === 'boolean') return v ? '1' : '0'
  return v
}

const TABLE_NAMES = Object.keys(TABLES) as TableName[]

/**
 * The columns that tell a child's rows of a table apart, beside CHILD: a row keeps its identity when
 * rows before it come or go. Tables of one row per child need none.
 */
export const ROW_KEY_COLUMNS: Readonly<Record<TableName, readonly string[]>> = Object.freeze({
  Header: [],
  UASC: [],
  OC2: [],
  OC3: [],
  AD1: [],
  PrevPerm: [],
  Episodes: ['DECOM'],
  Reviews: ['REVIEW'],
  Missing: ['MIS_START'],
  PlacedAdoption: ['DATE_PLACED'],
  SWEpisodes: ['SW_DECOM', 'SW_ID'],
})

/**
 * Each row's identity within its child: the key columns' values ('-' for a one-row table), and '#n'
 * for the n-th row of the child with the same values (two reviews on one day). A row with no CHILD is
 * known by its index.
 */
export function rowKeys(name: TableName, table: ReturnTable): string[] {
  const columns = ROW_KEY_COLUMNS[name]
  const seen = new Map<string, number>()
  return table.rows.map((row, i) => {
    const child = row['CHILD'] ?? null
    if (child === null) return `@${i}`
    const key = columns.length === 0 ? '-' : columns.map((c) => row[c] ?? '').join('|')
    const n = (seen.get(`${child}\u0000${key}`) ?? 0) + 1
    seen.set(`${child}\u0000${key}`, n)
    return n === 1 ? key : `${key}#${n}`
  })
}

/** What an acknowledgement is bound to: a hash of the finding's fields and their values. */
export function valuesHash(values: Readonly<Record<string, string | null>>): string {
  const text = JSON.stringify(
    Object.keys(values)
      .sort()
      .map((k) => [k, values[k] ?? null]),
  )
  return createHash('sha256').update(text).digest('hex').slice(0, 32)
}

export interface KeyedFinding extends Finding {
  rowKey: string
  valuesHash: string
  /** The rule's place in the year's set: findings are listed in rule order, then table, then row. */
  ruleSeq: number
}

/** A year's rule codes in order: what the stored findings were computed with (a new rule means recompute). */
export function rulesetOf(year: number): string {
  return createHash('sha256')
    .update(
      rulesForYear(year)
        .map((r) => `${r.code}:${r.from}`)
        .join(','),
    )
    .digest('hex')
    .slice(0, 16)
}

/** Whether any rule of the year reads the previous year's return. */
export const needsPreviousYear = (rules: readonly DfeRule[]): boolean => rules.some((r) => r.previousYear === true)

/** Validates a return and keys each finding (rowKeys, valuesHash). */
export function keyedValidation(tables: ReturnTables, year: number, previous: ReturnTables | null = null): ReturnValidation & { keyed: KeyedFinding[] } {
  const rules = rulesForYear(year)
  const result = validateReturn(tables, year, rules, previous)
  const seqOf = new Map(rules.map((r, i) => [r.code, i]))
  const keys = new Map<TableName, string[]>()
  const keyOf = (table: TableName, rowIndex: number): string => {
    let list = keys.get(table)
    if (list === undefined) {
      list = rowKeys(table, tables[table] as ReturnTable)
      keys.set(table, list)
    }
    return list[rowIndex] as string
  }
  const keyed = result.findings.map((f) => ({
    ...f,
    rowKey: keyOf(f.table, f.rowIndex),
    valuesHash: valuesHash(f.values),
    ruleSeq: seqOf.get(f.rule) ?? 0,
  }))
  return { ...result, keyed }
}
