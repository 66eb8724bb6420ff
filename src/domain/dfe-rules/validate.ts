/** Validating a return the DfE's way: every rule of the year over the tables as given. */
import type { RawTable } from '../ssda903/assemble.ts'
import type { TableName } from '../ssda903/tables.ts'
import { ReturnContext } from './context.ts'
import { rulesForYear } from './registry.ts'
import type { Cell, DfeRule, Finding, ReturnTables, Row } from './types.ts'

export interface RuleResult {
  rule: DfeRule
  /** Rows flagged, over all tables. */
  rows: number
  /** Distinct children of the rows flagged. */
  children: number
}

export interface ReturnValidation {
  year: number
  rules: RuleResult[]
  findings: Finding[]
}

/**
 * The raw tables of a 903 read (read903CsvTables) as the validator holds them: cells trimmed and
 * upper-cased (the validator upper-cases every value it reads), blanks null, row i of a table the
 * file's i-th data row.
 */
export function returnTables(raw: readonly RawTable[]): ReturnTables {
  const out: ReturnTables = {}
  for (const t of raw) {
    const rows: Row[] = t.rows.map((cells) => {
      const row: Record<string, string | null> = {}
      for (let c = 0; c < t.columns.length; c++) {
        const v = (cells[c] ?? '').trim()
        row[t.columns[c] as string] = v === '' ? null : v.toUpperCase()
      }
      return row
    })
    out[t.table] = { columns: t.columns, rows }
  }
  return out
}

/**
 * Every rule of the year's set over the return; findings in rule order, then table, then row. A rule
 * that reads the previous year's return (previousYear) sees `previous` when given, none otherwise.
 */
export function validateReturn(
  tables: ReturnTables,
  year: number,
  rules: readonly DfeRule[] = rulesForYear(year),
  previous: ReturnTables | null = null,
): ReturnValidation {
  const ctx = new ReturnContext(tables, year, previous)
  const findings: Finding[] = []
  const results: RuleResult[] = []
  for (const rule of rules) {
    const flags = rule.check(ctx)
    let rows = 0
    const children = new Set<string>()
    for (const [table, indexes] of Object.entries(flags) as Array<[TableName, Iterable<number>]>) {
      const t = tables[table]
      if (t === undefined) continue
      const inTable = rule.fields.filter((f) => t.columns.includes(f))
      const fields = inTable.length > 0 ? inTable : rule.fields
      for (const i of [...new Set(indexes)].sort((a, b) => a - b)) {
        const row = t.rows[i] ?? {}
        const childId = row['CHILD'] ?? null
        const values: Record<string, Cell> = {}
        for (const f of inTable) values[f] = row[f] ?? null
        findings.push({ rule: rule.code, table, rowIndex: i, childId, fields, values })
        rows++
        if (childId !== null) children.add(childId)
      }
    }
    results.push({ rule, rows, children: children.size })
  }
  return { year, rules: results, findings }
}
