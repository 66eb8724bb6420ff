/** Validating a return the DfE's way: every rule of the year over the tables as given. */
import type { RawReturn, RawTable } from '../ssda903/assemble.ts'
import { read903CsvTables, read903XmlTables } from '../ssda903/index.ts'
import type { Upload903File } from '../ssda903/index.ts'
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
 * The tables of an XML return as the validator holds them: the header carries the UASC flag and
 * DUC, and the validator makes its UASC table from the children whose UASC element is filled in
 * (CHILD, SEX, DOB, DUC), as the CSV set's uasc.csv.
 */
export function xmlReturnTables(raw: readonly RawTable[]): ReturnTables {
  const out = returnTables(raw)
  const header = out.Header
  if (header !== undefined && header.columns.includes('UASC')) {
    const rows = header.rows
      .filter((r) => (r['UASC'] ?? null) !== null)
      .map((r) => ({ CHILD: r['CHILD'] ?? null, SEX: r['SEX'] ?? null, DOB: r['DOB'] ?? null, DUC: r['DUC'] ?? null }))
    out.UASC = { columns: ['CHILD', 'SEX', 'DOB', 'DUC'], rows }
  }
  return out
}

const looksLikeXml = (f: Upload903File): boolean => {
  if (/\.xml$/i.test(f.name)) return true
  const head = (typeof f.content === 'string' ? f.content.slice(0, 200) : new TextDecoder('utf-8').decode(f.content.subarray(0, 200))).replace(/^\uFEFF/, '')
  return head.trimStart().startsWith('<')
}

export interface ReadReturn {
  tables: ReturnTables
  /** Why the files cannot be validated (unreadable, not 903 tables, an XML with other files): none when read. */
  errors: string[]
}

/**
 * One return's files as the validator reads them: the CSV set (any subset) or one XML return
 * (recognised by its name or its first character), with the readers the import uses.
 */
export function readReturnFiles(files: readonly Upload903File[]): ReadReturn {
  const xml = files.filter(looksLikeXml)
  if (xml.length > 0 && files.length > 1) {
    return { tables: {}, errors: [`An XML return is the whole return: send ${xml[0]?.name} alone, not with other files.`] }
  }
  const only = xml[0]
  const raw: RawReturn =
    only === undefined
      ? read903CsvTables(files)
      : only.unreadable !== undefined
        ? { format: 'xml', tables: [], findings: [] }
        : read903XmlTables(only.content, only.name)
  const errors = raw.findings.filter((f) => f.severity === 'error').map((f) => f.message)
  if (only?.unreadable !== undefined) errors.push(`${only.name} could not be read: ${only.unreadable}.`)
  return { tables: only === undefined ? returnTables(raw.tables) : xmlReturnTables(raw.tables), errors }
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

export interface UploadValidation {
  year: number
  /** The form field whose files cannot be validated, and why; null when both parts were read. */
  unreadable: { field: 'files' | 'previous'; errors: string[] } | null
  /** Rows and children flagged by each rule of the year's set, in its order. */
  counts: Array<{ rows: number; children: number }>
  findingCount: number
  /** The first `limit` findings, in validateReturn's order. */
  findings: Finding[]
}

/**
 * A return as uploaded, read and validated in one step: what POST .../validate answers, small enough
 * to send back from the rules' thread whatever the number of findings (a page of them and the counts).
 */
export function validateUpload(files: readonly Upload903File[], previousFiles: readonly Upload903File[], year: number, limit: number): UploadValidation {
  const none = { year, counts: [], findingCount: 0, findings: [] }
  const current = readReturnFiles(files)
  if (current.errors.length > 0) return { ...none, unreadable: { field: 'files', errors: current.errors } }
  let previous: ReturnTables | null = null
  if (previousFiles.length > 0) {
    const read = readReturnFiles(previousFiles)
    if (read.errors.length > 0) return { ...none, unreadable: { field: 'previous', errors: read.errors } }
    previous = read.tables
  }
  const result = validateReturn(current.tables, year, rulesForYear(year), previous)
  return {
    year,
    unreadable: null,
    counts: result.rules.map((r) => ({ rows: r.rows, children: r.children })),
    findingCount: result.findings.length,
    findings: result.findings.slice(0, limit),
  }
}
