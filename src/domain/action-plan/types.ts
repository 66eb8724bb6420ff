/**
 * Shared vocabulary of the corporate parenting action plan (issue #9).
 *
 * The board writes its plan as a table: Ref, Action, Progress Update, Lead Officer, By When, RAG Status.
 * We keep every cell as written and add a canonical reading next to it, so nothing the board wrote is
 * lost when it is mapped.
 */
import type { Severity } from '../findings.ts'

/** Canonical action statuses. `complete_monitoring` is complete, with monitoring that carries on. */
export const actionStatuses = ['not_started', 'awaiting_start', 'in_progress', 'delayed', 'complete', 'complete_monitoring', 'obsolete'] as const

export type ActionStatus = (typeof actionStatuses)[number]

/**
 * RAG colours, with the two extra colours of the board's 2016 "BRAG" key: blue = the task has been
 * completed, grey = the action is obsolete.
 */
export const ragColours = ['blue', 'green', 'amber', 'red', 'grey'] as const

export type RagColour = (typeof ragColours)[number]

/** Columns of the board's table, plus the optional Priority column an export may carry. */
export type ColumnName = 'Ref' | 'Action' | 'Progress Update' | 'Lead Officer' | 'By When' | 'RAG Status' | 'Priority'

/** A finding's severities, and 'info' for what the board's table import only reports. */
export type FindingSeverity = Severity | 'info'

/**
 * Something the board's table import noticed and did not silently fix. It is about a cell of the
 * board's table, not a child's record, so it names the row, ref and column where a Finding names a
 * table and a child. `row` is the 1-based row of the source (for CSV the spreadsheet row: the header
 * is row 1, a blank line counts as a row; for JSON the 1-based index in the rows array, the header
 * array of an array-of-arrays being row 1).
 */
export interface TableFinding {
  severity: FindingSeverity
  code: FindingCode
  message: string
  row: number | null
  ref: string | null
  field: ColumnName | null
  /** The cell value the finding is about, as written. */
  value: string | null
}

export type FindingCode =
  | 'csv_syntax'
  | 'not_rows'
  | 'bad_row'
  | 'bad_cell'
  | 'missing_column'
  | 'unknown_column'
  | 'duplicate_column'
  | 'unknown_status'
  | 'ambiguous_status'
  | 'missing_status'
  | 'unparsed_by_when'
  | 'due_date_reset'
  | 'missing_ref'
  | 'unparsable_ref'
  | 'ref_misfit'
  | 'duplicate_ref'
  | 'duplicate_priority'
  | 'no_priority'
  | 'unknown_priority'
