/**
 * A return being validated: its tables, the collection year's dates and what several rules need,
 * worked out once (dates parsed per column, rows grouped by child) so each rule is a pass over
 * arrays, never a scan per row.
 */
import type { TableName } from '../ssda903/tables.ts'
import { dayOf, parseDmy } from './dates.ts'
import type { Cell, ReturnTables, Row } from './types.ts'

const NO_ROWS: readonly Row[] = Object.freeze([])

export class ReturnContext {
  /** 1 April and 31 March of the collection year, as day numbers. */
  readonly start: number
  readonly end: number
  private readonly dateCache = new Map<string, Float64Array>()
  private readonly childCache = new Map<TableName, Map<string, number[]>>()
  private readonly memo = new Map<string, unknown>()

  constructor(
    readonly tables: ReturnTables,
    readonly year: number,
    /** The previous collection year's return, for the rules that compare with it (null: not held). */
    readonly previous: ReturnTables | null = null,
  ) {
    this.start = dayOf(year - 1, 4, 1)
    this.end = dayOf(year, 3, 31)
  }

  /** True when every table named was sent (a rule whose tables are absent flags nothing). */
  has(...names: TableName[]): boolean {
    return names.every((n) => this.tables[n] !== undefined)
  }

  rows(name: TableName): readonly Row[] {
    return this.tables[name]?.rows ?? NO_ROWS
  }

  /** A column's cells ('' for a column the table lacks reads as blank). */
  cell(row: Row, column: string): Cell {
    return row[column] ?? null
  }

  /** A date column parsed once: NaN where blank or not a date. */
  dates(name: TableName, column: string): Float64Array {
    const key = `${name}.${column}`
    let out = this.dateCache.get(key)
    if (out === undefined) {
      const rows = this.rows(name)
      out = new Float64Array(rows.length)
      for (let i = 0; i < rows.length; i++) out[i] = parseDmy((rows[i] as Row)[column] ?? null)
      this.dateCache.set(key, out)
    }
    return out
  }

  /** Row indexes of a table by child, in table order (rows with no CHILD left out). */
  byChild(name: TableName): Map<string, number[]> {
    let out = this.childCache.get(name)
    if (out === undefined) {
      out = new Map()
      const rows = this.rows(name)
      for (let i = 0; i < rows.length; i++) {
        const c = (rows[i] as Row)['CHILD'] ?? null
        if (c === null) continue
        const list = out.get(c)
        if (list === undefined) out.set(c, [i])
        else list.push(i)
      }
      this.childCache.set(name, out)
    }
    return out
  }

  /** The first row of a child in a table (as a left merge on CHILD finds it), or -1. */
  firstOf(name: TableName, child: Cell): number {
    if (child === null) return -1
    return this.byChild(name).get(child)?.[0] ?? -1
  }

  /** Something several rules derive, worked out once per return. */
  once<T>(key: string, make: () => T): T {
    if (this.memo.has(key)) return this.memo.get(key) as T
    const v = make()
    this.memo.set(key, v)
    return v
  }
}
