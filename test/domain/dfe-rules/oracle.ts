/**
 * The DfE validator's own findings on the public fake 903 set (test/fixtures/ssda903-fake/dfe-validator),
 * and the fake set read as a return: what the oracle test and the rules' tests compare with.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { parse } from 'csv-parse/sync'
import { returnTables } from '../../../src/domain/dfe-rules/index.ts'
import type { ReturnTables } from '../../../src/domain/dfe-rules/index.ts'
import { read903CsvTables } from '../../../src/domain/ssda903/index.ts'

const FAKE = new URL('../../fixtures/ssda903-fake/', import.meta.url)
const ORACLE = new URL('dfe-validator/', FAKE)

export interface OracleRule {
  code: string
  message: string
  rows: number
  status: string
  stub: string
  tables: string[]
}

/** The fake CSV set's files, as uploaded. */
export function fakeFiles(): Array<{ name: string; content: Buffer }> {
  return readdirSync(FAKE)
    .filter((f) => f.endsWith('.csv'))
    .map((name) => ({ name, content: readFileSync(new URL(name, FAKE)) }))
}

/** The fake CSV set as the validator reads it. */
export function fakeReturn(): ReturnTables {
  const raw = read903CsvTables(fakeFiles())
  if (raw.findings.some((f) => f.severity === 'error')) throw new Error(`fake set unreadable: ${JSON.stringify(raw.findings)}`)
  return returnTables(raw.tables)
}

export function oracleRules(year: number): Map<string, OracleRule> {
  const rows = parse(readFileSync(new URL(`fake-csv-${year}-by-rule.csv`, ORACLE)), { columns: true }) as Array<Record<string, string>>
  return new Map(
    rows.map((r) => [
      r['rule_code'] as string,
      {
        code: r['rule_code'] as string,
        message: r['message'] as string,
        rows: Number(r['rows_flagged']),
        status: r['status'] as string,
        stub: r['stub_dependency'] as string,
        tables: (r['declared_tables'] as string).split(';'),
      },
    ]),
  )
}

/** The validator's flagged rows per rule, as 'Table:rowIndex'. */
export function oracleFindings(year: number): Map<string, Set<string>> {
  const text = gunzipSync(readFileSync(new URL(`fake-csv-${year}-findings.csv.gz`, ORACLE)))
  const rows = parse(text, { columns: true }) as Array<Record<string, string>>
  const out = new Map<string, Set<string>>()
  for (const r of rows) {
    const code = r['rule_code'] as string
    let set = out.get(code)
    if (set === undefined) out.set(code, (set = new Set()))
    set.add(`${r['table']}:${r['row_index']}`)
  }
  return out
}
