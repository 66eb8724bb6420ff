/** Hand-made returns for the rules on the previous year: one rule of a year on this year's rows and last year's. */
import { rulesForYear, validateReturn } from '../../../src/domain/dfe-rules/index.ts'
import type { ReturnTables } from '../../../src/domain/dfe-rules/index.ts'
import type { TableName } from '../../../src/domain/ssda903/index.ts'

export type Rows = Partial<Record<TableName, Array<Record<string, string | null>>>>

/** A return of these rows (columns taken from the rows). */
export function ret(tables: Rows): ReturnTables {
  const out: ReturnTables = {}
  for (const [name, rows] of Object.entries(tables) as Array<[TableName, Array<Record<string, string | null>>]>)
    out[name] = { columns: [...new Set(rows.flatMap((r) => Object.keys(r)))], rows }
  return out
}

/** The rows one rule flags ('Table:index'), with last year's return or none. */
export const run = (code: string, year: number, now: Rows, last: Rows | null): string[] => {
  const rule = rulesForYear(year).find((r) => r.code === code)
  if (rule === undefined) throw new Error(`${code} not in ${year}`)
  return validateReturn(ret(now), year, [rule], last === null ? null : ret(last)).findings.map((f) => `${f.table}:${f.rowIndex}`)
}
