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
  format: 'json' | 'ssda903-csv' | 'ssda903-xml'
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
