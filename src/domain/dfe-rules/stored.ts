/**
 * The DfE rules over the service's own data: the return the export would send (build903Csv, read back
 * as the validate endpoint reads an upload, so row i of a table is the export file's row i), and each
 * finding given an identity that survives rows moving (its row index does not), for the findings kept
 * between imports and the acknowledgements made against them.
 */
import { createHash } from 'node:crypto'
import { build903Csv, type Export903Child } from '../ssda903/export-csv.ts'
import { read903CsvTables } from '../ssda903/parse-csv.ts'
import type { TableName } from '../ssda903/tables.ts'
import { rulesForYear } from './registry.ts'
import type { DfeRule, Finding, ReturnTable, ReturnTables } from './types.ts'
import { returnTables, validateReturn, type ReturnValidation } from './validate.ts'

/** A year's return from the stored data, exactly as GET .../exports/ssda903?year= writes it. */
export function exportedReturn(children: Iterable<Export903Child>, year: number): ReturnTables {
  const files = build903Csv(children, year)
  const raw = read903CsvTables(Object.entries(files).map(([name, content]) => ({ name, content })))
  // The export always reads back (a test holds it to that): an error here is the service's fault.
  const error = raw.findings.find((f) => f.severity === 'error')
  if (error) throw new Error(`the ${year} export does not read back: ${error.message}`)
  return returnTables(raw.tables)
}

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
