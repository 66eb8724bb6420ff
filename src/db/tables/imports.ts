import type { ColumnType } from 'kysely'
import type { CreatedAt, Timestamp } from '../types.ts'

export interface TableCounts {
  inserted: number
  updated: number
  deleted: number
  unchanged: number
  rejected: number
}

export interface ImportRunsTable {
  id: ColumnType<string, string | undefined, never>
  la: string
  clientId: string | null
  requestId: string | null
  format: 'json' | 'ssda903-csv' | 'ssda903-xml' | 'revert'
  mode: 'snapshot' | 'delta'
  strict: boolean
  status: 'running' | 'succeeded' | 'failed'
  changed: boolean | null
  counts: ColumnType<Record<string, TableCounts>, string | undefined, string>
  errorCount: ColumnType<number, number | undefined, number>
  warningCount: ColumnType<number, number | undefined, number>
  message: string | null
  startedAt: CreatedAt
  finishedAt: Timestamp | null
  durationMs: number | null
  /** The 32-bit id of the transaction that applied the run: rows that still carry it are as it left them. */
  xid: ColumnType<string | null, string | null | undefined, string | null>
  /** What the run replaced is kept until then; null when nothing is kept. */
  undoUntil: Timestamp | null
  /** For a revert: the run it undid. */
  reverts: string | null
  /** The revert that undid this run. */
  revertedBy: string | null
  /** How a snapshot deleting more than the guard allows was confirmed ('allowShrink', or the counts). */
  shrinkConfirmed: string | null
  /** The DfE rules' findings the run made and resolved, per collection year (null: none refreshed). */
  dataQuality: ColumnType<DataQualityRunCounts[] | null, string | null | undefined, string | null>
}

/** What one import did to an authority-year's findings (src/modules/data-quality/refresh.ts). */
export interface DataQualityRunCounts {
  year: number
  newFindings: number
  resolvedFindings: number
  openFindings: number
}

export interface ImportUndoTable {
  runId: string
  seq: ColumnType<string, never, never>
  tableName: string
  op: 'i' | 'u' | 'd'
  rows: ColumnType<unknown, string, string>
}

export interface ImportFindingsTable {
  runId: string
  seq: number
  tableName: string
  rowNumber: number | null
  childId: string | null
  rule: string
  severity: 'error' | 'warning'
  fields: string[]
  message: string
}
