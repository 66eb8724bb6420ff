/**
 * The DfE's 903 validation rules over a return as given: every table's rows as the strings in the
 * files, each row known by its 0-based index within its table (the validator's row_index).
 */
import type { TableName } from '../ssda903/tables.ts'
import type { ReturnContext } from './context.ts'

/** A cell as the validator sees it: trimmed and upper-cased; null when blank. */
export type Cell = string | null

export type Row = Readonly<Record<string, Cell>>

export interface ReturnTable {
  readonly columns: readonly string[]
  readonly rows: readonly Row[]
}

/** The tables of one return; a table the sender did not send is absent. */
export type ReturnTables = Partial<Record<TableName, ReturnTable>>

/** Rows a rule flags, per table, by row index (duplicates allowed: they are counted once). */
export type Flags = Partial<Record<TableName, Iterable<number>>>

export interface Finding {
  rule: string
  table: TableName
  rowIndex: number
  childId: string | null
  fields: readonly string[]
  /** The flagged row's values of those fields (blank: null). */
  values: Readonly<Record<string, Cell>>
}

/**
 * One DfE rule in the form it has in a span of collection years (named by the year they end in: 2025
 * is 2024-25). A rule the DfE changed in a year is two of these with the same code.
 */
export interface DfeRule {
  code: string
  message: string
  tables: readonly TableName[]
  fields: readonly string[]
  /** First and last collection year this form applies in (to null: still in force). */
  from: number
  to: number | null
  /** The rule reads the previous collection year's return too (ReturnContext.previous). */
  previousYear?: boolean
  check(ctx: ReturnContext): Flags
}
